package dev.loopy.cluster;

import java.util.Objects;

/**
 * Who leads the cluster, and for which term.
 *
 * <p>Immutable. Terms only grow: each election that gives the cluster a leader uses a term
 * greater than every earlier one, so a term is a fencing token. Two leaderships with the
 * same term are the same leadership.
 *
 * @param nodeId the leader's id
 * @param term the term, at least 1
 */
public record Leadership(String nodeId, long term) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code nodeId} is null
     * @throws IllegalArgumentException if {@code term} is below 1
     */
    public Leadership {
        Objects.requireNonNull(nodeId, "nodeId");
        if (term < 1) {
            throw new IllegalArgumentException("term=" + term + " (expected >= 1)");
        }
    }
}

package dev.loopy.cluster;

import dev.loopy.LoopyException;
import dev.loopy.Status;

/**
 * A registry call named a node that the registry does not hold: it never joined, or it
 * already left. Its status is {@link Status#NOT_FOUND}.
 */
public final class UnknownNodeException extends LoopyException {
    private static final long serialVersionUID = 1L;

    private final String nodeId;

    /**
     * Creates the failure.
     *
     * @param nodeId the id that was named
     * @param operation the refused call, for example {@code "heartbeat"}
     */
    public UnknownNodeException(String nodeId, String operation) {
        super(Status.NOT_FOUND, "node=" + nodeId + " is not in the registry (" + operation + ")");
        this.nodeId = nodeId;
    }

    /**
     * Returns the id that was named.
     *
     * @return the node id
     */
    public String nodeId() {
        return nodeId;
    }
}

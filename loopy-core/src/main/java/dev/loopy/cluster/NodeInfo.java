package dev.loopy.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A snapshot of one node as the registry knows it.
 *
 * <p>Immutable; a later change to the node gives a new snapshot. Times are on the loop's
 * clock, in nanoseconds.
 *
 * @param id the node's id
 * @param roles its roles
 * @param metadata its metadata
 * @param state where it stands
 * @param joinRevision the registry revision at which it joined; among active candidates the
 *     node with the smallest one is elected leader
 * @param joinedAtNs when it joined
 * @param lastHeartbeatNs when its last heartbeat (or its join) was seen
 */
public record NodeInfo(String id, Set<String> roles, Map<String, String> metadata,
        NodeState state, long joinRevision, long joinedAtNs, long lastHeartbeatNs) {
    /**
     * Checks the components and makes the collections immutable.
     *
     * @throws NullPointerException if a component is null
     */
    public NodeInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        roles = Set.copyOf(roles);
        metadata = Map.copyOf(metadata);
    }

    /**
     * Tells whether the node has a role.
     *
     * @param role the role name
     * @return true if it has it
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}

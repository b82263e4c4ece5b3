package dev.loopy.cluster;

import dev.loopy.LoopyException;
import dev.loopy.Status;

/**
 * A node tried to join under an id that a node which is not down already holds. Its status
 * is {@link Status#BUSY}. A down node may join again under its id.
 */
public final class NodeExistsException extends LoopyException {
    private static final long serialVersionUID = 1L;

    private final String nodeId;

    /**
     * Creates the failure.
     *
     * @param nodeId the id that is taken
     * @param state the state of the node that holds it
     */
    public NodeExistsException(String nodeId, NodeState state) {
        super(Status.BUSY, "node=" + nodeId + " already joined and is " + state.label()
                + " (join)");
        this.nodeId = nodeId;
    }

    /**
     * Returns the id that is taken.
     *
     * @return the node id
     */
    public String nodeId() {
        return nodeId;
    }
}

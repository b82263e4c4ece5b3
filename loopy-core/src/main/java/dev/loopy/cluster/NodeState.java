package dev.loopy.cluster;

/**
 * Where a node stands in its life in the registry.
 *
 * <p>A node {@link #JOINING joins}, turns {@link #ACTIVE active} on its first heartbeat,
 * turns {@link #SUSPECT suspect} when no heartbeat came for the suspect timeout, and
 * {@link #DOWN down} when it stayed suspect for the down timeout. A heartbeat revives a
 * joining or suspect node to active; a down node must join again. A node that
 * {@link #LEAVING leaves} is removed right after. Every constant has a stable lower-case
 * {@link #label() label}.
 */
public enum NodeState {
    /** Joined, and no heartbeat seen since. */
    JOINING("joining"),
    /** Heartbeating in time; the only state in which a node can be leader. */
    ACTIVE("active"),
    /** Missed its heartbeats for the suspect timeout; a heartbeat revives it. */
    SUSPECT("suspect"),
    /** Stayed suspect for the down timeout; it must join again to come back. */
    DOWN("down"),
    /** Leaving on its own; removed from the registry right after this state is reported. */
    LEAVING("leaving");

    private final String label;

    NodeState(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this state.
     *
     * @return the label, for example {@code "suspect"}
     */
    public String label() {
        return label;
    }
}

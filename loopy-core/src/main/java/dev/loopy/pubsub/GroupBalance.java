package dev.loopy.pubsub;

/**
 * How a queue group picks the one member that receives a message.
 *
 * <p>Constants are immutable and may be used on any thread. Whatever the choice, a member
 * whose queue is full is passed over for one that has room when there is one.
 */
public enum GroupBalance {
    /** Members take turns, in the order they joined. */
    ROUND_ROBIN("round_robin"),
    /** The member with the fewest queued and unacknowledged messages; ties take turns. */
    LEAST_LOADED("least_loaded");

    private final String label;

    GroupBalance(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this strategy.
     *
     * @return {@code "round_robin"} or {@code "least_loaded"}
     */
    public String label() {
        return label;
    }
}

package dev.loopy.pubsub;

/**
 * What a deferred subscription does with a message that finds its queue full.
 *
 * <p>Constants are immutable and may be used on any thread. Synchronous subscriptions have no
 * queue and never overflow.
 */
public enum OverflowPolicy {
    /** The new message is discarded and counted as dropped; the queue is left as it was. */
    DROP_NEWEST("drop_newest"),
    /** The oldest queued message is discarded and counted as dropped; the new one is queued. */
    DROP_OLDEST("drop_oldest"),
    /**
     * The publisher waits for room: {@link PubSub#publish(String, Object, java.time.Duration)}
     * up to its timeout, then reports {@link PublishOutcome#TIMEOUT};
     * {@link PubSub#tryPublish(String, Object)} does not wait and reports
     * {@link PublishOutcome#BUSY}. Nothing is dropped.
     */
    BACK_PRESSURE("back_pressure");

    private final String label;

    OverflowPolicy(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this policy.
     *
     * @return {@code "drop_newest"}, {@code "drop_oldest"} or {@code "back_pressure"}
     */
    public String label() {
        return label;
    }
}

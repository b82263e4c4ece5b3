package dev.loopy.pubsub;

/**
 * How a publish ended, as reported by {@link PublishResult#outcome()}.
 *
 * <p>Constants are immutable and may be used on any thread. Every outcome is an expected one:
 * publishing never throws for them.
 */
public enum PublishOutcome {
    /** Every matching subscription and queue group took the message. */
    DELIVERED("delivered"),
    /** No subscription matched the topic; the message went nowhere. */
    NO_SUBSCRIBERS("no_subscribers"),
    /**
     * At least one matching subscription discarded the message because its queue was full
     * under {@link OverflowPolicy#DROP_NEWEST}; the others took it.
     */
    DROPPED("dropped"),
    /**
     * A {@link OverflowPolicy#BACK_PRESSURE} subscription was full and the publish could not
     * wait: it was a try-publish, or it ran on the thread that drains that very
     * subscription, which waiting would deadlock. That subscription did not get the
     * message, the others did.
     */
    BUSY("busy"),
    /**
     * A {@link OverflowPolicy#BACK_PRESSURE} subscription stayed full until the publish timed
     * out (or the publishing thread was interrupted); it did not get the message, the others
     * did.
     */
    TIMEOUT("timeout"),
    /** The hub was closed; nothing was delivered. */
    CLOSED("closed");

    private final String label;

    PublishOutcome(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this outcome.
     *
     * @return the label, for example {@code "no_subscribers"}
     */
    public String label() {
        return label;
    }
}

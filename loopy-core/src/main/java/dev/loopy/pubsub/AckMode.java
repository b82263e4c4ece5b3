package dev.loopy.pubsub;

/**
 * When a delivered message counts as settled.
 *
 * <p>Constants are immutable and may be used on any thread.
 */
public enum AckMode {
    /** A message is settled as soon as the handler returns; it is never redelivered. */
    AUTO("auto"),
    /**
     * The handler settles each message with {@link Message#ack()} or {@link Message#nack()};
     * a nacked message is redelivered until its subscription's maximum number of attempts,
     * then handed to the hub's dead-letter handler. A handler that throws nacks the message.
     */
    MANUAL("manual");

    private final String label;

    AckMode(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this mode.
     *
     * @return {@code "auto"} or {@code "manual"}
     */
    public String label() {
        return label;
    }
}

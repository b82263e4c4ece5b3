package dev.loopy.pubsub;

/**
 * Which thread runs a subscription's handler.
 *
 * <p>Constants are immutable and may be used on any thread.
 */
public enum DeliveryMode {
    /**
     * The handler runs on the publisher's thread, inside {@code publish}. Several publishing
     * threads may run it at the same time. There is no queue, so no message is ever dropped.
     */
    SYNC("sync"),
    /**
     * The message waits in the subscription's bounded queue and the handler runs later on the
     * subscription's loop (or executor), one message at a time, in publication order per
     * publisher. Wake-ups are batched: one task drains everything queued so far.
     */
    DEFERRED("deferred");

    private final String label;

    DeliveryMode(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this mode.
     *
     * @return {@code "sync"} or {@code "deferred"}
     */
    public String label() {
        return label;
    }
}

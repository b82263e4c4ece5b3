package dev.loopy.pubsub;

import java.util.Optional;

/**
 * Interest in the topics one pattern matches, with the handler that receives them.
 *
 * <p>All methods may be called from any thread, also from inside a handler.
 */
public interface Subscription extends AutoCloseable {
    /**
     * Returns the pattern as subscribed.
     *
     * @return the pattern text
     */
    String pattern();

    /**
     * Returns the queue group this subscription is a member of.
     *
     * @return the group name, or empty for a broadcast subscription
     */
    Optional<String> group();

    /**
     * Returns the options the subscription was made with.
     *
     * @return the options
     */
    SubscriptionOptions options();

    /**
     * Returns a snapshot of the subscription's counters. Still works after close.
     *
     * @return the counters
     */
    SubscriptionStats stats();

    /**
     * Tells whether the subscription still receives messages.
     *
     * @return false once closed, by itself or with its hub
     */
    boolean isOpen();

    /**
     * Stops the subscription. Idempotent. Once this returns no further message is handed to
     * the handler, except one that a handler thread was already handing over. Inside a
     * queue group the queued messages and the unacknowledged ones go to the other members
     * (or, if none is left, to the dead-letter handler); outside a group queued messages are
     * dropped. Publishers waiting for room in this subscription's queue give up on it.
     */
    @Override
    void close();
}

package dev.loopy.pubsub;

import java.time.Duration;

/**
 * One message as a handler receives it: its topic, payload and publication facts, and the
 * means to settle it.
 *
 * <p>A message may be read and settled from any thread, also after the handler returned.
 * The payload is the publisher's object itself, shared by reference with every subscription
 * that received it: publish immutable payloads.
 *
 * <p>Under {@link AckMode#AUTO} one message object is shared by all subscriptions, it counts
 * as settled when the handler returns, and {@link #ack()} and {@link #nack()} do nothing and
 * return false. Under {@link AckMode#MANUAL} each subscription gets its own object, and
 * exactly one of the settling calls takes effect.
 */
public interface Message {
    /**
     * Returns the topic the message was published to.
     *
     * @return a valid topic, never a pattern
     */
    String topic();

    /**
     * Returns the published object.
     *
     * @return the payload, never null
     */
    Object payload();

    /**
     * Returns the hub's number for the publication, the same for every subscription that
     * received it.
     *
     * @return a number starting at 1, increasing with each publish on the hub
     */
    long sequence();

    /**
     * Returns when the message was published, on the hub's clock.
     *
     * @return monotonic nanoseconds, comparable only with other readings of the same clock
     */
    long publishedAtNs();

    /**
     * Returns which attempt at delivering this message this is.
     *
     * @return 1 for the first delivery, 2 for the first redelivery, and so on
     */
    int attempt();

    /**
     * Settles the message as processed. Under {@link AckMode#MANUAL} the message is not
     * redelivered after this.
     *
     * @return true if this call settled the message; false under {@link AckMode#AUTO}, if it
     *     was already settled, or if its subscription closed and handed it on
     */
    boolean ack();

    /**
     * Refuses the message so that it is redelivered at once: to the same subscription, or
     * for a queue group to the member the group's balance picks. After the subscription's
     * {@link SubscriptionOptions#maxAttempts() maximum attempts} the message goes to the
     * hub's dead-letter handler instead.
     *
     * @return true if this call settled the message; false under {@link AckMode#AUTO}, if it
     *     was already settled, or if its subscription closed and handed it on
     */
    boolean nack();

    /**
     * Refuses the message so that it is redelivered after a delay, like {@link #nack()}.
     *
     * @param redeliverAfter how long to wait before redelivering, zero or more
     * @return true if this call settled the message; false as for {@link #nack()}
     * @throws NullPointerException if {@code redeliverAfter} is null
     * @throws IllegalArgumentException if {@code redeliverAfter} is negative
     */
    boolean nack(Duration redeliverAfter);
}

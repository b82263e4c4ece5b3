package dev.loopy.pubsub.spi;

import dev.loopy.pubsub.HubStats;
import dev.loopy.pubsub.MessageHandler;
import dev.loopy.pubsub.PublishResult;
import dev.loopy.pubsub.Subscription;
import dev.loopy.pubsub.SubscriptionOptions;
import dev.loopy.pubsub.TopicPattern;

/**
 * The engine behind a {@link dev.loopy.pubsub.PubSub} hub: it routes published messages to
 * subscriptions and delivers them.
 *
 * <p>Implementations must accept every call from any thread. The hub in front checks every
 * argument (null, topic and pattern grammar, timeouts) and its own closed state before it
 * calls the backend, so a backend sees valid input only.
 *
 * <p>The contract is shaped to map onto a subject-based broker:
 * <ul>
 *   <li>a topic is a subject of {@code .}-separated tokens; {@code *} is the one-token
 *       wildcard; a trailing {@code #} is the multi-token wildcard plus the bare prefix,
 *       since {@code #} also matches zero words; a pattern with another {@code #} is
 *       subscribed as its prefix plus the multi-token wildcard and filtered locally with
 *       {@link TopicPattern#matches(String)};</li>
 *   <li>a {@link SubscriptionOptions#group() group} is a queue group: one member gets each
 *       message;</li>
 *   <li>{@link dev.loopy.pubsub.AckMode#MANUAL} maps to a durable consumer's ack, nak with
 *       delay, and maximum deliveries, whose exhaustion goes to the dead-letter handler;</li>
 *   <li>a {@link dev.loopy.pubsub.DeliveryMode#DEFERRED} subscription's handler runs on its
 *       executor even when the backend's messages arrive on the backend's own threads.</li>
 * </ul>
 */
public interface PubSubBackend {
    /**
     * Returns a short name for reports.
     *
     * @return a lower-case name, for example {@code "embedded"} or {@code "nats"}
     */
    String name();

    /**
     * Registers a subscription; messages published from now on that match reach it.
     *
     * @param pattern the checked pattern
     * @param options the subscription's options
     * @param handler the handler to deliver to
     * @return the open subscription, whose {@code close} unregisters it
     * @throws IllegalArgumentException if the options conflict with the group's members
     * @throws dev.loopy.ClosedException if the backend is closed
     */
    Subscription subscribe(TopicPattern pattern, SubscriptionOptions options,
            MessageHandler handler);

    /**
     * Routes one message.
     *
     * @param topic the checked topic
     * @param payload the message, not null
     * @param timeoutNs how long to wait for room in back-pressuring queues, in nanoseconds;
     *     0 never waits
     * @return the outcome and count; {@link dev.loopy.pubsub.PublishOutcome#CLOSED} once
     *     closed
     */
    PublishResult publish(String topic, Object payload, long timeoutNs);

    /**
     * Counts the open subscriptions whose patterns match a topic.
     *
     * @param topic the checked topic
     * @return zero or more
     */
    int matchCount(String topic);

    /**
     * Returns a snapshot of the backend's counters.
     *
     * @return the counters
     */
    HubStats stats();

    /**
     * Closes every subscription and releases the backend's resources. Idempotent.
     */
    void close();
}

package dev.loopy.pubsub;

import dev.loopy.pubsub.spi.PubSubBackend;
import java.time.Duration;
import java.util.Objects;

/**
 * A hub of topics: subscriptions register interest with patterns, publishers send messages
 * to topics, and the hub routes each message to every matching broadcast subscription and
 * to one member of every matching queue group.
 *
 * <p>Every method may be called from any thread, also from inside a message handler.
 * {@link #embedded()} gives an in-process hub; {@link #over(PubSubBackend)} puts the same
 * interface in front of another engine, such as a distributed broker.
 *
 * <pre>{@code
 * try (PubSub hub = PubSub.embedded()) {
 *     // every order, handled on the loop's thread
 *     hub.subscribe("orders.#", SubscriptionOptions.builder().deliverOn(loop).build(),
 *             message -> ship(message.payload()));
 *     // each new order to one member of the billing group, acknowledged by hand
 *     hub.subscribe("orders.*.created", SubscriptionOptions.builder().group("billing")
 *             .ackMode(AckMode.MANUAL).build(), message -> bill(message));
 *     PublishResult result = hub.publish("orders.eu.created", order);
 * }
 * }</pre>
 *
 * <p>Expected outcomes are results: publishing to a topic nobody subscribed to, into a full
 * queue, or on a closed hub returns a {@link PublishResult} and throws nothing. Bad topics
 * and patterns throw {@link InvalidTopicException}; subscribing on a closed hub throws
 * {@link dev.loopy.ClosedException}.
 *
 * <p><b>Limitations.</b> The embedded hub is in one process and holds messages in memory
 * only: nothing survives a restart. Payloads are passed by reference, never copied. Ordering
 * is kept per publisher thread and subscription; across publishers there is none.
 */
public interface PubSub extends AutoCloseable {
    /**
     * Creates an in-process hub with the default options.
     *
     * @return a new open hub
     */
    static PubSub embedded() {
        return embedded(HubOptions.defaults());
    }

    /**
     * Creates an in-process hub.
     *
     * @param options the hub's options
     * @return a new open hub
     * @throws NullPointerException if {@code options} is null
     */
    static PubSub embedded(HubOptions options) {
        Objects.requireNonNull(options, "options");
        return over(new EmbeddedEngine(options), options.publishTimeoutNs());
    }

    /**
     * Puts the hub interface in front of a backend, with the default publish timeout.
     *
     * @param backend the engine that routes and delivers
     * @return a hub that owns the backend and closes it with itself
     * @throws NullPointerException if {@code backend} is null
     */
    static PubSub over(PubSubBackend backend) {
        return over(backend, HubOptions.DEFAULT_PUBLISH_TIMEOUT.toNanos());
    }

    /**
     * Puts the hub interface in front of a backend.
     *
     * @param backend the engine that routes and delivers
     * @param publishTimeoutNs how long {@link #publish(String, Object)} waits for room, in
     *     nanoseconds, zero or more
     * @return a hub that owns the backend and closes it with itself
     * @throws NullPointerException if {@code backend} is null
     * @throws IllegalArgumentException if {@code publishTimeoutNs} is negative
     */
    static PubSub over(PubSubBackend backend, long publishTimeoutNs) {
        return new Hub(backend, publishTimeoutNs);
    }

    /**
     * Subscribes a synchronous broadcast handler.
     *
     * @param pattern the topics to receive, {@code *} and {@code #} allowed
     * @param handler receives the messages on the publishers' threads
     * @return the open subscription
     * @throws NullPointerException if an argument is null
     * @throws InvalidTopicException if the pattern breaks a rule
     * @throws dev.loopy.ClosedException if the hub is closed
     */
    default Subscription subscribe(String pattern, MessageHandler handler) {
        return subscribe(pattern, SubscriptionOptions.defaults(), handler);
    }

    /**
     * Subscribes a handler.
     *
     * @param pattern the topics to receive, {@code *} and {@code #} allowed
     * @param options broadcast or group, delivery, queue and acknowledgement
     * @param handler receives the messages
     * @return the open subscription
     * @throws NullPointerException if an argument is null
     * @throws InvalidTopicException if the pattern breaks a rule
     * @throws IllegalArgumentException if the options' balance differs from the one the
     *     group's other members use
     * @throws dev.loopy.ClosedException if the hub is closed
     */
    Subscription subscribe(String pattern, SubscriptionOptions options,
            MessageHandler handler);

    /**
     * Publishes a message, waiting up to the hub's publish timeout for room in
     * back-pressuring queues.
     *
     * @param topic where to publish, without wildcards
     * @param payload the message, passed by reference
     * @return what happened; never throws for an expected outcome
     * @throws NullPointerException if an argument is null
     * @throws InvalidTopicException if the topic breaks a rule
     */
    PublishResult publish(String topic, Object payload);

    /**
     * Publishes a message, waiting up to a timeout for room in back-pressuring queues.
     *
     * @param topic where to publish, without wildcards
     * @param payload the message, passed by reference
     * @param timeout how long to wait for room, zero or more; the wait is shared by all the
     *     full queues
     * @return what happened; {@link PublishOutcome#TIMEOUT} if a queue stayed full
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws InvalidTopicException if the topic breaks a rule
     */
    PublishResult publish(String topic, Object payload, Duration timeout);

    /**
     * Publishes a message without ever waiting: a back-pressuring queue that is full does
     * not get it.
     *
     * @param topic where to publish, without wildcards
     * @param payload the message, passed by reference
     * @return what happened; {@link PublishOutcome#BUSY} if a queue was full
     * @throws NullPointerException if an argument is null
     * @throws InvalidTopicException if the topic breaks a rule
     */
    PublishResult tryPublish(String topic, Object payload);

    /**
     * Counts the subscriptions a message to this topic would reach now, before queue groups
     * pick one member each.
     *
     * @param topic a topic, without wildcards
     * @return matching open subscriptions; 0 on a closed hub
     * @throws NullPointerException if {@code topic} is null
     * @throws InvalidTopicException if the topic breaks a rule
     */
    int matchCount(String topic);

    /**
     * Returns a snapshot of the hub's counters.
     *
     * @return the counters; still readable after close
     */
    HubStats stats();

    /**
     * Returns the name of the engine behind this hub.
     *
     * @return for example {@code "embedded"}
     */
    String backendName();

    /**
     * Tells whether the hub is open.
     *
     * @return false once closed
     */
    boolean isOpen();

    /**
     * Closes the hub and every subscription on it. Idempotent. Queued messages are dropped;
     * publishers waiting for room give up; later publishes report
     * {@link PublishOutcome#CLOSED}.
     */
    @Override
    void close();
}

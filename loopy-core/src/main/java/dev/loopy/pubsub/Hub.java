package dev.loopy.pubsub;

import dev.loopy.ClosedException;
import dev.loopy.pubsub.spi.PubSubBackend;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link PubSub} front: checks arguments and the closed state, then hands over to the
 * backend.
 *
 * <p>Thread-safe; every method may be called from any thread.
 */
final class Hub implements PubSub {
    private static final PublishResult CLOSED = PublishResult.of(PublishOutcome.CLOSED, 0);

    private final PubSubBackend backend;
    private final long publishTimeoutNs;
    private volatile boolean open = true;

    Hub(PubSubBackend backend, long publishTimeoutNs) {
        this.backend = Objects.requireNonNull(backend, "backend");
        if (publishTimeoutNs < 0) {
            throw new IllegalArgumentException(
                    "publishTimeoutNs=" + publishTimeoutNs + " (expected >= 0)");
        }
        this.publishTimeoutNs = publishTimeoutNs;
    }

    @Override
    public Subscription subscribe(String pattern, SubscriptionOptions options,
            MessageHandler handler) {
        TopicPattern parsed = TopicPattern.parse(pattern);
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        if (!open) {
            throw new ClosedException("hub is closed (subscribe)");
        }
        return backend.subscribe(parsed, options, handler);
    }

    @Override
    public PublishResult publish(String topic, Object payload) {
        return route(topic, payload, publishTimeoutNs);
    }

    @Override
    public PublishResult publish(String topic, Object payload, Duration timeout) {
        return route(topic, payload, nanos(timeout, "timeout"));
    }

    @Override
    public PublishResult tryPublish(String topic, Object payload) {
        return route(topic, payload, 0);
    }

    @Override
    public int matchCount(String topic) {
        Topics.checkTopic(topic);
        return open ? backend.matchCount(topic) : 0;
    }

    @Override
    public HubStats stats() {
        return backend.stats();
    }

    @Override
    public String backendName() {
        return backend.name();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        backend.close();
    }

    /**
     * Converts a wait to nanoseconds, checking it.
     *
     * @param timeout zero or more
     * @param name the argument's name for the error message
     * @return nanoseconds, saturated at {@link Long#MAX_VALUE}
     */
    static long nanos(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(name + "=" + timeout + " (expected >= 0)");
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private PublishResult route(String topic, Object payload, long timeoutNs) {
        Topics.checkTopic(topic);
        Objects.requireNonNull(payload, "payload");
        return open ? backend.publish(topic, payload, timeoutNs) : CLOSED;
    }
}

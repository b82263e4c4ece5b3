package dev.loopy.pubsub;

import dev.loopy.Clock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * How an embedded hub behaves: its clock, the default publish timeout, the route cache, and
 * where dead letters and handler failures go.
 *
 * <p>Immutable; may be shared across threads. Built with {@link #builder()};
 * {@link #defaults()} uses the system clock, a one-second publish timeout, a route cache of
 * {@value #DEFAULT_ROUTE_CACHE_SIZE} topics, counts dead letters without handing them
 * anywhere, and logs handler failures.
 */
public final class HubOptions {
    /** The default number of topics whose routes are remembered. */
    public static final int DEFAULT_ROUTE_CACHE_SIZE = 4096;
    /** The default time a publish waits for room in back-pressuring queues. */
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger("dev.loopy.pubsub");
    private static final DeadLetterHandler COUNT_ONLY = (message, reason, subscription) -> {
    };
    private static final FailureHandler LOG_FAILURE = (message, subscription, failure) ->
            LOG.log(Level.WARNING, "handler of pattern=" + subscription.pattern()
                    + " failed on topic=" + message.topic(), failure);
    private static final HubOptions DEFAULTS = builder().build();

    private final Clock clock;
    private final long publishTimeoutNs;
    private final int routeCacheSize;
    private final DeadLetterHandler deadLetterHandler;
    private final FailureHandler failureHandler;

    private HubOptions(Builder builder) {
        this.clock = builder.clock;
        this.publishTimeoutNs = builder.publishTimeoutNs;
        this.routeCacheSize = builder.routeCacheSize;
        this.deadLetterHandler = builder.deadLetterHandler;
        this.failureHandler = builder.failureHandler;
    }

    /**
     * Returns the default options.
     *
     * @return the shared default options
     */
    public static HubOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts options from the defaults.
     *
     * @return a new builder, for one thread
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the clock that stamps {@link Message#publishedAtNs()}.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Returns how long {@link PubSub#publish(String, Object)} waits for room in
     * back-pressuring queues.
     *
     * @return the timeout, in nanoseconds
     */
    public long publishTimeoutNs() {
        return publishTimeoutNs;
    }

    /**
     * Returns how many topics' routes the hub remembers.
     *
     * @return topics; 0 means every publish matches against the subscription tree
     */
    public int routeCacheSize() {
        return routeCacheSize;
    }

    /**
     * Returns where given-up messages go.
     *
     * @return the handler
     */
    public DeadLetterHandler deadLetterHandler() {
        return deadLetterHandler;
    }

    /**
     * Returns where exceptions thrown by message handlers go.
     *
     * @return the handler
     */
    public FailureHandler failureHandler() {
        return failureHandler;
    }

    /**
     * Collects hub options.
     *
     * <p>Not thread-safe: fill a builder on one thread, then share what it builds.
     */
    public static final class Builder {
        private Clock clock = Clock.SYSTEM;
        private long publishTimeoutNs = DEFAULT_PUBLISH_TIMEOUT.toNanos();
        private int routeCacheSize = DEFAULT_ROUTE_CACHE_SIZE;
        private DeadLetterHandler deadLetterHandler = COUNT_ONLY;
        private FailureHandler failureHandler = LOG_FAILURE;

        private Builder() {
        }

        /**
         * Sets the clock that stamps messages. Waiting for room always uses real time.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how long {@link PubSub#publish(String, Object)} waits for room.
         *
         * @param timeout zero or more; zero makes it behave like
         *     {@link PubSub#tryPublish(String, Object)}
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder publishTimeout(Duration timeout) {
            this.publishTimeoutNs = Hub.nanos(timeout, "timeout");
            return this;
        }

        /**
         * Sets how many topics' routes the hub remembers between subscription changes. A
         * remembered route spares a publish the walk through the pattern tree; every
         * subscribe and close forgets them all, and a full cache is emptied before it takes
         * another topic, so a stream of ever-new topics gains nothing from it.
         *
         * @param topics zero or more; zero turns the cache off
         * @return this builder
         * @throws IllegalArgumentException if {@code topics} is negative
         */
        public Builder routeCacheSize(int topics) {
            if (topics < 0) {
                throw new IllegalArgumentException(
                        "routeCacheSize=" + topics + " (expected >= 0)");
            }
            this.routeCacheSize = topics;
            return this;
        }

        /**
         * Sets where given-up messages go.
         *
         * @param handler the handler
         * @return this builder
         * @throws NullPointerException if {@code handler} is null
         */
        public Builder deadLetterHandler(DeadLetterHandler handler) {
            this.deadLetterHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Sets where exceptions thrown by message handlers go.
         *
         * @param handler the handler
         * @return this builder
         * @throws NullPointerException if {@code handler} is null
         */
        public Builder failureHandler(FailureHandler handler) {
            this.failureHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return immutable options
         */
        public HubOptions build() {
            return new HubOptions(this);
        }
    }
}

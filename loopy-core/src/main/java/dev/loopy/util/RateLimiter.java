package dev.loopy.util;

import dev.loopy.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Admits or refuses requests per key at a configured rate, with one of four algorithms.
 *
 * <p>Any thread may call any method, concurrently: the state of each key is guarded by one
 * of a fixed set of lock stripes, held for a few arithmetic steps and never across a call
 * out. Time comes from the {@link Clock} given to the {@link Builder}, read under the lock,
 * so the decisions for one key follow one another in time.
 *
 * <p>An outcome is a {@code long} and costs no allocation: {@link #ADMITTED} when the
 * permits were granted; otherwise the retry-after, the exact number of nanoseconds after
 * which the same request would be admitted if no other request for the key came first;
 * or {@link #NEVER} when the request asks for more permits than the limit can ever hold.
 * <pre>{@code
 * RateLimiter<String> limiter = RateLimiter.builder(RateLimitAlgorithm.TOKEN_BUCKET,
 *         100, Duration.ofSeconds(1)).burst(20).build();
 * long retryAfterNs = limiter.tryAcquire(user);
 * if (retryAfterNs != RateLimiter.ADMITTED) {
 *     reply429(retryAfterNs);
 * }
 * }</pre>
 *
 * <p>Limitations: a limiter holds at most {@link #maxKeys()} keys. When a new key comes
 * and the limiter is full, the least recently used key of the new key's lock stripe is
 * evicted and forgotten: if it comes back, it starts afresh, as if never seen. Size the
 * maximum above the number of keys active within one period so that only idle keys are
 * evicted. Eviction order is kept per stripe, so a key may be evicted while the limiter
 * as a whole holds slightly fewer keys than the maximum. A new key allocates nothing once
 * its stripe is full, but does while the stripe is still growing.
 *
 * @param <K> the key type; keys must not change their {@code equals} and {@code hashCode}
 */
public sealed interface RateLimiter<K> permits KeyedLimiter {
    /** The outcome of an admitted request. */
    long ADMITTED = 0L;
    /** The outcome of a request that asks for more permits than the limit can ever hold. */
    long NEVER = Long.MAX_VALUE;
    /** The maximum number of keys when the builder is not told otherwise. */
    int DEFAULT_MAX_KEYS = 10_000;
    /** The largest maximum number of keys a limiter accepts. */
    int MAX_KEYS_LIMIT = 1 << 26;

    /**
     * Starts building a limiter.
     *
     * <p>For the bucket algorithms the rate is the refill (or drain) rate, and the burst,
     * {@code permits} unless set, is the bucket's size. For the window algorithms
     * {@code permits} is the most a window of length {@code period} admits.
     *
     * @param algorithm the algorithm, not null
     * @param permits the permits per period, greater than 0
     * @param period the period, greater than zero and at most about 292 years in ns
     * @return a builder with {@link #DEFAULT_MAX_KEYS} and {@link Clock#SYSTEM}
     * @throws IllegalArgumentException if permits or period is not positive
     */
    static Builder builder(RateLimitAlgorithm algorithm, long permits, Duration period) {
        return new Builder(algorithm, permits, period);
    }

    /**
     * Tells whether an outcome admitted its request.
     *
     * @param outcome a value returned by {@link #tryAcquire} or {@link #peek}
     * @return true for {@link #ADMITTED}
     */
    static boolean isAdmitted(long outcome) {
        return outcome == ADMITTED;
    }

    /**
     * Asks for one permit for a key, consuming it if admitted.
     *
     * @param key the key, not null
     * @return {@link #ADMITTED}, or the retry-after in ns, or {@link #NEVER}
     * @throws NullPointerException if key is null
     */
    long tryAcquire(K key);

    /**
     * Asks for several permits for a key, all or none, consuming them if admitted.
     *
     * @param key the key, not null
     * @param permits the permits, greater than 0
     * @return {@link #ADMITTED}, or the retry-after in ns, or {@link #NEVER} if permits
     *     exceed the burst (buckets) or the limit (windows)
     * @throws NullPointerException if key is null
     * @throws IllegalArgumentException if permits is not positive
     */
    long tryAcquire(K key, int permits);

    /**
     * Tells what asking for one permit would return now, consuming nothing. The key's
     * place in the eviction order is not changed, and a key not held is not added.
     *
     * @param key the key, not null
     * @return the outcome {@link #tryAcquire(Object)} would return now
     * @throws NullPointerException if key is null
     */
    long peek(K key);

    /**
     * Tells what asking for several permits would return now, consuming nothing.
     *
     * @param key the key, not null
     * @param permits the permits, greater than 0
     * @return the outcome {@link #tryAcquire(Object, int)} would return now
     * @throws NullPointerException if key is null
     * @throws IllegalArgumentException if permits is not positive
     */
    long peek(K key, int permits);

    /**
     * Forgets a key, so that its next request starts afresh.
     *
     * @param key the key, not null
     * @return true if the key was held
     * @throws NullPointerException if key is null
     */
    boolean reset(K key);

    /**
     * Returns the counters: calls admitted and denied, keys held, evictions.
     *
     * @return a new snapshot
     */
    RateLimiterStats stats();

    /**
     * Returns the algorithm this limiter runs.
     *
     * @return the algorithm
     */
    RateLimitAlgorithm algorithm();

    /**
     * Returns the most keys this limiter holds at once.
     *
     * @return the maximum, at least 1
     */
    int maxKeys();

    /**
     * Configures a {@link RateLimiter}. Used by one thread, then discarded.
     */
    final class Builder {
        private final RateLimitAlgorithm algorithm;
        private final long permits;
        private final long periodNs;
        private long burst;
        private int maxKeys = DEFAULT_MAX_KEYS;
        private Clock clock = Clock.SYSTEM;

        private Builder(RateLimitAlgorithm algorithm, long permits, Duration period) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            this.permits = Limits.positive("permits", permits);
            this.periodNs = Limits.positive("period", Limits.toNanos(period));
            this.burst = permits;
        }

        /**
         * Sets the size of the bucket, the most permits admitted at once after a quiet
         * period. Only for {@link RateLimitAlgorithm#TOKEN_BUCKET} and
         * {@link RateLimitAlgorithm#LEAKY_BUCKET}.
         *
         * @param permits the burst, greater than 0; the default is the rate's permits
         * @return this builder
         * @throws IllegalArgumentException if permits is not positive
         * @throws IllegalStateException if the algorithm is a window algorithm
         */
        public Builder burst(long permits) {
            if (algorithm != RateLimitAlgorithm.TOKEN_BUCKET
                    && algorithm != RateLimitAlgorithm.LEAKY_BUCKET) {
                throw new IllegalStateException("burst applies to bucket algorithms only"
                        + " (algorithm=" + algorithm.label() + ")");
            }
            this.burst = Limits.positive("burst", permits);
            return this;
        }

        /**
         * Sets the most keys held at once.
         *
         * @param keys between 1 and {@link #MAX_KEYS_LIMIT}
         * @return this builder
         * @throws IllegalArgumentException if keys is out of range
         */
        public Builder maxKeys(int keys) {
            if (keys < 1 || keys > MAX_KEYS_LIMIT) {
                throw new IllegalArgumentException("maxKeys=" + keys
                        + " (expected 1.." + MAX_KEYS_LIMIT + ")");
            }
            this.maxKeys = keys;
            return this;
        }

        /**
         * Sets the time source.
         *
         * @param clock the clock, not null; the default is {@link Clock#SYSTEM}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Creates the limiter.
         *
         * @param <K> the key type
         * @return a new limiter holding no keys
         * @throws IllegalArgumentException if the burst or limit times the period in ns
         *     does not fit in a {@code long}
         */
        public <K> RateLimiter<K> build() {
            return new KeyedLimiter<>(algorithm, clock, maxKeys, rule());
        }

        private LimitRule<?> rule() {
            return switch (algorithm) {
                case TOKEN_BUCKET -> new TokenBucketRule(bucket());
                case LEAKY_BUCKET -> new LeakyBucketRule(bucket());
                case FIXED_WINDOW -> new FixedWindowRule(permits, periodNs, clock.nanoTime());
                case SLIDING_WINDOW -> new SlidingWindowRule(permits, periodNs);
            };
        }

        private BucketRate bucket() {
            return BucketRate.of(permits, periodNs, burst);
        }
    }
}

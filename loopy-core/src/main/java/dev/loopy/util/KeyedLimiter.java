package dev.loopy.util;

import dev.loopy.Clock;
import java.util.Objects;

/**
 * The one {@link RateLimiter}: lock stripes of bounded key tables, the clock, the argument
 * checks and the counters, around a {@link LimitRule} that holds the algorithm.
 *
 * <p>Any thread. The rule runs with the key's stripe monitor held.
 *
 * @param <K> the key type
 * @param <S> the per-key state of the rule
 */
final class KeyedLimiter<K, S> implements RateLimiter<K> {
    /** Each stripe gets at least this many keys, so that eviction order stays meaningful. */
    private static final int MIN_KEYS_PER_STRIPE = 64;
    private static final int STRIPES_PER_CPU = 4;
    private static final int GOLDEN = 0x9E3779B9;

    private final RateLimitAlgorithm algorithm;
    private final Clock clock;
    private final int maxKeys;
    private final LimitRule<S> rule;
    private final long maxPermits;
    private final KeySlots<S>[] stripes;
    private final int stripeShift;

    KeyedLimiter(RateLimitAlgorithm algorithm, Clock clock, int maxKeys, LimitRule<S> rule) {
        this.algorithm = algorithm;
        this.clock = clock;
        this.maxKeys = maxKeys;
        this.rule = rule;
        this.maxPermits = rule.maxPermits();
        int count = stripeCount(maxKeys);
        this.stripes = newStripes(count, maxKeys, rule);
        this.stripeShift = Integer.SIZE - Integer.numberOfTrailingZeros(count);
    }

    @Override
    public final long tryAcquire(K key) {
        return tryAcquire(key, 1);
    }

    @Override
    public final long tryAcquire(K key, int permits) {
        int hash = hash(key);
        Limits.permits(permits);
        KeySlots<S> stripe = stripeOf(hash);
        synchronized (stripe) {
            long nowNs = clock.nanoTime();
            S state = stripe.acquire(key, hash, nowNs);
            long outcome = permits > maxPermits
                    ? NEVER : rule.decide(state, permits, nowNs, true);
            stripe.count(outcome == ADMITTED);
            return outcome;
        }
    }

    @Override
    public final long peek(K key) {
        return peek(key, 1);
    }

    @Override
    public final long peek(K key, int permits) {
        int hash = hash(key);
        Limits.permits(permits);
        if (permits > maxPermits) {
            return NEVER;
        }
        KeySlots<S> stripe = stripeOf(hash);
        synchronized (stripe) {
            long nowNs = clock.nanoTime();
            S state = stripe.find(key, hash);
            if (state == null) {
                state = stripe.scratch(nowNs);
            }
            return rule.decide(state, permits, nowNs, false);
        }
    }

    @Override
    public final boolean reset(K key) {
        int hash = hash(key);
        KeySlots<S> stripe = stripeOf(hash);
        synchronized (stripe) {
            return stripe.remove(key, hash);
        }
    }

    @Override
    public final RateLimiterStats stats() {
        long allowed = 0;
        long denied = 0;
        long evictions = 0;
        int keys = 0;
        for (KeySlots<S> stripe : stripes) {
            synchronized (stripe) {
                allowed += stripe.allowed();
                denied += stripe.denied();
                evictions += stripe.evictions();
                keys += stripe.size();
            }
        }
        return new RateLimiterStats(allowed, denied, keys, evictions);
    }

    @Override
    public final RateLimitAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public final int maxKeys() {
        return maxKeys;
    }

    @Override
    public final String toString() {
        return "RateLimiter[algorithm=" + algorithm.label()
                + ", maxKeys=" + maxKeys + "]";
    }

    /** Mixes a key's hash code so that both its high bits (stripe) and low bits (index) vary. */
    private static int hash(Object key) {
        int h = Objects.requireNonNull(key, "key").hashCode() * GOLDEN;
        return h ^ (h >>> 16);
    }

    private KeySlots<S> stripeOf(int hash) {
        return stripeShift == Integer.SIZE ? stripes[0] : stripes[hash >>> stripeShift];
    }

    private static int stripeCount(int maxKeys) {
        int byCpu = Runtime.getRuntime().availableProcessors() * STRIPES_PER_CPU;
        int wanted = Math.min(byCpu, Math.max(1, maxKeys / MIN_KEYS_PER_STRIPE));
        return Integer.highestOneBit(wanted);
    }

    @SuppressWarnings("unchecked")
    private static <S> KeySlots<S>[] newStripes(int count, int keys, LimitRule<S> rule) {
        KeySlots<S>[] result = new KeySlots[count];
        for (int i = 0; i < count; i++) {
            int share = keys / count + (i < keys % count ? 1 : 0);
            result[i] = new KeySlots<>(share, rule);
        }
        return result;
    }
}

package dev.loopy.util;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds the work in flight: at most {@code globalLimit} slots held at once in all, and at
 * most {@code perKeyLimit} by any one key.
 *
 * <p>Any thread may call any method, concurrently. An acquire first reserves a global slot
 * by compare-and-set on one counter, then takes the key's slot under the key's lock stripe,
 * giving the global slot back if the key is at its limit; so neither limit is ever
 * exceeded, not even for an instant, whatever the interleaving. A release gives back the
 * key's slot, then the global one.
 * <pre>{@code
 * if (limiter.tryAcquire(tenant) == ConcurrencyOutcome.ACQUIRED) {
 *     try {
 *         serve(request);
 *     } finally {
 *         limiter.release(tenant);
 *     }
 * }
 * }</pre>
 *
 * <p>A key is held only while it has at least one slot, so the limiter holds at most
 * {@code globalLimit} keys and its memory is bounded by the global limit, never by the
 * number of distinct keys seen. Acquire and release allocate nothing once the key tables
 * have grown to the busiest moment so far.
 *
 * <p>Limitations: there is no waiting acquire; a refused caller decides itself when to try
 * again (after a release it observes, or on a timer). Slots are not tied to threads or
 * owners: a release for a key that holds a slot gives one back, whoever took it.
 *
 * @param <K> the key type; keys must not change their {@code equals} and {@code hashCode}
 */
public final class ConcurrencyLimiter<K> {
    private static final int STRIPES_PER_CPU = 4;
    private static final int GOLDEN = 0x9E3779B9;

    /** The slots one key holds. Guarded by its stripe's monitor. */
    static final class Holder {
        int slots;
    }

    private final int globalLimit;
    private final int perKeyLimit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final LongAdder acquired = new LongAdder();
    private final LongAdder keyLimited = new LongAdder();
    private final LongAdder globalLimited = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final KeySlots<Holder>[] stripes;
    private final int stripeMask;

    private ConcurrencyLimiter(int globalLimit, int perKeyLimit) {
        this.globalLimit = globalLimit;
        this.perKeyLimit = perKeyLimit;
        this.stripes = newStripes(globalLimit);
        this.stripeMask = stripes.length - 1;
    }

    /**
     * Creates a limiter.
     *
     * @param <K> the key type
     * @param globalLimit the most slots held at once in all, greater than 0
     * @param perKeyLimit the most slots one key holds at once, greater than 0; a value of
     *     {@code globalLimit} or more leaves keys bounded by the global limit alone
     * @return a new limiter holding no slots
     * @throws IllegalArgumentException if a limit is not positive
     */
    public static <K> ConcurrencyLimiter<K> create(int globalLimit, int perKeyLimit) {
        Limits.positive("globalLimit", globalLimit);
        Limits.positive("perKeyLimit", perKeyLimit);
        return new ConcurrencyLimiter<>(globalLimit, Math.min(perKeyLimit, globalLimit));
    }

    /**
     * Takes a slot for a key if both limits allow it.
     *
     * @param key the key, not null
     * @return {@link ConcurrencyOutcome#ACQUIRED}, or why nothing was taken
     * @throws NullPointerException if key is null
     */
    public ConcurrencyOutcome tryAcquire(K key) {
        int hash = hash(key);
        if (!reserveGlobal()) {
            globalLimited.increment();
            return ConcurrencyOutcome.GLOBAL_LIMIT;
        }
        if (!takeKeySlot(key, hash)) {
            inFlight.decrementAndGet();
            keyLimited.increment();
            return ConcurrencyOutcome.KEY_LIMIT;
        }
        acquired.increment();
        return ConcurrencyOutcome.ACQUIRED;
    }

    /**
     * Gives back one slot of a key.
     *
     * @param key the key, not null
     * @return true if the key held a slot; false, changing nothing, if it held none
     * @throws NullPointerException if key is null
     */
    public boolean release(K key) {
        int hash = hash(key);
        if (!giveKeySlot(key, hash)) {
            return false;
        }
        inFlight.decrementAndGet();
        released.increment();
        return true;
    }

    /**
     * Returns the slots held in all now.
     *
     * @return between 0 and {@link #globalLimit()}
     */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Returns the slots a key holds now.
     *
     * @param key the key, not null
     * @return between 0 and {@link #perKeyLimit()}
     * @throws NullPointerException if key is null
     */
    public int inFlight(K key) {
        int hash = hash(key);
        KeySlots<Holder> stripe = stripeOf(hash);
        synchronized (stripe) {
            Holder holder = stripe.find(key, hash);
            return holder == null ? 0 : holder.slots;
        }
    }

    /**
     * Returns the most slots held at once in all.
     *
     * @return the global limit
     */
    public int globalLimit() {
        return globalLimit;
    }

    /**
     * Returns the most slots one key holds at once.
     *
     * @return the per-key limit, at most the global limit
     */
    public int perKeyLimit() {
        return perKeyLimit;
    }

    /**
     * Returns the counters.
     *
     * @return a new snapshot
     */
    public ConcurrencyStats stats() {
        int keys = 0;
        for (KeySlots<Holder> stripe : stripes) {
            synchronized (stripe) {
                keys += stripe.size();
            }
        }
        return new ConcurrencyStats(acquired.sum(), keyLimited.sum(), globalLimited.sum(),
                released.sum(), inFlight.get(), peakInFlight.get(), keys);
    }

    @Override
    public String toString() {
        return "ConcurrencyLimiter[globalLimit=" + globalLimit + ", perKeyLimit="
                + perKeyLimit + ", inFlight=" + inFlight.get() + "]";
    }

    private boolean reserveGlobal() {
        int current = inFlight.get();
        while (current < globalLimit) {
            int witness = inFlight.compareAndExchange(current, current + 1);
            if (witness == current) {
                peakInFlight.accumulateAndGet(current + 1, Math::max);
                return true;
            }
            current = witness;
        }
        return false;
    }

    private boolean takeKeySlot(K key, int hash) {
        KeySlots<Holder> stripe = stripeOf(hash);
        synchronized (stripe) {
            Holder holder = stripe.acquire(key, hash, 0L);
            if (holder.slots >= perKeyLimit) {
                return false;
            }
            holder.slots++;
            return true;
        }
    }

    private boolean giveKeySlot(K key, int hash) {
        KeySlots<Holder> stripe = stripeOf(hash);
        synchronized (stripe) {
            Holder holder = stripe.find(key, hash);
            if (holder == null) {
                return false;
            }
            holder.slots--;
            if (holder.slots == 0) {
                stripe.remove(key, hash);
            }
            return true;
        }
    }

    private KeySlots<Holder> stripeOf(int hash) {
        return stripes[(hash >>> 16) & stripeMask];
    }

    private static int hash(Object key) {
        int h = Objects.requireNonNull(key, "key").hashCode() * GOLDEN;
        return h ^ (h >>> 16);
    }

    /*
     * A key is in a table only while it holds a slot, and every held slot is covered by a
     * global reservation, so one stripe never holds more than globalLimit keys: giving each
     * stripe that capacity means no key is ever evicted.
     */
    @SuppressWarnings("unchecked")
    private static KeySlots<Holder>[] newStripes(int globalLimit) {
        int wanted = Runtime.getRuntime().availableProcessors() * STRIPES_PER_CPU;
        KeySlots<Holder>[] result = new KeySlots[Integer.highestOneBit(wanted)];
        KeySlots.StatePolicy<Holder> policy = new KeySlots.StatePolicy<>() {
            @Override
            public Holder newState() {
                return new Holder();
            }

            @Override
            public void rest(Holder holder, long nowNs) {
                holder.slots = 0;
            }
        };
        for (int i = 0; i < result.length; i++) {
            result[i] = new KeySlots<>(globalLimit, policy);
        }
        return result;
    }
}

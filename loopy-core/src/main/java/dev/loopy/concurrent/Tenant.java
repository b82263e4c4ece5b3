package dev.loopy.concurrent;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One tenant of a {@link ConcurrencyPool}: an id, a slot limit and the slots it holds.
 *
 * <p>Any thread may call every method. Acquiring through the tenant skips the pool's lookup
 * by id; the global cap applies all the same. Once {@link ConcurrencyPool#removeTenant
 * removed}, a tenant refuses acquisitions with {@link ConcurrencyPoolOutcome#UNKNOWN_TENANT},
 * reports 0 active slots, and its releases return false: the removal already gave its slots
 * back to the pool.
 */
public final class Tenant {
    /* The held count doubles as the removal flag: a removed tenant holds REMOVED, so a
     * reservation and a removal that race decide on one compare-and-set. */
    private static final int REMOVED = -1;

    private final ConcurrencyPool pool;
    private final String id;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final LongAdder acquired = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder refusedTenantLimit = new LongAdder();
    private final LongAdder refusedGlobalLimit = new LongAdder();
    private volatile int limit;

    Tenant(ConcurrencyPool pool, String id, int limit) {
        this.pool = pool;
        this.id = id;
        this.limit = limit;
    }

    /**
     * Returns the pool this tenant belongs to, or belonged to before its removal.
     *
     * @return the pool
     */
    public ConcurrencyPool pool() {
        return pool;
    }

    /**
     * Returns the tenant's id.
     *
     * @return the id given when it was added
     */
    public String id() {
        return id;
    }

    /**
     * Returns the most slots the tenant may hold.
     *
     * @return slots, at least 0
     */
    public int limit() {
        return limit;
    }

    /**
     * Changes the tenant's limit. Lowering it below the slots held revokes nothing: the
     * tenant is refused until its releases bring it under the new limit. Raising it may grant
     * waiting acquisitions at once.
     *
     * @param slots the new limit, at least 0
     * @throws IllegalArgumentException if {@code slots} is negative
     */
    public void setLimit(int slots) {
        this.limit = ConcurrencyPool.checkLimit("limit", slots);
        pool.capacityFreed();
    }

    /**
     * Returns the slots the tenant holds now.
     *
     * @return slots, 0 once removed
     */
    public int active() {
        return Math.max(held.get(), 0);
    }

    /**
     * Returns how many slots the tenant could acquire now if no other thread acted: the
     * smaller of its own headroom and the pool's.
     *
     * @return slots, at least 0
     */
    public int available() {
        int headroom = Math.max(limit - active(), 0);
        return isRemoved() ? 0 : Math.min(headroom, pool.available());
    }

    /**
     * Tells whether the tenant was removed from its pool.
     *
     * @return true once removed
     */
    public boolean isRemoved() {
        return held.get() == REMOVED;
    }

    /**
     * Tries to acquire one slot without waiting and without allocating.
     *
     * @return {@link ConcurrencyPoolOutcome#OK} if the slot is now held
     */
    public ConcurrencyPoolOutcome tryAcquire() {
        return pool.acquire(this, 1);
    }

    /**
     * Tries to acquire several slots at once, all or none, without waiting.
     *
     * @param slots at least 1
     * @return {@link ConcurrencyPoolOutcome#OK} if all the slots are now held
     * @throws IllegalArgumentException if {@code slots} is below 1
     */
    public ConcurrencyPoolOutcome tryAcquire(int slots) {
        return pool.acquire(this, ConcurrencyPool.checkSlots(slots));
    }

    /**
     * Releases one slot.
     *
     * @return true if released, false if the tenant was removed meanwhile
     * @throws IllegalArgumentException if the tenant holds no slot
     */
    public boolean release() {
        return pool.release(this, 1);
    }

    /**
     * Releases several slots.
     *
     * @param slots at least 1, at most the slots held
     * @return true if released, false if the tenant was removed meanwhile
     * @throws IllegalArgumentException if {@code slots} is below 1 or above the slots held
     */
    public boolean release(int slots) {
        return pool.release(this, ConcurrencyPool.checkSlots(slots));
    }

    /**
     * Takes a snapshot of the tenant's slots and counters.
     *
     * @return the snapshot
     */
    public TenantStats stats() {
        return new TenantStats(id, limit, active(), peak.get(), acquired.sum(), released.sum(),
                refusedTenantLimit.sum(), refusedGlobalLimit.sum());
    }

    /** Zeroes the tenant's counters and sets its peak to the slots held now. */
    public void resetStats() {
        acquired.reset();
        released.reset();
        refusedTenantLimit.reset();
        refusedGlobalLimit.reset();
        peak.set(active());
    }

    @Override
    public String toString() {
        return "Tenant[id=" + id + ", limit=" + limit + ", active=" + active() + "]";
    }

    /** A read with no reservation, so that a full tenant never touches the global count. */
    ConcurrencyPoolOutcome check(int slots) {
        int current = held.get();
        if (current == REMOVED) {
            return ConcurrencyPoolOutcome.UNKNOWN_TENANT;
        }
        return current > limit - slots ? ConcurrencyPoolOutcome.TENANT_LIMIT
                : ConcurrencyPoolOutcome.OK;
    }

    ConcurrencyPoolOutcome reserve(int slots) {
        while (true) {
            int current = held.get();
            if (current == REMOVED) {
                return ConcurrencyPoolOutcome.UNKNOWN_TENANT;
            }
            if (current > limit - slots) {
                return ConcurrencyPoolOutcome.TENANT_LIMIT;
            }
            if (held.compareAndSet(current, current + slots)) {
                ConcurrencyPool.raisePeak(peak, current + slots);
                return ConcurrencyPoolOutcome.OK;
            }
        }
    }

    boolean unreserve(int slots) {
        while (true) {
            int current = held.get();
            if (current == REMOVED) {
                return false;
            }
            if (slots > current) {
                throw new IllegalArgumentException("slots=" + slots + " (expected <= "
                        + current + ", the slots tenant=" + id + " holds)");
            }
            if (held.compareAndSet(current, current - slots)) {
                return true;
            }
        }
    }

    /** Marks the tenant removed and returns the slots it held, which the pool gives back. */
    int detach() {
        int current = held.getAndSet(REMOVED);
        return Math.max(current, 0);
    }

    void count(ConcurrencyPoolOutcome outcome) {
        switch (outcome) {
            case OK -> acquired.increment();
            case TENANT_LIMIT -> refusedTenantLimit.increment();
            case GLOBAL_LIMIT -> refusedGlobalLimit.increment();
            default -> {
            }
        }
    }

    void countRelease() {
        released.increment();
    }
}

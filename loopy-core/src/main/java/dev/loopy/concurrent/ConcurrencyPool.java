package dev.loopy.concurrent;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission control by slots: each tenant may hold up to its own limit, and all tenants
 * together up to a global limit.
 *
 * <p>Any thread may call every method. {@link #tryAcquire(String)} neither waits nor
 * allocates and returns a {@link ConcurrencyPoolOutcome}; a granted slot is given back with
 * {@link #release(String)}. Tenants may be added, removed and given new limits while other
 * threads acquire. The limits are never exceeded, whatever the interleaving: a grant first
 * reserves global slots and then tenant slots, each with a compare-and-set that checks the
 * limit, and gives the global slots back if the tenant refuses.
 *
 * <p>Tenant ids are compared as strings. Removing a tenant gives its held slots back to the
 * pool at once; the holders' later releases return false.
 *
 * <p>Waiting: {@link #acquire(String, int, Duration, Loop, ConcurrencyPoolCallback)} waits
 * for slots up to a timeout and reports on a loop's thread. Waiting acquisitions are
 * granted in arrival order among those that fit when slots are released or limits raised,
 * and cost nothing to releases while none wait.
 *
 * <p>Limitations: a release by id goes to the tenant registered under that id at the time
 * of the release. If a tenant is removed and a new one added under the same id, a holder of
 * the old tenant's slots would release the new tenant's; hold the {@link Tenant} handle and
 * release through it when tenants churn. Acquisitions are not queued behind each other:
 * {@code tryAcquire} may take a slot that a waiting acquisition wanted.
 */
public final class ConcurrencyPool implements AutoCloseable {
    /** The limit that means no limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private static final Duration LONGEST_WAIT = Duration.ofDays(30);
    private static final Comparator<Tenant> BY_ID = Comparator.comparing(Tenant::id);

    private final ConcurrentHashMap<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final AtomicInteger tenantCount = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final LongAdder acquired = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder refusedTenantLimit = new LongAdder();
    private final LongAdder refusedGlobalLimit = new LongAdder();
    private final LongAdder refusedUnknownTenant = new LongAdder();
    private final LongAdder waited = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final ReentrantLock waitLock = new ReentrantLock();
    /** Waiting acquisitions in arrival order. Guarded by waitLock. */
    private final ArrayDeque<ConcurrencyPoolWaiter> waiters = new ArrayDeque<>();
    /** The size of waiters, readable without the lock. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final int defaultTenantLimit;
    private final int maxTenants;
    private final boolean autoCreateTenants;
    private volatile int globalLimit;
    private volatile boolean closed;

    private ConcurrencyPool(ConcurrencyPoolOptions options) {
        this.globalLimit = options.globalLimit();
        this.defaultTenantLimit = options.defaultTenantLimit();
        this.maxTenants = options.maxTenants();
        this.autoCreateTenants = options.autoCreateTenants();
    }

    /**
     * Creates a pool with the {@link ConcurrencyPoolOptions#defaults() default settings}.
     *
     * @return a pool with no tenants
     */
    public static ConcurrencyPool create() {
        return create(ConcurrencyPoolOptions.defaults());
    }

    /**
     * Creates a pool.
     *
     * @param options the settings
     * @return a pool with no tenants
     */
    public static ConcurrencyPool create(ConcurrencyPoolOptions options) {
        return new ConcurrencyPool(Objects.requireNonNull(options, "options"));
    }

    /**
     * Adds a tenant with the pool's default limit.
     *
     * @param tenantId the id, not empty
     * @return the new tenant
     * @throws IllegalArgumentException if the id is empty or already taken
     * @throws IllegalStateException if the pool already holds {@code maxTenants} tenants
     * @throws ClosedException if the pool was closed
     */
    public Tenant addTenant(String tenantId) {
        return addTenant(tenantId, defaultTenantLimit);
    }

    /**
     * Adds a tenant.
     *
     * @param tenantId the id, not empty
     * @param limit the most slots the tenant may hold, at least 0
     * @return the new tenant
     * @throws IllegalArgumentException if the id is empty or already taken, or the limit
     *     negative
     * @throws IllegalStateException if the pool already holds {@code maxTenants} tenants
     * @throws ClosedException if the pool was closed
     */
    public Tenant addTenant(String tenantId, int limit) {
        checkId(tenantId);
        checkLimit("limit", limit);
        if (closed) {
            throw new ClosedException("concurrency pool is closed (addTenant)");
        }
        if (!reserveTenantCount()) {
            throw new IllegalStateException("tenants=" + maxTenants
                    + " (expected fewer than maxTenants=" + maxTenants + " to add one)");
        }
        Tenant fresh = new Tenant(this, tenantId, limit);
        if (!insert(fresh)) {
            throw new IllegalArgumentException(
                    "tenantId=" + tenantId + " (expected an id not already in the pool)");
        }
        return fresh;
    }

    /**
     * Removes a tenant and gives the slots it holds back to the pool. Waiting acquisitions
     * of the tenant end with {@link ConcurrencyPoolOutcome#UNKNOWN_TENANT}.
     *
     * @param tenantId the id
     * @return true if the tenant existed
     */
    public boolean removeTenant(String tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        Tenant tenant = tenants.remove(tenantId);
        if (tenant == null) {
            return false;
        }
        tenantCount.decrementAndGet();
        active.addAndGet(-tenant.detach());
        capacityFreed();
        return true;
    }

    /**
     * Looks a tenant up.
     *
     * @param tenantId the id
     * @return the tenant, or empty if the pool has none of that id
     */
    public Optional<Tenant> tenant(String tenantId) {
        return Optional.ofNullable(tenants.get(Objects.requireNonNull(tenantId, "tenantId")));
    }

    /**
     * Returns the tenants, ordered by id. The list is a snapshot; the tenants in it are live.
     *
     * @return the tenants at the time of the call
     */
    public List<Tenant> tenants() {
        List<Tenant> snapshot = new ArrayList<>(tenants.values());
        snapshot.sort(BY_ID);
        return snapshot;
    }

    /**
     * Returns the number of tenants.
     *
     * @return tenants, at least 0
     */
    public int tenantCount() {
        return tenants.size();
    }

    /**
     * Tries to acquire one slot for a tenant without waiting and without allocating (an
     * auto-created tenant is allocated once, on first use).
     *
     * @param tenantId the tenant's id
     * @return {@link ConcurrencyPoolOutcome#OK} if the slot is now held, else why not
     */
    public ConcurrencyPoolOutcome tryAcquire(String tenantId) {
        return tryAcquire(tenantId, 1);
    }

    /**
     * Tries to acquire several slots for a tenant, all or none, without waiting.
     *
     * @param tenantId the tenant's id
     * @param slots at least 1
     * @return {@link ConcurrencyPoolOutcome#OK} if all the slots are now held, else why not;
     *     when both limits are reached the tenant's wins
     * @throws IllegalArgumentException if {@code slots} is below 1
     */
    public ConcurrencyPoolOutcome tryAcquire(String tenantId, int slots) {
        checkSlots(slots);
        Tenant tenant = lookup(tenantId);
        return tenant == null ? unknownOrClosed() : acquire(tenant, slots);
    }

    /**
     * Acquires slots for a tenant, waiting up to a timeout for them; the outcome is delivered
     * on a loop's thread. Any thread may call this.
     *
     * @param tenantId the tenant's id
     * @param slots at least 1
     * @param timeout the longest wait, from zero (which tries once) to 30 days
     * @param loop the loop whose thread runs the callback and the deadline's timer
     * @param callback receives the outcome, once
     * @return the waiting acquisition, to cancel it
     * @throws IllegalArgumentException if {@code slots} is below 1 or the timeout negative
     * @throws ClosedException if the loop is closed
     */
    public ConcurrencyPoolWaiter acquire(String tenantId, int slots, Duration timeout, Loop loop,
            ConcurrencyPoolCallback callback) {
        checkSlots(slots);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(callback, "callback");
        if (timeout.isNegative() || timeout.compareTo(LONGEST_WAIT) > 0) {
            throw new IllegalArgumentException(
                    "timeout=" + timeout + " (expected >= 0 and <= " + LONGEST_WAIT + ")");
        }
        Tenant tenant = lookup(tenantId);
        // The loop's clock may be read from any thread; the deadline counts from this call.
        long deadlineNs = loop.clock().nanoTime() + timeout.toNanos();
        ConcurrencyPoolWaiter waiter = new ConcurrencyPoolWaiter(this, tenantId, tenant, slots,
                deadlineNs, loop, callback);
        ConcurrencyPoolOutcome first = tenant == null ? unknownOrClosed() : attempt(tenant, slots);
        if (first == ConcurrencyPoolOutcome.TENANT_LIMIT
                || first == ConcurrencyPoolOutcome.GLOBAL_LIMIT) {
            await(waiter);
        } else if (!settleAndPost(waiter, first)) {
            if (first == ConcurrencyPoolOutcome.OK) {
                giveBack(tenant, slots);
            }
            throw new ClosedException("loop is closed (acquire)");
        }
        return waiter;
    }

    /**
     * Releases one slot of a tenant.
     *
     * @param tenantId the tenant's id
     * @return true if released, false if the pool has no such tenant (a removed tenant's
     *     slots were given back by its removal)
     * @throws IllegalArgumentException if the tenant holds no slot
     */
    public boolean release(String tenantId) {
        return release(tenantId, 1);
    }

    /**
     * Releases several slots of a tenant.
     *
     * @param tenantId the tenant's id
     * @param slots at least 1, at most the slots the tenant holds
     * @return true if released, false if the pool has no such tenant
     * @throws IllegalArgumentException if {@code slots} is below 1 or above the slots held
     */
    public boolean release(String tenantId, int slots) {
        checkSlots(slots);
        Tenant tenant = tenants.get(Objects.requireNonNull(tenantId, "tenantId"));
        return tenant != null && release(tenant, slots);
    }

    /**
     * Returns the most slots all tenants together may hold.
     *
     * @return the cap, or {@link #UNLIMITED}
     */
    public int globalLimit() {
        return globalLimit;
    }

    /**
     * Changes the global limit. Lowering it below the slots held revokes nothing.
     *
     * @param slots the new cap, at least 0, or {@link #UNLIMITED}
     * @throws IllegalArgumentException if {@code slots} is negative
     */
    public void setGlobalLimit(int slots) {
        this.globalLimit = checkLimit("globalLimit", slots);
        capacityFreed();
    }

    /**
     * Returns the slots held now, over all tenants.
     *
     * @return slots, at least 0
     */
    public int active() {
        return active.get();
    }

    /**
     * Returns the slots the global limit still allows.
     *
     * @return slots, at least 0, or {@link #UNLIMITED} when there is no global limit
     */
    public int available() {
        int limit = globalLimit;
        return limit == UNLIMITED ? UNLIMITED : Math.max(limit - active.get(), 0);
    }

    /**
     * Takes a snapshot of the global slots and counters.
     *
     * @return the snapshot
     */
    public ConcurrencyPoolStats stats() {
        return new ConcurrencyPoolStats(globalLimit, active.get(), peak.get(), tenants.size(),
                acquired.sum(), released.sum(), refusedTenantLimit.sum(),
                refusedGlobalLimit.sum(), refusedUnknownTenant.sum(), waited.sum(),
                timedOut.sum(), waiting.get());
    }

    /** Zeroes the global counters and sets the peak to the slots held now. */
    public void resetStats() {
        acquired.reset();
        released.reset();
        refusedTenantLimit.reset();
        refusedGlobalLimit.reset();
        refusedUnknownTenant.reset();
        waited.reset();
        timedOut.reset();
        peak.set(active.get());
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the pool: acquisitions return {@link ConcurrencyPoolOutcome#CLOSED} from now on,
     * and so do waiting ones. Releases still work, so holders can give their slots back.
     * Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        grantWaiters();
    }

    @Override
    public String toString() {
        return "ConcurrencyPool[tenants=" + tenants.size() + ", active=" + active.get()
                + ", globalLimit=" + globalLimit + "]";
    }

    ConcurrencyPoolOutcome acquire(Tenant tenant, int slots) {
        ConcurrencyPoolOutcome outcome = attempt(tenant, slots);
        count(tenant, outcome);
        return outcome;
    }

    boolean release(Tenant tenant, int slots) {
        if (!giveBack(tenant, slots)) {
            return false;
        }
        tenant.countRelease();
        released.increment();
        capacityFreed();
        return true;
    }

    /** Called whenever slots were given back or a limit changed: serves waiters if any. */
    void capacityFreed() {
        if (waiting.get() > 0) {
            grantWaiters();
        }
    }

    /** Drops a waiter that settled by itself (cancelled or timed out). */
    void forget(ConcurrencyPoolWaiter waiter) {
        waitLock.lock();
        try {
            waiters.remove(waiter);
            waiting.set(waiters.size());
        } finally {
            waitLock.unlock();
        }
    }

    void expired(ConcurrencyPoolWaiter waiter) {
        timedOut.increment();
        forget(waiter);
    }

    /** Raises a peak; the plain read first keeps the steady state free of writes. */
    static void raisePeak(AtomicInteger peak, int candidate) {
        if (candidate > peak.get()) {
            peak.accumulateAndGet(candidate, Math::max);
        }
    }

    static int checkSlots(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots=" + slots + " (expected >= 1)");
        }
        return slots;
    }

    static int checkLimit(String name, int slots) {
        if (slots < 0) {
            throw new IllegalArgumentException(name + "=" + slots + " (expected >= 0)");
        }
        return slots;
    }

    private ConcurrencyPoolOutcome attempt(Tenant tenant, int slots) {
        if (closed) {
            return ConcurrencyPoolOutcome.CLOSED;
        }
        ConcurrencyPoolOutcome outcome = tenant.check(slots);
        return outcome == ConcurrencyPoolOutcome.OK ? reserve(tenant, slots) : outcome;
    }

    private boolean giveBack(Tenant tenant, int slots) {
        if (!tenant.unreserve(slots)) {
            return false;
        }
        active.addAndGet(-slots);
        return true;
    }

    private void await(ConcurrencyPoolWaiter waiter) {
        waiter.startDeadline();
        waited.increment();
        waitLock.lock();
        try {
            waiters.add(waiter);
            waiting.set(waiters.size());
        } finally {
            waitLock.unlock();
        }
        grantWaiters();
    }

    /**
     * Grants waiters in arrival order, and settles those whose tenant is gone or whose pool
     * is closed. A grant that loses its waiter to a concurrent timeout or cancel gives its
     * slots back and starts the pass again, so that a waiter passed over can use them.
     */
    private void grantWaiters() {
        waitLock.lock();
        try {
            boolean again = true;
            while (again) {
                again = grantPass();
            }
            waiting.set(waiters.size());
        } finally {
            waitLock.unlock();
        }
    }

    /** One pass over the waiters; true if slots were given back and a new pass is due. */
    private boolean grantPass() {
        Iterator<ConcurrencyPoolWaiter> pending = waiters.iterator();
        while (pending.hasNext()) {
            ConcurrencyPoolWaiter waiter = pending.next();
            if (!waiter.isWaiting()) {
                pending.remove();
                continue;
            }
            ConcurrencyPoolOutcome outcome = attempt(waiter.tenant(), waiter.slots());
            if (outcome == ConcurrencyPoolOutcome.TENANT_LIMIT
                    || outcome == ConcurrencyPoolOutcome.GLOBAL_LIMIT) {
                continue;
            }
            pending.remove();
            if (!settleAndPost(waiter, outcome) && outcome == ConcurrencyPoolOutcome.OK) {
                giveBack(waiter.tenant(), waiter.slots());
                return true;
            }
        }
        return false;
    }

    /**
     * Settles a waiter and posts its callback; false, with nothing delivered, if it had
     * settled already or its loop is closed.
     */
    private boolean settleAndPost(ConcurrencyPoolWaiter waiter, ConcurrencyPoolOutcome outcome) {
        if (!waiter.settle(outcome)) {
            return false;
        }
        if (outcome == ConcurrencyPoolOutcome.OK) {
            count(waiter.tenant(), outcome);
        }
        return waiter.post();
    }

    private ConcurrencyPoolOutcome reserve(Tenant tenant, int slots) {
        if (!reserveGlobal(slots)) {
            return ConcurrencyPoolOutcome.GLOBAL_LIMIT;
        }
        ConcurrencyPoolOutcome outcome = tenant.reserve(slots);
        if (outcome != ConcurrencyPoolOutcome.OK) {
            active.addAndGet(-slots);
        }
        return outcome;
    }

    private boolean reserveGlobal(int slots) {
        while (true) {
            int current = active.get();
            if (current > globalLimit - slots) {
                return false;
            }
            if (active.compareAndSet(current, current + slots)) {
                raisePeak(peak, current + slots);
                return true;
            }
        }
    }

    private void count(Tenant tenant, ConcurrencyPoolOutcome outcome) {
        tenant.count(outcome);
        switch (outcome) {
            case OK -> acquired.increment();
            case TENANT_LIMIT -> refusedTenantLimit.increment();
            case GLOBAL_LIMIT -> refusedGlobalLimit.increment();
            case UNKNOWN_TENANT -> refusedUnknownTenant.increment();
            default -> {
            }
        }
    }

    private ConcurrencyPoolOutcome unknownOrClosed() {
        if (closed) {
            return ConcurrencyPoolOutcome.CLOSED;
        }
        refusedUnknownTenant.increment();
        return ConcurrencyPoolOutcome.UNKNOWN_TENANT;
    }

    private Tenant lookup(String tenantId) {
        Tenant tenant = tenants.get(Objects.requireNonNull(tenantId, "tenantId"));
        if (tenant != null || !autoCreateTenants || closed || tenantId.isEmpty()) {
            return tenant;
        }
        if (!reserveTenantCount()) {
            return null;
        }
        Tenant fresh = new Tenant(this, tenantId, defaultTenantLimit);
        return insert(fresh) ? fresh : tenants.get(tenantId);
    }

    /** Puts a tenant whose count was reserved; false, with the count given back, if taken. */
    private boolean insert(Tenant fresh) {
        if (tenants.putIfAbsent(fresh.id(), fresh) == null) {
            return true;
        }
        tenantCount.decrementAndGet();
        return false;
    }

    private boolean reserveTenantCount() {
        while (true) {
            int current = tenantCount.get();
            if (current >= maxTenants) {
                return false;
            }
            if (tenantCount.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private static void checkId(String tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        if (tenantId.isEmpty()) {
            throw new IllegalArgumentException("tenantId=\"\" (expected a non-empty id)");
        }
    }
}

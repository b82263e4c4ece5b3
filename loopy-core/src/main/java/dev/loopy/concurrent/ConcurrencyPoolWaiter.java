package dev.loopy.concurrent;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import dev.loopy.Timer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A waiting acquisition from a {@link ConcurrencyPool}: slots wanted by a tenant, a deadline,
 * and a callback on a loop.
 *
 * <p>{@link #cancel()}, {@link #outcome()} and the accessors may be called from any thread.
 * The acquisition settles once, with the first of: the slots granted, the deadline passed,
 * a cancel, the tenant's removal or the pool's close; its callback then runs on the loop.
 */
public final class ConcurrencyPoolWaiter {
    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(ConcurrencyPoolWaiter.class,
                    "outcome", ConcurrencyPoolOutcome.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrencyPool pool;
    private final String tenantId;
    private final Tenant tenant;
    private final int slots;
    /** When the wait ends, on the loop's clock, fixed at the acquisition. */
    private final long deadlineNs;
    private final Loop loop;
    private final ConcurrencyPoolCallback callback;
    /** Null while waiting; set once, by the compare-and-set that settles the acquisition. */
    private ConcurrencyPoolOutcome outcome;
    /** The deadline's timer; loop thread only. */
    private Timer timer;

    ConcurrencyPoolWaiter(ConcurrencyPool pool, String tenantId, Tenant tenant, int slots,
            long deadlineNs, Loop loop, ConcurrencyPoolCallback callback) {
        this.pool = pool;
        this.tenantId = tenantId;
        this.tenant = tenant;
        this.slots = slots;
        this.deadlineNs = deadlineNs;
        this.loop = loop;
        this.callback = callback;
    }

    /**
     * Returns the id of the tenant the slots are for.
     *
     * @return the tenant's id
     */
    public String tenantId() {
        return tenantId;
    }

    /**
     * Returns the number of slots wanted.
     *
     * @return at least 1
     */
    public int slots() {
        return slots;
    }

    /**
     * Returns how the acquisition ended.
     *
     * @return the outcome, or empty while it waits
     */
    public Optional<ConcurrencyPoolOutcome> outcome() {
        return Optional.ofNullable(outcomeVolatile());
    }

    /**
     * Cancels the acquisition if it still waits; its callback then receives
     * {@link ConcurrencyPoolOutcome#CANCELLED}.
     *
     * @return true if this call cancelled it
     */
    public boolean cancel() {
        if (!settle(ConcurrencyPoolOutcome.CANCELLED)) {
            return false;
        }
        pool.forget(this);
        post();
        return true;
    }

    @Override
    public String toString() {
        String settled = outcome().map(ConcurrencyPoolOutcome::label).orElse("waiting");
        return "ConcurrencyPoolWaiter[tenant=" + tenantId + ", slots=" + slots + ", outcome="
                + settled + "]";
    }

    /** The tenant, or null when it was unknown at the acquisition. */
    Tenant tenant() {
        return tenant;
    }

    boolean settle(ConcurrencyPoolOutcome settled) {
        return casOutcome(settled);
    }

    boolean isWaiting() {
        return outcomeVolatile() == null;
    }

    /** Hands the callback to the loop; false if the loop is closed and it cannot run. */
    boolean post() {
        try {
            loop.execute(this::deliver);
            return true;
        } catch (ClosedException loopClosed) {
            return false;
        }
    }

    /**
     * Has the loop start the deadline's timer.
     *
     * @throws ClosedException if the loop is closed
     */
    void startDeadline() {
        loop.execute(this::arm);
    }

    private void arm() {
        if (isWaiting()) {
            long delayNs = Math.max(deadlineNs - loop.nowNs(), 0);
            timer = loop.schedule(delayNs, TimeUnit.NANOSECONDS, fired -> expire());
        }
    }

    private void expire() {
        timer = null;
        if (settle(ConcurrencyPoolOutcome.TIMEOUT)) {
            pool.expired(this);
            deliver();
        }
    }

    private void deliver() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        callback.onAcquire(outcomeVolatile());
    }

    private ConcurrencyPoolOutcome outcomeVolatile() {
        return (ConcurrencyPoolOutcome) OUTCOME.getVolatile(this);
    }

    private boolean casOutcome(ConcurrencyPoolOutcome settled) {
        return OUTCOME.compareAndSet(this, null, settled);
    }
}

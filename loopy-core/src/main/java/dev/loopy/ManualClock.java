package dev.loopy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, for tests that drive timers, rate limits and
 * time-to-live without sleeping.
 *
 * <p>Any thread may read and advance it. Every loop created with this clock is woken when
 * the clock advances, so a loop running on its own thread fires the timers that became due
 * at once; a loop blocked in its poll never waits on a virtual deadline in real time.
 */
public final class ManualClock implements Clock {
    private final AtomicLong nowNs;
    private static final Runnable[] NO_LISTENERS = {};

    /* Copied on write, so that advancing the clock reads it without a lock or an iterator. */
    private volatile Runnable[] listeners = NO_LISTENERS;

    /** Creates a clock that reads 0. */
    public ManualClock() {
        this(0L);
    }

    /**
     * Creates a clock that reads the given time.
     *
     * @param startNs the first reading, in nanoseconds
     */
    public ManualClock(long startNs) {
        this.nowNs = new AtomicLong(startNs);
    }

    @Override
    public long nanoTime() {
        return nowNs.get();
    }

    /**
     * Moves the clock forward and wakes the loops that use it.
     *
     * @param delta how far, at least zero
     * @return the new reading, in nanoseconds
     * @throws IllegalArgumentException if {@code delta} is negative
     */
    public long advance(Duration delta) {
        Objects.requireNonNull(delta, "delta");
        if (delta.isNegative()) {
            throw new IllegalArgumentException("delta=" + delta + " (expected >= 0)");
        }
        return advanceNs(delta.toNanos());
    }

    /**
     * Moves the clock forward and wakes the loops that use it.
     *
     * @param deltaNs how far, in nanoseconds, at least zero
     * @return the new reading, in nanoseconds
     * @throws IllegalArgumentException if {@code deltaNs} is negative
     */
    public long advanceNs(long deltaNs) {
        if (deltaNs < 0) {
            throw new IllegalArgumentException("deltaNs=" + deltaNs + " (expected >= 0)");
        }
        long now = nowNs.addAndGet(deltaNs);
        Runnable[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            current[i].run();
        }
        return now;
    }

    synchronized void addListener(Runnable listener) {
        Runnable[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[grown.length - 1] = listener;
        listeners = grown;
    }

    synchronized void removeListener(Runnable listener) {
        Runnable[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == listener) {
                Runnable[] shrunk = new Runnable[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, shrunk.length - i);
                listeners = shrunk;
                return;
            }
        }
    }
}

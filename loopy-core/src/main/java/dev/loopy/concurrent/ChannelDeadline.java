package dev.loopy.concurrent;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Turns timeouts into absolute deadlines on {@link System#nanoTime()}, and checks them.
 *
 * <p>Stateless; any thread.
 */
final class ChannelDeadline {
    /** The deadline of an operation that may wait forever. */
    static final long NONE = Long.MAX_VALUE;
    /** The timeout of an operation that may wait forever. */
    static final long FOREVER = Long.MAX_VALUE;

    /** Timeouts from here on are treated as forever: about 146 years. */
    private static final long FOREVER_NS = Long.MAX_VALUE >> 1;

    private ChannelDeadline() {
    }

    /**
     * Checks a timeout before the operation's first attempt, which needs no clock.
     *
     * @throws IllegalArgumentException if the timeout is negative
     * @throws NullPointerException if the unit is null
     */
    static void check(long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout=" + timeout + " (expected >= 0)");
        }
    }

    /** As {@link #check(long, TimeUnit)}, for a {@link Duration}. */
    static void check(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout=" + timeout + " (expected >= 0)");
        }
    }

    /**
     * Returns the deadline a timeout gives, measured from now.
     *
     * @throws IllegalArgumentException if the timeout is negative
     * @throws NullPointerException if the unit is null
     */
    static long after(long timeout, TimeUnit unit) {
        check(timeout, unit);
        return afterNs(unit.toNanos(timeout));
    }

    /** As {@link #after(long, TimeUnit)}, for a {@link Duration}. */
    static long after(Duration timeout) {
        check(timeout);
        return afterNs(saturatedNanos(timeout));
    }

    /**
     * Checks a timeout and returns it in nanoseconds, saturated.
     *
     * @throws IllegalArgumentException if the timeout is negative
     * @throws NullPointerException if the unit is null
     */
    static long timeoutNs(long timeout, TimeUnit unit) {
        check(timeout, unit);
        return unit.toNanos(timeout);
    }

    /** As {@link #timeoutNs(long, TimeUnit)}, for a {@link Duration}. */
    static long timeoutNs(Duration timeout) {
        check(timeout);
        return saturatedNanos(timeout);
    }

    /**
     * Returns the deadline a channel wait keeps from the given attempt on. The clock is
     * read once spinning ends (see {@link ChannelBackoff}), or at once for a zero timeout,
     * so a wait that ends while it spins never reads it; a timed wait may thereby last
     * its timeout plus the spinning, a few microseconds.
     *
     * @param attempt the number of the attempt, from 0
     * @param timeoutNs the wait's timeout, or {@link #FOREVER}
     * @param deadlineNs the deadline kept so far, {@link #NONE} at first
     */
    static long forAttempt(int attempt, long timeoutNs, long deadlineNs) {
        if (attempt == ChannelBackoff.SPIN_TRIES || timeoutNs == 0) {
            return afterNs(timeoutNs);
        }
        return deadlineNs;
    }

    static boolean passed(long deadlineNs) {
        return deadlineNs != NONE && deadlineNs - System.nanoTime() <= 0;
    }

    private static long afterNs(long timeoutNs) {
        if (timeoutNs >= FOREVER_NS) {
            return NONE;
        }
        final long deadlineNs = System.nanoTime() + timeoutNs;
        return deadlineNs == NONE ? NONE - 1 : deadlineNs;
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}

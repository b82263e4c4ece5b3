package dev.loopy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot or periodic timer owned by a loop, reusable after it fires or is cancelled.
 *
 * <p>Every method is for the loop's thread only and throws {@link WrongThreadException}
 * elsewhere. Starting, cancelling and firing allocate nothing: the timer is its own node in
 * the loop's timer wheel, so a server can keep one timer per connection and restart it on
 * every read.
 *
 * <p>Deadlines are measured on the loop's {@link Clock}. A timer never fires before its
 * deadline; it fires in the first iteration whose timer step runs after it. A delay of zero
 * fires in the next iteration. A periodic timer keeps its phase: its n-th deadline is
 * {@code first + n * period} however late the callbacks ran, and after a long stall it
 * fires once per iteration until it has caught up.
 */
public final class Timer {
    private static final long INACTIVE = 0L;

    private final Loop loop;
    private final TimerCallback callback;
    private long wheelId = INACTIVE;
    private long deadlineNs;
    private long periodNs;
    private Object attachment;

    Timer(Loop loop, TimerCallback callback) {
        this.loop = loop;
        this.callback = Objects.requireNonNull(callback, "callback");
    }

    /**
     * Starts, or restarts, the timer as a one-shot.
     *
     * @param delay the delay, at least zero
     * @param unit the delay's unit
     * @return this timer
     * @throws IllegalArgumentException if the delay is negative
     */
    public Timer start(long delay, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        checkDelay("delay", delay);
        return arm(unit.toNanos(delay), 0L);
    }

    /**
     * Starts, or restarts, the timer as a one-shot.
     *
     * @param delay the delay, at least zero
     * @return this timer
     * @throws IllegalArgumentException if the delay is negative
     */
    public Timer start(Duration delay) {
        return arm(toNanos("delay", delay), 0L);
    }

    /**
     * Starts, or restarts, the timer as a periodic one.
     *
     * @param firstDelay the delay of the first expiry, at least zero
     * @param period the time between expiries, more than zero
     * @return this timer
     * @throws IllegalArgumentException if a duration breaks its rule
     */
    public Timer startPeriodic(Duration firstDelay, Duration period) {
        long periodNs = toNanos("period", period);
        if (periodNs == 0) {
            throw new IllegalArgumentException("period=" + period + " (expected > 0)");
        }
        return arm(toNanos("firstDelay", firstDelay), periodNs);
    }

    /**
     * Starts, or restarts, the timer as a periodic one.
     *
     * @param firstDelay the delay of the first expiry, at least zero
     * @param period the time between expiries, more than zero
     * @param unit the unit of both
     * @return this timer
     * @throws IllegalArgumentException if a value breaks its rule
     */
    public Timer startPeriodic(long firstDelay, long period, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        checkDelay("firstDelay", firstDelay);
        if (period <= 0) {
            throw new IllegalArgumentException("period=" + period + " (expected > 0)");
        }
        return arm(unit.toNanos(firstDelay), unit.toNanos(period));
    }

    /**
     * Stops the timer. Cancelling an inactive timer does nothing.
     *
     * @return true if the timer was active
     */
    public boolean cancel() {
        loop.checkThread("Timer.cancel");
        if (wheelId == INACTIVE) {
            return false;
        }
        loop.wheelCancel(wheelId);
        wheelId = INACTIVE;
        return true;
    }

    /**
     * Tells whether the timer will fire.
     *
     * @return false before the first start, after cancel, and after a one-shot fired
     */
    public boolean isActive() {
        return wheelId != INACTIVE;
    }

    /**
     * Tells whether the timer repeats.
     *
     * @return true if it was last started as a periodic timer
     */
    public boolean isPeriodic() {
        return periodNs != 0;
    }

    /**
     * Returns the next deadline.
     *
     * @return the deadline on the loop's clock, in nanoseconds; meaningless when inactive
     */
    public long deadlineNs() {
        return deadlineNs;
    }

    /**
     * Returns the loop that owns this timer.
     *
     * @return the loop
     */
    public Loop loop() {
        return loop;
    }

    /**
     * Returns the object attached with {@link #attach(Object)}.
     *
     * @return the attachment, or null
     */
    public Object attachment() {
        return attachment;
    }

    /**
     * Attaches an object for the callback's use.
     *
     * @param attachment any object, or null
     * @return the previous attachment
     */
    public Object attach(Object attachment) {
        Object previous = this.attachment;
        this.attachment = attachment;
        return previous;
    }

    private Timer arm(long delayNs, long periodNs) {
        loop.checkThread("Timer.start");
        loop.checkOpen("Timer.start");
        if (wheelId != INACTIVE) {
            loop.wheelCancel(wheelId);
        }
        this.periodNs = periodNs;
        this.deadlineNs = saturatedAdd(loop.nowNs(), delayNs);
        this.wheelId = loop.wheelSchedule(deadlineNs, this);
        return this;
    }

    /** Runs the expiry: called by the loop's timer step with the wheel id that fired. */
    void expire(long firedId) {
        if (firedId != wheelId) {
            return;
        }
        if (periodNs != 0) {
            deadlineNs = saturatedAdd(deadlineNs, periodNs);
            wheelId = loop.wheelSchedule(deadlineNs, this);
        } else {
            wheelId = INACTIVE;
        }
        callback.onTimer(this);
    }

    private static long checkDelay(String name, long delay) {
        if (delay < 0) {
            throw new IllegalArgumentException(name + "=" + delay + " (expected >= 0)");
        }
        return delay;
    }

    private static long toNanos(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + "=" + duration + " (expected >= 0)");
        }
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE - 1 : Math.min(sum, Long.MAX_VALUE - 1);
    }
}

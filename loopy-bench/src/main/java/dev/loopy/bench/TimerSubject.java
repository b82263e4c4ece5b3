package dev.loopy.bench;

import dev.loopy.internal.timer.TimerWheel;

/**
 * One timer implementation as {@link TimerBenchmark} drives it: timers are kept in numbered
 * places so that every subject pays the same bookkeeping.
 *
 * <p>Called from the benchmark thread only. Subjects with a thread of their own (Netty's
 * wheel, the JDK's executor) fire their timers there.
 */
interface TimerSubject extends AutoCloseable {
    /**
     * Schedules a timer and keeps its handle at {@code place}.
     *
     * @param place index of the handle, below the capacity the subject was built with
     * @param delayNs delay from the subject's current time
     */
    void schedule(int place, long delayNs);

    /**
     * Cancels the timer whose handle is at {@code place}.
     *
     * @param place index of the handle
     */
    void cancel(int place);

    /**
     * Schedules {@code count} timers at places {@code first..first+count-1} so that they
     * are due when {@link #expire} is next called. Not measured.
     *
     * @param first first place
     * @param count how many timers
     */
    void prepareExpiry(int first, int count);

    /**
     * Fires the timers prepared by {@link #prepareExpiry} and returns once all have fired.
     *
     * @return how many fired
     */
    int expire();

    /** Stops the subject's thread, if any, and drops every timer. */
    @Override
    void close();

    /**
     * Creates the subject of a name.
     *
     * @param name one of {@code loopy} (default tick, about 1 µs), {@code loopy-1ms} (a
     *     tick of 2^20 ns, as coarse as the rivals'), {@code agrona}, {@code netty},
     *     {@code executor}
     * @param capacity the number of places
     * @return a new subject
     */
    static TimerSubject create(String name, int capacity) {
        return switch (name) {
            case "loopy" -> new LoopyTimers(capacity, TimerWheel.DEFAULT_TICK_NS);
            case "loopy-1ms" -> new LoopyTimers(capacity, 1L << 20);
            case "agrona" -> new AgronaTimers(capacity);
            case "netty" -> new NettyTimers(capacity);
            case "executor" -> new ExecutorTimers(capacity);
            default -> throw new IllegalArgumentException("impl=" + name
                    + " (expected loopy, loopy-1ms, agrona, netty or executor)");
        };
    }
}

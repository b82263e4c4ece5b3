package dev.loopy.bench;

import dev.loopy.internal.timer.TimerWheel;

/**
 * loopy's {@link TimerWheel} on a virtual clock. Expiry advances the clock by one
 * {@link TimerBenchmark#EXPIRY_WINDOW_NS window} and fires what fell due.
 */
final class LoopyTimers implements TimerSubject {
    private static final Object OWNER = new Object();

    private final TimerWheel wheel;
    private final long[] ids;
    private final TimerWheel.ExpiryHandler handler = (timerId, owner) -> { };
    private long nowNs;

    /**
     * Creates an empty wheel.
     *
     * @param capacity the number of places
     * @param tickNs the wheel's tick
     */
    LoopyTimers(int capacity, long tickNs) {
        wheel = new TimerWheel(0, tickNs, capacity);
        ids = new long[capacity];
    }

    @Override
    public void schedule(int place, long delayNs) {
        ids[place] = wheel.schedule(nowNs + delayNs, OWNER);
    }

    @Override
    public void cancel(int place) {
        wheel.cancel(ids[place]);
    }

    @Override
    public void prepareExpiry(int first, int count) {
        long stepNs = TimerBenchmark.EXPIRY_WINDOW_NS / count;
        for (int i = 0; i < count; i++) {
            ids[first + i] = wheel.schedule(nowNs + 1 + i * stepNs, OWNER);
        }
    }

    @Override
    public int expire() {
        nowNs += TimerBenchmark.EXPIRY_WINDOW_NS;
        return wheel.expire(nowNs, handler);
    }

    @Override
    public void close() {
        nowNs = Long.MAX_VALUE - 1;
        wheel.expire(nowNs, handler);
    }
}

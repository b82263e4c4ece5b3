package dev.loopy.bench;

import java.util.concurrent.TimeUnit;
import org.agrona.DeadlineTimerWheel;

/**
 * Agrona's {@link DeadlineTimerWheel} on a virtual clock: ticks of 2^20 ns and a wheel of
 * 2^17 ticks, about 137 s, so that the benchmark's delays of 60 to 120 s never wrap round
 * the wheel and each tick holds few timers; that is the layout most favourable to it.
 * Expiry polls tick after tick until the wheel has caught up with the clock.
 */
final class AgronaTimers implements TimerSubject {
    private static final long TICK_NS = 1L << 20;
    private static final int TICKS_PER_WHEEL = 1 << 17;

    private final DeadlineTimerWheel wheel;
    private final long[] ids;
    private final DeadlineTimerWheel.TimerHandler handler = (unit, now, timerId) -> true;
    private long nowNs;

    AgronaTimers(int capacity) {
        wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, 0, TICK_NS, TICKS_PER_WHEEL);
        ids = new long[capacity];
    }

    @Override
    public void schedule(int place, long delayNs) {
        ids[place] = wheel.scheduleTimer(nowNs + delayNs);
    }

    @Override
    public void cancel(int place) {
        wheel.cancelTimer(ids[place]);
    }

    @Override
    public void prepareExpiry(int first, int count) {
        long stepNs = TimerBenchmark.EXPIRY_WINDOW_NS / count;
        for (int i = 0; i < count; i++) {
            ids[first + i] = wheel.scheduleTimer(nowNs + 1 + i * stepNs);
        }
    }

    @Override
    public int expire() {
        nowNs += TimerBenchmark.EXPIRY_WINDOW_NS;
        int fired = 0;
        do {
            fired += wheel.poll(nowNs, handler, Integer.MAX_VALUE);
        } while (wheel.currentTickTime() <= nowNs);
        return fired;
    }

    @Override
    public void close() {
        wheel.clear();
    }
}

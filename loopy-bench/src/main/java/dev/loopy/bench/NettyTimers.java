package dev.loopy.bench;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.concurrent.TimeUnit;

/**
 * Netty's {@link HashedWheelTimer}: ticks of 1 ms and 2^17 buckets, so that the delays of
 * the benchmark never wrap round the wheel; no leak detection, no limit on pending
 * timeouts. Its worker thread inserts, cancels and fires; the caller only queues.
 */
final class NettyTimers implements TimerSubject {
    private static final int TICKS_PER_WHEEL = 1 << 17;
    private static final TimerTask NOTHING = timeout -> { };

    private final HashedWheelTimer timer;
    private final Timeout[] timeouts;
    private final WorkerGate gate = new WorkerGate();
    private final TimerTask counting = timeout -> gate.fired();
    private int batchSize;

    NettyTimers(int capacity) {
        timer = new HashedWheelTimer(DaemonThreads.named("netty-wheel"), 1,
                TimeUnit.MILLISECONDS, TICKS_PER_WHEEL, false, -1);
        timer.start();
        timeouts = new Timeout[capacity];
    }

    @Override
    public void schedule(int place, long delayNs) {
        timeouts[place] = timer.newTimeout(NOTHING, delayNs, TimeUnit.NANOSECONDS);
    }

    @Override
    public void cancel(int place) {
        timeouts[place].cancel();
    }

    @Override
    public void prepareExpiry(int first, int count) {
        batchSize = count;
        gate.arm(count);
        timer.newTimeout(timeout -> gate.run(), 0, TimeUnit.NANOSECONDS);
        gate.awaitEntered();
        for (int i = 0; i < count; i++) {
            timeouts[first + i] = timer.newTimeout(counting, 0, TimeUnit.NANOSECONDS);
        }
        // Let the worker's next tick fall due, so that it does not sleep once let go.
        DaemonThreads.pause(TimeUnit.MILLISECONDS.toNanos(2));
    }

    @Override
    public int expire() {
        gate.open();
        gate.awaitBatch();
        return batchSize;
    }

    @Override
    public void close() {
        timer.stop();
    }
}

package dev.loopy.bench;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@link ScheduledThreadPoolExecutor} with one thread and
 * {@code removeOnCancelPolicy} on, so that a cancelled task leaves the queue at once.
 */
final class ExecutorTimers implements TimerSubject {
    private static final Runnable NOTHING = () -> { };

    private final ScheduledThreadPoolExecutor executor;
    private final ScheduledFuture<?>[] futures;
    private final WorkerGate gate = new WorkerGate();
    private final Runnable counting = gate::fired;
    private int batchSize;

    ExecutorTimers(int capacity) {
        executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("executor"));
        executor.setRemoveOnCancelPolicy(true);
        executor.prestartAllCoreThreads();
        futures = new ScheduledFuture<?>[capacity];
    }

    @Override
    public void schedule(int place, long delayNs) {
        futures[place] = executor.schedule(NOTHING, delayNs, TimeUnit.NANOSECONDS);
    }

    @Override
    public void cancel(int place) {
        futures[place].cancel(false);
    }

    @Override
    public void prepareExpiry(int first, int count) {
        batchSize = count;
        gate.arm(count);
        executor.execute(gate);
        gate.awaitEntered();
        for (int i = 0; i < count; i++) {
            futures[first + i] = executor.schedule(counting, 0, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public int expire() {
        gate.open();
        gate.awaitBatch();
        return batchSize;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

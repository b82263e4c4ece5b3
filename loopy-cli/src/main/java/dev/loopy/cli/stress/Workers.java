package dev.loopy.cli.stress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The platform threads of one round: started together through a gate, joined with a
 * deadline, their exceptions reported as failures.
 *
 * <p>Used by the scenario's thread only; the workers themselves touch nothing of it.
 */
public final class Workers {
    /** The body of a worker. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs the worker.
         *
         * @throws Exception any failure, reported with the worker's name
         */
        void run() throws Exception;
    }

    private static final int STACK_FRAMES = 8;

    private final StressContext context;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Creates an empty set of workers.
     *
     * @param context where failures go
     */
    public Workers(StressContext context) {
        this.context = context;
    }

    /**
     * Starts a worker that waits at the gate until {@link #open()}.
     *
     * @param name the thread's name, for reports
     * @param body what it does
     */
    public void start(String name, Body body) {
        threads.add(Thread.ofPlatform().name(name).daemon().start(() -> runGated(name, body)));
    }

    /** Lets every worker started so far begin at once. */
    public void open() {
        gate.countDown();
    }

    /**
     * Waits for every worker to end, and reports those still running after the timeout as
     * a failure and interrupts them.
     *
     * @param timeout the most to wait in all
     * @return true if every worker ended in time
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean join(Duration timeout) throws InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        boolean allEnded = true;
        for (Thread thread : threads) {
            long leftNs = Math.max(1, deadlineNs - System.nanoTime());
            if (!thread.join(Duration.ofNanos(leftNs))) {
                allEnded = false;
                context.fail(thread.getName() + " still running after " + timeout
                        + " (a hang or a lost wake-up), at " + whereIs(thread));
                thread.interrupt();
            }
        }
        return allEnded;
    }

    /** Returns the top frames of a thread's stack, for the report of a hang. */
    private static String whereIs(Thread thread) {
        StackTraceElement[] frames = thread.getStackTrace();
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < Math.min(STACK_FRAMES, frames.length); i++) {
            where.append(i == 0 ? "" : " < ").append(frames[i]);
        }
        return where.length() == 0 ? "an unknown place" : where.toString();
    }

    private void runGated(String name, Body body) {
        try {
            gate.await();
            body.run();
        } catch (InterruptedException e) {
            context.fail(name + " interrupted");
        } catch (Exception | Error e) {
            context.fail(name + " threw " + e);
        }
    }
}

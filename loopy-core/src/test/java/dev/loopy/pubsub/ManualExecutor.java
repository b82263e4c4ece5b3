package dev.loopy.pubsub;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** An executor that only queues tasks; the test runs them when it chooses. Thread-safe. */
final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private int submitted;

    @Override
    public synchronized void execute(Runnable task) {
        tasks.addLast(task);
        submitted++;
    }

    /** Runs queued tasks, including those they queue, until none is left. */
    int runAll() {
        int ran = 0;
        Runnable task;
        while ((task = next()) != null) {
            task.run();
            ran++;
        }
        return ran;
    }

    synchronized int pending() {
        return tasks.size();
    }

    synchronized int submitted() {
        return submitted;
    }

    private synchronized Runnable next() {
        return tasks.pollFirst();
    }
}

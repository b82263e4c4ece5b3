package dev.loopy.cli.stress;

import dev.loopy.Loop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The loops of one round, each run by a thread of its own, and a way to run a task on one
 * of them and wait for it.
 *
 * <p>Used by the scenario's thread only; {@link #stopAll()} must be called once, in a
 * {@code finally} block, and leaves every loop closed.
 */
public final class StressLoops {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final StressContext context;
    private final String name;
    private final List<Loop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Creates an empty set.
     *
     * @param context where failures go, and which backend loops use
     * @param name the prefix of the loop threads' names
     */
    public StressLoops(StressContext context, String name) {
        this.context = context;
        this.name = name;
    }

    /**
     * Creates a loop on the context's backend and runs it on a new thread.
     *
     * @return the running loop
     */
    public Loop start() {
        Loop loop = context.newLoop();
        loops.add(loop);
        threads.add(loop.start("stress-" + name + "-loop-" + loops.size()));
        return loop;
    }

    /**
     * Runs a task on a loop's thread and waits for it; a task that throws or does not run
     * within the level's drain timeout is reported as a failure.
     *
     * @param loop the loop
     * @param task the task
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void call(Loop loop, Runnable task) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        Duration timeout = context.level().drainTimeout();
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            context.fail(name + " task on a loop threw " + e.getCause());
        } catch (TimeoutException e) {
            context.fail(name + " loop did not run a task within " + timeout);
        }
    }

    /**
     * Stops every loop, waits for its thread and closes it; a thread that does not end is
     * reported as a failure and its loop left open.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void stopAll() throws InterruptedException {
        for (Loop loop : loops) {
            loop.stop();
        }
        for (int i = 0; i < loops.size(); i++) {
            if (threads.get(i).join(STOP_TIMEOUT)) {
                loops.get(i).close();
            } else {
                context.fail(threads.get(i).getName() + " did not stop within "
                        + STOP_TIMEOUT);
            }
        }
    }
}

package dev.loopy.pubsub;

import dev.loopy.AsyncHandle;
import dev.loopy.ClosedException;
import dev.loopy.Loop;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets a drain task run on an executor with at most one run pending, however many threads
 * ask.
 *
 * <p>{@link #wake()} may be called from any thread; {@link #enter()} and {@link #exit()}
 * only by the drain task itself. A wake that finds no run pending asks the executor for
 * one; the others do nothing. On a {@link Loop}, the first run creates an async handle on
 * the loop's thread, and later wakes are sends to it, which coalesce inside the loop and
 * allocate nothing. Callers put their work where the drain will look for it (under a lock
 * the drain also takes) before they wake, and the drain checks for work again after
 * {@link #exit()}: between them no work is left without a run.
 */
final class DrainSignal {
    private final Executor executor;
    private final Loop loop;
    private final Runnable task;
    private final EmbeddedEngine engine;
    private final Object owner;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile AsyncHandle handle;
    private volatile boolean closed;

    DrainSignal(Executor executor, Runnable task, EmbeddedEngine engine, Object owner) {
        this.executor = executor;
        this.loop = executor instanceof Loop target ? target : null;
        this.task = task;
        this.engine = engine;
        this.owner = owner;
    }

    /** Asks for a run of the drain task unless one is pending. */
    void wake() {
        AsyncHandle sendTo = handle;
        if (sendTo != null) {
            if (!sendTo.send()) {
                engine.executorRefused(owner, new ClosedException("loop is closed (deliver)"));
            }
        } else if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            submit();
        }
    }

    /** Called first by each run of the drain task, on the executor's thread. */
    void enter() {
        if (loop != null && handle == null && !closed) {
            handle = loop.async(ignored -> task.run());
        }
    }

    /** Called last by each run of the drain task, even when it failed. */
    void exit() {
        scheduled.set(false);
    }

    /** Tells whether the calling thread is the loop's, when the executor is a loop. */
    boolean onLoopThread() {
        return loop != null && loop.inLoopThread();
    }

    /** Stops using the async handle; any thread. */
    void close() {
        closed = true;
        AsyncHandle used = handle;
        if (used == null || used.isClosed()) {
            return;
        }
        if (loop.inLoopThread()) {
            used.close();
            return;
        }
        try {
            loop.execute(used::close);
        } catch (ClosedException loopGone) {
            // The loop closed its handles itself.
        }
    }

    private void submit() {
        try {
            executor.execute(task);
        } catch (RuntimeException refused) {
            scheduled.set(false);
            engine.executorRefused(owner, refused);
        }
    }
}

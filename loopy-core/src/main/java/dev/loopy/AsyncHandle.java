package dev.loopy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Wakes a loop from any thread and runs a callback there; many sends coalesce into one call.
 *
 * <p>{@link #send()} may be called from any thread, any number of times. Sends that arrive
 * before the callback starts are folded into that one call; a send that arrives while the
 * callback runs causes one more call in a later iteration, so no send is ever lost. A send
 * allocates nothing and makes at most one system call (the loop's wake-up), and none while
 * the loop is awake. {@link #close()} is for the loop's thread.
 */
public final class AsyncHandle implements AutoCloseable {
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(AsyncHandle.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Loop loop;
    private final AsyncCallback callback;
    @SuppressWarnings("unused") // accessed through PENDING
    private volatile int pending;
    private volatile boolean closed;
    /** Link in the loop's stack of handles that were sent to; written before publication. */
    AsyncHandle nextPending;

    AsyncHandle(Loop loop, AsyncCallback callback) {
        this.loop = loop;
        this.callback = Objects.requireNonNull(callback, "callback");
    }

    /**
     * Asks for the callback to run on the loop. Any thread may call this.
     *
     * @return false if the handle or its loop is closed, true otherwise
     */
    public boolean send() {
        if (closed) {
            return false;
        }
        if ((int) PENDING.getAcquire(this) == 0 && PENDING.compareAndSet(this, 0, 1)) {
            return loop.pushAsync(this);
        }
        return true;
    }

    /**
     * Tells whether a send is waiting for its callback. Any thread may call this.
     *
     * @return true between a send and the start of the callback that serves it
     */
    public boolean isPending() {
        return (int) PENDING.getVolatile(this) != 0;
    }

    /**
     * Tells whether the handle was closed. Any thread may call this.
     *
     * @return true after {@link #close()} or after its loop closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Returns the loop this handle wakes.
     *
     * @return the loop
     */
    public Loop loop() {
        return loop;
    }

    /**
     * Stops the handle: later sends return false and a pending callback does not run.
     * Idempotent; for the loop's thread, or any thread once the loop is closed.
     */
    @Override
    public void close() {
        if (!loop.isClosed()) {
            loop.checkThread("AsyncHandle.close");
        }
        closed = true;
    }

    void markClosed() {
        closed = true;
    }

    /** Runs on the loop thread when the handle is popped from the pending stack. */
    boolean dispatch() {
        PENDING.setVolatile(this, 0);
        if (closed) {
            return false;
        }
        callback.onAsync(this);
        return true;
    }
}

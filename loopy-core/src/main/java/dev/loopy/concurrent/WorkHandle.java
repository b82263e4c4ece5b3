package dev.loopy.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;

/**
 * One piece of work submitted to a {@link WorkQueue}: its state, and the means to cancel it.
 *
 * <p>Any thread may call every method. Cancelling work that is still queued settles it at
 * once: its callback runs, once, with {@link WorkState#CANCELLED}. Work that is running is
 * not interrupted unless {@link #cancel(boolean) asked}; then it is interrupted and its
 * callback receives {@link WorkState#CANCELLED} whatever the work returns afterwards.
 * A submission the queue had no room for returns {@link #REFUSED}, which is never run and
 * has no callback.
 */
public final class WorkHandle {
    /** The handle of every refused submission: state {@link WorkState#REFUSED}, id 0. */
    public static final WorkHandle REFUSED = new WorkHandle();

    /* The state word. Queued and running work is claimed by one compare-and-set: the worker
     * that starts it, the canceller, or the worker that settles it, so the callback is posted
     * once. INTERRUPTING holds a worker back from its next piece of work until the interrupt
     * meant for this one has landed, so an interrupt never reaches the wrong work. */
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTING = 2;
    private static final int COMPLETED = 3;
    private static final int FAILED = 4;
    private static final int CANCELLED = 5;
    private static final int REFUSED_STATE = 6;
    private static final VarHandle STATE;
    private static final VarHandle RUNNER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(WorkHandle.class, "state", int.class);
            RUNNER = lookup.findVarHandle(WorkHandle.class, "runner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WorkQueue queue;
    private final long id;
    private final Callable<?> work;
    private final WorkCallback<Object> callback;
    private int state;
    /** The worker thread running the work, for an interrupting cancel. */
    private Thread runner;
    /** Written by the worker before its compare-and-set settles the state, which publishes it. */
    private Object value;
    private Throwable failure;

    @SuppressWarnings("unchecked")
    WorkHandle(WorkQueue queue, long id, Callable<?> work, WorkCallback<?> callback) {
        this.queue = queue;
        this.id = id;
        this.work = work;
        this.callback = (WorkCallback<Object>) callback;
    }

    private WorkHandle() {
        this.queue = null;
        this.id = 0;
        this.work = null;
        this.callback = null;
        this.state = REFUSED_STATE;
    }

    /**
     * Returns the work's number in its queue.
     *
     * @return 1 for the first accepted piece of work, then one more for each; 0 if refused
     */
    public long id() {
        return id;
    }

    /**
     * Returns where the work stands.
     *
     * @return the state; a settled state may be seen shortly before the callback runs
     */
    public WorkState state() {
        return switch (stateVolatile()) {
            case QUEUED -> WorkState.QUEUED;
            case RUNNING -> WorkState.RUNNING;
            case COMPLETED -> WorkState.COMPLETED;
            case FAILED -> WorkState.FAILED;
            case INTERRUPTING, CANCELLED -> WorkState.CANCELLED;
            default -> WorkState.REFUSED;
        };
    }

    /**
     * Tells whether the submission was refused.
     *
     * @return true for {@link #REFUSED}
     */
    public boolean isRefused() {
        return this == REFUSED;
    }

    /**
     * Cancels the work if it is still queued.
     *
     * @return true if this call cancelled it; false if it is running, settled or refused
     */
    public boolean cancel() {
        return cancel(false);
    }

    /**
     * Cancels the work if it is queued, or also if it is running when asked to.
     *
     * @param interruptIfRunning true to interrupt running work and settle it as cancelled
     * @return true if this call cancelled it
     */
    public boolean cancel(boolean interruptIfRunning) {
        if (casState(QUEUED, CANCELLED)) {
            queue.unqueue(this);
            queue.settled(this, WorkState.CANCELLED);
            return true;
        }
        if (interruptIfRunning && casState(RUNNING, INTERRUPTING)) {
            runnerVolatile().interrupt();
            setStateVolatile(CANCELLED);
            queue.settled(this, WorkState.CANCELLED);
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "WorkHandle[id=" + id + ", state=" + state().label() + "]";
    }

    /**
     * Runs the work on the calling worker thread, unless it was cancelled first.
     *
     * @return true if the work ran
     */
    boolean runHere() {
        setRunnerVolatile(Thread.currentThread());
        if (!casState(QUEUED, RUNNING)) {
            setRunnerVolatile(null);
            return false;
        }
        queue.started(this);
        int outcome;
        try {
            value = work.call();
            outcome = COMPLETED;
        } catch (Throwable thrown) {
            failure = thrown;
            outcome = FAILED;
        }
        settleRun(outcome);
        return true;
    }

    private void settleRun(int outcome) {
        queue.stopped(this);
        if (casState(RUNNING, outcome)) {
            queue.settled(this, outcome == COMPLETED ? WorkState.COMPLETED : WorkState.FAILED);
        } else {
            while (stateVolatile() == INTERRUPTING) {
                Thread.onSpinWait();
            }
            value = null;
            failure = null;
        }
        setRunnerVolatile(null);
        Thread.interrupted();
    }

    /** Runs the callback; called on the loop thread, once. */
    void deliver() {
        WorkResult<Object> result = switch (stateVolatile()) {
            case COMPLETED -> new WorkResult<>(WorkState.COMPLETED, value, null);
            case FAILED -> new WorkResult<>(WorkState.FAILED, null, failure);
            default -> new WorkResult<>(WorkState.CANCELLED, null, null);
        };
        callback.onComplete(result);
    }

    private int stateVolatile() {
        return (int) STATE.getVolatile(this);
    }

    private void setStateVolatile(int next) {
        STATE.setVolatile(this, next);
    }

    private boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    private Thread runnerVolatile() {
        return (Thread) RUNNER.getVolatile(this);
    }

    private void setRunnerVolatile(Thread thread) {
        RUNNER.setVolatile(this, thread);
    }
}

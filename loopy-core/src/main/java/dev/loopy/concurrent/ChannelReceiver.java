package dev.loopy.concurrent;

import dev.loopy.AsyncHandle;
import dev.loopy.Loop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * Delivers a channel's messages to a callback on a loop's thread, as they arrive.
 *
 * <p>Made by {@link Channel#receiveOn(Loop, Consumer, Runnable)}. The callback runs on the
 * loop's thread, once per message, in channel order; the loop's thread is then the
 * channel's receiving end. {@link #stop()}, {@link #isActive()} and {@link #delivered()}
 * may be called from any thread.
 *
 * <p>A message wakes the loop through one {@link AsyncHandle}; each wake-up drains up to
 * {@value #DRAIN_BATCH} messages before the loop gets on with its other work, so a busy
 * channel costs one wake-up per batch, not per message. When the channel is empty the
 * receiver registers as a waiter on it and costs nothing until the next send.
 *
 * <p>The receiver ends when it is stopped, or when the channel is closed and drained (then
 * the close callback runs, on the loop's thread). A callback that throws a
 * {@link RuntimeException} does not end it: the failure goes to the loop's error handler and
 * delivery resumes with the next message in a later iteration.
 *
 * <p>Limitations: the callback must not wait on the channel it is called from, nor block
 * the loop in any other way. If the loop closes first, delivery stops silently and the
 * remaining messages stay in the channel.
 *
 * @param <T> the type of the messages
 */
public final class ChannelReceiver<T> implements AutoCloseable {
    /** The most messages delivered per wake-up before the loop runs its other work. */
    public static final int DRAIN_BATCH = 1024;

    /*
     * States, with the thread that moves them:
     *
     *   ACTIVE    -> STOPPING  stop(), any thread: the loop finishes at its next drain
     *   ACTIVE    -> FINISHED  the loop, when the channel is drained
     *   STOPPING  -> FINISHED  the loop, at its next drain
     */
    private static final int ACTIVE = 0;
    private static final int STOPPING = 1;
    private static final int FINISHED = 2;
    private static final VarHandle STATE;
    private static final VarHandle DELIVERED;
    private static final VarHandle HANDLE;

    private final Channel<T> channel;
    private final Loop loop;
    private final Consumer<? super T> callback;
    private final Runnable onClosed;
    private final ChannelWaitNode node = new ChannelWaitNode(new Wake(), 0);
    /** Loop thread; published to wakers by the wait list's lock. */
    private AsyncHandle handle;
    private int state = ACTIVE;
    private long delivered;

    ChannelReceiver(Channel<T> channel, Loop loop, Consumer<? super T> callback,
            Runnable onClosed) {
        this.channel = channel;
        this.loop = loop;
        this.callback = callback;
        this.onClosed = onClosed;
    }

    /** Hands the start to the loop's thread; the caller may be any thread. */
    ChannelReceiver<T> start() {
        loop.execute(this::begin);
        return this;
    }

    /**
     * Stops delivery. Any thread; idempotent. A callback already running completes; no
     * further one starts once the loop has seen the stop, which it does in its next
     * iteration. Messages not delivered stay in the channel.
     */
    public void stop() {
        if (STATE.compareAndSet(this, ACTIVE, STOPPING)) {
            final AsyncHandle started = handleAcquire();
            if (started != null) {
                started.send();
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Tells whether messages are still delivered. Any thread.
     *
     * @return false once stopped, once the channel is closed and drained, or once the loop
     *     is closed
     */
    public boolean isActive() {
        return stateVolatile() == ACTIVE && !loop.isClosed();
    }

    /**
     * Returns how many messages the callback has been given. Any thread.
     *
     * @return the count so far
     */
    public long delivered() {
        return (long) DELIVERED.getOpaque(this);
    }

    /** True once the loop has detached the receiver from the channel; for tests. */
    boolean isFinished() {
        return stateVolatile() == FINISHED;
    }

    private void begin() {
        setHandleRelease(loop.async(ignored -> drain()));
        drain();
    }

    /** Loop thread: delivers a batch, then either comes back, finishes, or waits. */
    private void drain() {
        for (;;) {
            if (stateVolatile() != ACTIVE) {
                finish(false);
                return;
            }
            final int taken = deliverBatch();
            if (taken == DRAIN_BATCH) {
                handle.send();
                return;
            }
            if (channel.isDrained()) {
                finish(true);
                return;
            }
            if (awaitMessage()) {
                return;
            }
        }
    }

    private int deliverBatch() {
        int taken = 0;
        while (taken < DRAIN_BATCH && stateVolatile() == ACTIVE) {
            final T message = channel.pollAndWake();
            if (message == null) {
                break;
            }
            taken++;
            DELIVERED.setOpaque(this, delivered + 1);
            deliver(message);
        }
        return taken;
    }

    private void deliver(T message) {
        try {
            callback.accept(message);
        } catch (RuntimeException failure) {
            handle.send();
            throw failure;
        }
    }

    /** Registers as a waiter; returns false if a message or the close came first. */
    private boolean awaitMessage() {
        node.waiter.rearm();
        channel.receivers().add(node);
        if (!channel.isReceivable()) {
            return true;
        }
        channel.receivers().remove(node);
        return false;
    }

    private void finish(boolean drained) {
        STATE.setVolatile(this, FINISHED);
        channel.receivers().remove(node);
        handle.close();
        if (drained && onClosed != null) {
            onClosed.run();
        }
    }

    private int stateVolatile() {
        return (int) STATE.getVolatile(this);
    }

    private AsyncHandle handleAcquire() {
        return (AsyncHandle) HANDLE.getAcquire(this);
    }

    private void setHandleRelease(AsyncHandle value) {
        HANDLE.setRelease(this, value);
    }

    /** The waiter: a claim schedules a drain on the loop. */
    private final class Wake extends ChannelWaiter {
        @Override
        void wake() {
            handle.send();
        }
    }

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(ChannelReceiver.class, "state", int.class);
            DELIVERED = lookup.findVarHandle(ChannelReceiver.class, "delivered", long.class);
            HANDLE = lookup.findVarHandle(ChannelReceiver.class, "handle", AsyncHandle.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

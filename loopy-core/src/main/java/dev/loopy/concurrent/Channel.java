package dev.loopy.concurrent;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A bounded FIFO of messages between threads, in one of three shapes.
 *
 * <p>Thread rules depend on the {@link Shape}: an {@code spsc} channel allows one sending
 * and one receiving thread at a time, an {@code mpsc} channel any number of senders and one
 * receiver, an {@code mpmc} channel any number of both. Handing an end from one thread to
 * another is allowed when the hand-off itself orders the two (a join, a lock, a volatile
 * write and read). {@link #close()}, {@link #size()}, {@link #isClosed()} and
 * {@link #stats()} may be called from any thread.
 *
 * <p>Messages are non-null references; a channel never copies them. A message is received
 * at most once and, when the channel keeps being drained, exactly once. Messages from one
 * sender are received in the order they were sent.
 *
 * <p><b>Waiting.</b> {@link #send(Object)} and {@link #receive()} wait until they can
 * complete; the timed forms wait at most their timeout; {@link #trySend(Object)} and
 * {@link #tryReceive()} never wait. A waiting thread spins briefly, then parks with
 * {@link java.util.concurrent.locks.LockSupport}; no lock is held while it waits, so
 * virtual threads unmount instead of pinning their carrier. Waiting operations throw
 * {@link InterruptedException} when the thread is interrupted before they complete.
 *
 * <p><b>Closing.</b> {@link #close()} refuses every later send with a
 * {@link ClosedException} and wakes every waiting sender (which then throws it) and every
 * waiting receiver. Receivers still get every message sent before the close; once the
 * channel is drained, {@link #receive()} returns {@code null} at once, as a receive from a
 * closed Go channel returns its zero value. A loop such as
 * {@code while ((m = channel.receive()) != null)} therefore ends after the last message.
 *
 * <p><b>Limitations.</b> The shape's thread rule is not checked: two threads sending at
 * once on an {@code spsc} channel corrupt it. Capacity is fixed at creation and at most
 * 2<sup>30</sup>. Waiters are woken oldest first, but a thread that arrives while a woken
 * waiter is still waking up may take the message or the free slot first.
 *
 * @param <T> the type of the messages
 */
public abstract class Channel<T> implements AutoCloseable {
    /*
     * Layout. Each shape keeps its own ring in a subclass: a power-of-two array of slots,
     * a producer index and a consumer index that only grow, each on its own cache lines.
     * The producer index doubles as the closed flag: close() sets CLOSED_BIT in it with an
     * atomic OR, and every send claims its index with a CAS on that same word. A send
     * therefore either lands before the close, and is drained, or sees the bit and fails;
     * none can slip in after the last receive has seen the channel drained. close() then
     * raises a copy of the flag in a read-mostly field, so that a waiting receiver can
     * watch for the close without pulling the producers' busy cache line to its core.
     *
     * Blocking sits on top of the lock-free ring. After each successful offer the sender
     * reads the receivers' wait list flag; after each successful poll the receiver reads
     * the senders'. The index update before that read is a CAS or a volatile store, and a
     * waiter re-reads the indices after adding itself to the list (see ChannelWaitList),
     * so either the waker sees the waiter or the waiter sees the change. A woken waiter
     * retries its operation before it looks at the clock or the interrupt flag, so a
     * wake-up is never spent without an attempt.
     */

    /** A set bit in the producer index means closed. */
    static final long CLOSED_BIT = 1L << 62;

    private static final VarHandle CLOSED;

    /** {@link #offer} put the message in. */
    static final int OFFERED = 0;
    /** {@link #offer} found no free slot. */
    static final int FULL = 1;
    /** {@link #offer} found the channel closed. */
    static final int REFUSED = 2;

    /** The shapes a channel comes in: how many threads may use each end at once. */
    public enum Shape {
        /** One sender and one receiver. */
        SPSC("spsc"),
        /** Any number of senders, one receiver. */
        MPSC("mpsc"),
        /** Any number of senders and receivers. */
        MPMC("mpmc");

        private final String label;

        Shape(String label) {
            this.label = label;
        }

        /**
         * Returns the stable lower-case name of this shape.
         *
         * @return the label, for example {@code "mpsc"}
         */
        public String label() {
            return label;
        }
    }

    final int capacity;
    final int mask;
    final Object[] slots;
    private final Shape shape;
    private final ChannelWaitList receivers = new ChannelWaitList();
    private final ChannelWaitList senders = new ChannelWaitList();
    private final LongAdder failedSends = new LongAdder();
    private final LongAdder failedReceives = new LongAdder();
    private final LongAdder blockedSends = new LongAdder();
    private final LongAdder blockedReceives = new LongAdder();
    /** Set by close() after CLOSED_BIT; a cheap first test for {@link #isDrained()}. */
    private boolean closed;

    Channel(Shape shape, int capacity) {
        this.shape = shape;
        this.capacity = checkCapacity(capacity);
        final int ringSize = ChannelSlots.ringSize(capacity);
        this.mask = ringSize - 1;
        this.slots = ChannelSlots.allocate(ringSize);
    }

    /**
     * Creates a channel for one sending and one receiving thread.
     *
     * @param capacity the most messages the channel holds, 1 to 2<sup>30</sup>
     * @param <T> the type of the messages
     * @return a new open channel
     * @throws IllegalArgumentException if the capacity is out of range
     */
    public static <T> Channel<T> spsc(int capacity) {
        return new SpscChannel<>(capacity);
    }

    /**
     * Creates a channel for any number of sending threads and one receiving thread.
     *
     * @param capacity the most messages the channel holds, 1 to 2<sup>30</sup>
     * @param <T> the type of the messages
     * @return a new open channel
     * @throws IllegalArgumentException if the capacity is out of range
     */
    public static <T> Channel<T> mpsc(int capacity) {
        return new MpscChannel<>(capacity);
    }

    /**
     * Creates a channel for any number of sending and receiving threads.
     *
     * @param capacity the most messages the channel holds, 1 to 2<sup>30</sup>
     * @param <T> the type of the messages
     * @return a new open channel
     * @throws IllegalArgumentException if the capacity is out of range
     */
    public static <T> Channel<T> mpmc(int capacity) {
        return new MpmcChannel<>(capacity);
    }

    /**
     * Creates a channel of the given shape.
     *
     * @param shape the shape, not null
     * @param capacity the most messages the channel holds, 1 to 2<sup>30</sup>
     * @param <T> the type of the messages
     * @return a new open channel
     * @throws IllegalArgumentException if the capacity is out of range
     * @throws NullPointerException if the shape is null
     */
    public static <T> Channel<T> create(Shape shape, int capacity) {
        return switch (Objects.requireNonNull(shape, "shape")) {
            case SPSC -> spsc(capacity);
            case MPSC -> mpsc(capacity);
            case MPMC -> mpmc(capacity);
        };
    }

    /**
     * Returns the shape this channel was created with. Any thread.
     *
     * @return the shape, never null
     */
    public final Shape shape() {
        return shape;
    }

    /**
     * Returns the most messages this channel holds. Any thread.
     *
     * @return the capacity given at creation
     */
    public final int capacity() {
        return capacity;
    }

    /**
     * Returns how many messages are in the channel now. Any thread; while others send or
     * receive, the figure may be out of date as soon as it is returned.
     *
     * @return a count from 0 to {@link #capacity()}
     */
    public final int size() {
        final long consumerIndex = consumerIndexVolatile();
        final long producerIndex = producerIndexVolatile() & ~CLOSED_BIT;
        return Math.clamp(producerIndex - consumerIndex, 0, capacity);
    }

    /**
     * Tells whether {@link #close()} was called. Any thread.
     *
     * @return true iff the channel is closed; it may still hold messages
     */
    public final boolean isClosed() {
        return (producerIndexVolatile() & CLOSED_BIT) != 0;
    }

    /**
     * Sends a message, waiting as long as the channel is full.
     *
     * @param message the message, not null
     * @throws ClosedException if the channel is or becomes closed before the message is in
     * @throws InterruptedException if the thread is interrupted while it waits; the message
     *     was not sent
     * @throws NullPointerException if the message is null
     */
    public final void send(T message) throws InterruptedException {
        Objects.requireNonNull(message, "message");
        final int outcome = offerAndWake(message);
        if (outcome != OFFERED) {
            awaitRoom(message, outcome, ChannelDeadline.FOREVER);
        }
    }

    /**
     * Sends a message if there is room now, without waiting.
     *
     * @param message the message, not null
     * @return true if the message is in; false if the channel was full
     * @throws ClosedException if the channel is closed
     * @throws NullPointerException if the message is null
     */
    public final boolean trySend(T message) {
        Objects.requireNonNull(message, "message");
        final int outcome = offerAndWake(message);
        if (outcome == OFFERED) {
            return true;
        }
        failedSends.increment();
        if (outcome == REFUSED) {
            throw closedOnSend();
        }
        return false;
    }

    /**
     * Sends a message, waiting at most the timeout while the channel is full.
     *
     * @param message the message, not null
     * @param timeout how long to wait, at least 0 (0 waits not at all)
     * @param unit the unit of the timeout, not null
     * @return true if the message is in; false if the timeout elapsed first
     * @throws ClosedException if the channel is or becomes closed before the message is in
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalArgumentException if the timeout is negative
     * @throws NullPointerException if the message or the unit is null
     */
    public final boolean send(T message, long timeout, TimeUnit unit)
            throws InterruptedException {
        Objects.requireNonNull(message, "message");
        final long timeoutNs = ChannelDeadline.timeoutNs(timeout, unit);
        final int outcome = offerAndWake(message);
        return outcome == OFFERED || awaitRoom(message, outcome, timeoutNs);
    }

    /**
     * Sends a message, waiting at most the timeout while the channel is full.
     *
     * @param message the message, not null
     * @param timeout how long to wait, not negative ({@link Duration#ZERO} waits not at all)
     * @return true if the message is in; false if the timeout elapsed first
     * @throws ClosedException if the channel is or becomes closed before the message is in
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalArgumentException if the timeout is negative
     * @throws NullPointerException if the message or the timeout is null
     */
    public final boolean send(T message, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(message, "message");
        final long timeoutNs = ChannelDeadline.timeoutNs(timeout);
        final int outcome = offerAndWake(message);
        return outcome == OFFERED || awaitRoom(message, outcome, timeoutNs);
    }

    /**
     * Receives the oldest message, waiting as long as the channel is empty and open.
     *
     * @return the message; {@code null} iff the channel is closed and drained
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public final T receive() throws InterruptedException {
        final T message = pollAndWake();
        return message != null ? message : awaitMessage(ChannelDeadline.FOREVER);
    }

    /**
     * Receives the oldest message if there is one now, without waiting.
     *
     * @return the message; {@code null} if the channel is empty (closed or not)
     */
    public final T tryReceive() {
        final T message = pollAndWake();
        if (message == null) {
            failedReceives.increment();
        }
        return message;
    }

    /**
     * Receives the oldest message, waiting at most the timeout while the channel is empty
     * and open.
     *
     * @param timeout how long to wait, at least 0 (0 waits not at all)
     * @param unit the unit of the timeout, not null
     * @return the message; {@code null} if the timeout elapsed or the channel is closed and
     *     drained ({@link #isClosed()} tells the two apart, as a drained channel stays so)
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalArgumentException if the timeout is negative
     * @throws NullPointerException if the unit is null
     */
    public final T receive(long timeout, TimeUnit unit) throws InterruptedException {
        final long timeoutNs = ChannelDeadline.timeoutNs(timeout, unit);
        final T message = pollAndWake();
        return message != null ? message : awaitMessage(timeoutNs);
    }

    /**
     * Receives the oldest message, waiting at most the timeout while the channel is empty
     * and open.
     *
     * @param timeout how long to wait, not negative ({@link Duration#ZERO} waits not at all)
     * @return the message; {@code null} if the timeout elapsed or the channel is closed and
     *     drained
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalArgumentException if the timeout is negative
     * @throws NullPointerException if the timeout is null
     */
    public final T receive(Duration timeout) throws InterruptedException {
        final long timeoutNs = ChannelDeadline.timeoutNs(timeout);
        final T message = pollAndWake();
        return message != null ? message : awaitMessage(timeoutNs);
    }

    /**
     * Closes the channel: later sends fail, and every waiting sender and receiver wakes.
     * Messages already in the channel can still be received. Any thread; idempotent.
     */
    @Override
    public final void close() {
        markClosed();
        CLOSED.setVolatile(this, true);
        receivers.wakeAll();
        senders.wakeAll();
    }

    /**
     * Returns the channel's counters. Any thread.
     *
     * @return a new snapshot, never null
     */
    public final ChannelStats stats() {
        return new ChannelStats(producerIndexVolatile() & ~CLOSED_BIT, consumerIndexVolatile(),
                failedSends.sum(), failedReceives.sum(), blockedSends.sum(),
                blockedReceives.sum());
    }

    /**
     * Delivers this channel's messages to a callback on a loop's thread, until the channel
     * is closed and drained or the receiver is stopped. Any thread; the loop's thread then
     * becomes this channel's receiving end.
     *
     * @param loop the loop whose thread runs the callback, not null
     * @param callback called once per message, in channel order, not null
     * @return the receiver, active; delivery starts in the loop's next iteration
     * @throws dev.loopy.ClosedException if the loop is closed
     * @throws NullPointerException if the loop or the callback is null
     */
    public final ChannelReceiver<T> receiveOn(Loop loop, Consumer<? super T> callback) {
        return receiveOn(loop, callback, null);
    }

    /**
     * As {@link #receiveOn(Loop, Consumer)}, with a callback for the end of the channel.
     *
     * @param loop the loop whose thread runs the callbacks, not null
     * @param callback called once per message, in channel order, not null
     * @param onClosed called once on the loop's thread after the last message of a closed
     *     channel; null for none. Not called when the receiver is stopped.
     * @return the receiver, active; delivery starts in the loop's next iteration
     * @throws dev.loopy.ClosedException if the loop is closed
     * @throws NullPointerException if the loop or the callback is null
     */
    public final ChannelReceiver<T> receiveOn(Loop loop, Consumer<? super T> callback,
            Runnable onClosed) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(callback, "callback");
        return new ChannelReceiver<>(this, loop, callback, onClosed).start();
    }

    /**
     * Describes the channel for logs.
     *
     * @return for example {@code "channel(mpmc, size=3, capacity=16, open)"}
     */
    @Override
    public String toString() {
        return "channel(" + shape.label() + ", size=" + size() + ", capacity=" + capacity
                + (isClosed() ? ", closed)" : ", open)");
    }

    /** Puts a message in without waiting: {@link #OFFERED}, {@link #FULL} or {@link #REFUSED}. */
    abstract int offer(T message);

    /** Takes the oldest message out without waiting, or returns null when there is none. */
    abstract T poll();

    /** Returns the producer index, with {@link #CLOSED_BIT} set once closed. */
    abstract long producerIndexVolatile();

    abstract long consumerIndexVolatile();

    /** Sets {@link #CLOSED_BIT} in the producer index with an atomic read-modify-write. */
    abstract void markClosed();

    final int offerAndWake(T message) {
        final int outcome = offer(message);
        if (outcome == OFFERED && receivers.hasWaitersVolatile()) {
            receivers.wakeOne();
        }
        return outcome;
    }

    final T pollAndWake() {
        final T message = poll();
        if (message != null && senders.hasWaitersVolatile()) {
            senders.wakeOne();
        }
        return message;
    }

    /** True if a receive would not wait: a message is in (or on its way), or closed. */
    final boolean isReceivable() {
        final long producerIndex = producerIndexVolatile();
        return (producerIndex & CLOSED_BIT) != 0 || producerIndex != consumerIndexVolatile();
    }

    /** True if a send would not wait: a slot is free (or being freed), or closed. */
    final boolean isSendable() {
        final long consumerIndex = consumerIndexVolatile();
        final long producerIndex = producerIndexVolatile();
        return (producerIndex & CLOSED_BIT) != 0 || producerIndex - consumerIndex < capacity;
    }

    /** True if the channel is closed and every message sent has been taken. */
    final boolean isDrained() {
        if (!(boolean) CLOSED.getVolatile(this)) {
            return false;
        }
        final long producerIndex = producerIndexVolatile();
        return (producerIndex & CLOSED_BIT) != 0
                && (producerIndex & ~CLOSED_BIT) == consumerIndexVolatile();
    }

    final ChannelWaitList receivers() {
        return receivers;
    }

    final ChannelWaitList senders() {
        return senders;
    }

    final void countFailedSend() {
        failedSends.increment();
    }

    final void countFailedReceive() {
        failedReceives.increment();
    }

    final void countBlockedSend() {
        blockedSends.increment();
    }

    final void countBlockedReceive() {
        blockedReceives.increment();
    }

    final ClosedException closedOnSend() {
        return new ClosedException("channel is closed (send)");
    }

    private boolean awaitRoom(T message, int firstOutcome, long timeoutNs)
            throws InterruptedException {
        long deadlineNs = ChannelDeadline.NONE;
        ChannelParker parker = null;
        ChannelWaitNode node = null;
        boolean ready = false;
        int outcome = firstOutcome;
        for (int attempt = 0; ; attempt++) {
            if (outcome == OFFERED) {
                return true;
            }
            if (outcome == REFUSED) {
                failedSends.increment();
                throw closedOnSend();
            }
            deadlineNs = ChannelDeadline.forAttempt(attempt, timeoutNs, deadlineNs);
            if (ChannelDeadline.passed(deadlineNs)) {
                failedSends.increment();
                return false;
            }
            if (Thread.interrupted()) {
                failedSends.increment();
                throw new InterruptedException("interrupted while waiting to send");
            }
            if (!ChannelBackoff.pause(attempt)) {
                if (parker == null) {
                    parker = new ChannelParker();
                    node = new ChannelWaitNode(parker, 0);
                    blockedSends.increment();
                } else if (ready) {
                    Thread.yield();
                }
                ready = parkUntilSendable(parker, node, deadlineNs);
            }
            outcome = offerAndWake(message);
        }
    }

    private T awaitMessage(long timeoutNs) throws InterruptedException {
        long deadlineNs = ChannelDeadline.NONE;
        ChannelParker parker = null;
        ChannelWaitNode node = null;
        boolean ready = false;
        for (int attempt = 0; ; attempt++) {
            deadlineNs = ChannelDeadline.forAttempt(attempt, timeoutNs, deadlineNs);
            if (isDrained() || ChannelDeadline.passed(deadlineNs)) {
                failedReceives.increment();
                return null;
            }
            if (Thread.interrupted()) {
                failedReceives.increment();
                throw new InterruptedException("interrupted while waiting to receive");
            }
            if (!ChannelBackoff.pause(attempt)) {
                if (parker == null) {
                    parker = new ChannelParker();
                    node = new ChannelWaitNode(parker, 0);
                    blockedReceives.increment();
                } else if (ready) {
                    Thread.yield();
                }
                ready = parkUntilReceivable(parker, node, deadlineNs);
            }
            final T message = pollAndWake();
            if (message != null) {
                return message;
            }
        }
    }

    /**
     * Registers as a waiting sender and parks unless a slot is free (or being freed), or
     * the channel closed, meanwhile. Returns true if it did not park for that reason.
     */
    private boolean parkUntilSendable(ChannelParker parker, ChannelWaitNode node,
            long deadlineNs) {
        parker.rearm();
        senders.add(node);
        final boolean ready = isSendable();
        if (!ready) {
            parker.await(this, deadlineNs);
        }
        senders.remove(node);
        return ready;
    }

    /** As {@link #parkUntilSendable}, for a receiver: parks unless a message is in. */
    private boolean parkUntilReceivable(ChannelParker parker, ChannelWaitNode node,
            long deadlineNs) {
        parker.rearm();
        receivers.add(node);
        final boolean ready = isReceivable();
        if (!ready) {
            parker.await(this, deadlineNs);
        }
        receivers.remove(node);
        return ready;
    }

    private static int checkCapacity(int capacity) {
        if (capacity <= 0 || capacity > ChannelSlots.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity=" + capacity + " (expected > 0 and <= "
                    + ChannelSlots.MAX_CAPACITY + ")");
        }
        return capacity;
    }

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(Channel.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

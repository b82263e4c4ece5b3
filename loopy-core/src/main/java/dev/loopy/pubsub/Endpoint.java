package dev.loopy.pubsub;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscription of the embedded engine: its queue, its unacknowledged deliveries, its
 * counters, and the task that drains it.
 *
 * <p>Offers come from any thread. A deferred endpoint's handler runs only in its drain task,
 * which at most one thread runs at a time; a synchronous endpoint's handler runs inside
 * {@link #offer}. The queue, the list of unacknowledged deliveries and the lock-guarded
 * counters belong to {@link #lock}.
 */
final class Endpoint implements Subscription {
    /*
     * Two ways to defer. A plain broadcast subscription with automatic acknowledgement and
     * drop-newest overflow (the defaults) is "shared": it has no queue of its own; a
     * publish puts one batch, the message and every shared target on the same executor,
     * into that executor's Mailbox, so fanning out to a thousand subscribers of one loop
     * costs one hand-over instead of a thousand. Its bound is kept with two counters, taken
     * (by publishers) and delivered (by the mailbox's drain); their difference is its
     * queue depth. Every other deferred subscription has its own queue and drain task.
     *
     * Wake-ups go through a DrainSignal: one pending run of the drain at a time, and a
     * drain that ends with messages still queued wakes itself again.
     *
     * The queue depth is kept in a plain field written with release semantics under the
     * lock; it feeds statistics and the least-loaded choice, which tolerate a stale value.
     * The drain's final "anything left?" check takes the lock instead.
     */
    /** The message was queued, or handed to the handler. */
    static final int ACCEPTED = 0;
    /** The overflow policy discarded a message because the queue was full. */
    static final int DROPPED = 1;
    /** The queue was full and the message was not taken; no wait was allowed. */
    static final int FULL = 2;
    /** The queue stayed full until the deadline, or the waiting thread was interrupted. */
    static final int TIMED_OUT = 3;
    /** The endpoint is closed and took nothing. */
    static final int CLOSED = 4;

    /** Take the message only if there is room; never drop, never wait. */
    static final int ROOM_ONLY = 0;
    /** Apply the overflow policy when full; back-pressure waits until the deadline. */
    static final int POLICY = 1;
    /** Take the message even past the bound (redeliveries, which must not wait). */
    static final int FORCE = 2;

    /** A deadline meaning "do not wait". */
    static final long NO_WAIT = Long.MIN_VALUE;

    private static final int BATCH = 256;
    private static final VarHandle QUEUED;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(Endpoint.class, "queued", int.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private final EmbeddedEngine engine;
    private final TopicPattern pattern;
    private final SubscriptionOptions options;
    private final MessageHandler handler;
    private final Group group;
    private final Executor executor;
    private final Mailbox mailbox;
    private final DrainSignal signal;
    private final boolean manual;
    private final int capacity;
    private final OverflowPolicy overflow;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Message> queue;
    private final Message[] batch;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean open = true;
    private volatile Thread drainThread;
    private Delivery unackedHead;
    private int waiters;
    @SuppressWarnings("unused") // accessed through QUEUED
    private int queued;
    private volatile int unacked;

    private long received;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong nacked = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    Endpoint(EmbeddedEngine engine, TopicPattern pattern, SubscriptionOptions options,
            MessageHandler handler, Group group, Mailbox mailbox) {
        this.engine = engine;
        this.pattern = pattern;
        this.options = options;
        this.handler = handler;
        this.group = group;
        this.executor = options.executorOrNull();
        this.mailbox = mailbox;
        this.manual = options.ackMode() == AckMode.MANUAL;
        this.capacity = options.capacity();
        this.overflow = options.overflow();
        boolean queued = executor != null && mailbox == null;
        this.signal = queued ? new DrainSignal(executor, this::drain, engine, this) : null;
        this.queue = queued ? new ArrayDeque<>(Math.min(capacity, BATCH)) : null;
        this.batch = queued ? new Message[BATCH] : null;
    }

    /**
     * Tells whether a subscription can share its executor's mailbox instead of having a
     * queue of its own: deferred, broadcast, automatic acknowledgement, drop-newest.
     */
    static boolean canShare(SubscriptionOptions options) {
        return options.executorOrNull() != null && options.groupOrNull() == null
                && options.ackMode() == AckMode.AUTO
                && options.overflow() == OverflowPolicy.DROP_NEWEST;
    }

    @Override
    public String pattern() {
        return pattern.text();
    }

    @Override
    public Optional<String> group() {
        return options.group();
    }

    @Override
    public SubscriptionOptions options() {
        return options;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public SubscriptionStats stats() {
        long deliveredNow = delivered.get();
        long receivedNow = received(deliveredNow);
        int queuedNow = mailbox == null ? queuedNow() : sharedDepth(receivedNow, deliveredNow);
        return new SubscriptionStats(receivedNow, deliveredNow, dropped.get(),
                acked.get(), nacked.get(), redelivered.get(), deadLettered.get(),
                failed.get(), queuedNow, unacked);
    }

    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            engine.unsubscribe(this);
        }
    }

    @Override
    public String toString() {
        return "Subscription[pattern=" + pattern.text() + ", group=" + options.group()
                .orElse("") + ", delivery=" + options.deliveryMode().label() + "]";
    }

    TopicPattern topicPattern() {
        return pattern;
    }

    Group groupOrNull() {
        return group;
    }

    Mailbox mailboxOrNull() {
        return mailbox;
    }

    /**
     * Claims room for one more message of a shared endpoint; on a publishing thread.
     *
     * @param exact whether to check the bound: false when the mailbox holds fewer batches
     *     than the bound, which this endpoint's depth cannot then reach
     * @return {@link #ACCEPTED}, {@link #DROPPED} (counted) or {@link #CLOSED}
     */
    int claimShared(boolean exact) {
        if (!open) {
            return CLOSED;
        }
        if (!exact) {
            taken.incrementAndGet();
            return ACCEPTED;
        }
        long claimed;
        do {
            claimed = taken.get();
            if (claimed - delivered.get() >= capacity) {
                dropped.incrementAndGet();
                return DROPPED;
            }
        } while (!taken.compareAndSet(claimed, claimed + 1));
        return ACCEPTED;
    }

    /** Runs the handler on one message of a shared endpoint; on the mailbox's drain. */
    void deliverShared(Envelope envelope) {
        if (open) {
            delivered.lazySet(delivered.get() + 1);
            invoke(envelope);
        }
    }

    boolean mayBlock() {
        return signal != null && overflow == OverflowPolicy.BACK_PRESSURE;
    }

    /** Returns the queued plus unacknowledged messages, read without the lock. */
    int load() {
        return queuedNow() + unacked;
    }

    void countDropped() {
        dropped.incrementAndGet();
    }

    void countDeadLetter() {
        deadLettered.incrementAndGet();
    }

    /**
     * Offers a message.
     *
     * @param envelope the publication
     * @param attempt the delivery attempt it would be
     * @param again whether this is a redelivery or a hand-over
     * @param mode {@link #ROOM_ONLY}, {@link #POLICY} or {@link #FORCE}
     * @param deadlineNs when back-pressure stops waiting, on {@link System#nanoTime()}, or
     *     {@link #NO_WAIT}
     * @return {@link #ACCEPTED}, {@link #DROPPED}, {@link #FULL}, {@link #TIMED_OUT} or
     *     {@link #CLOSED}
     */
    int offer(Envelope envelope, int attempt, boolean again, int mode, long deadlineNs) {
        if (!open) {
            return CLOSED;
        }
        if (signal == null) {
            countAgain(again);
            return deliverNow(envelope, attempt);
        }
        Message message = manual ? new Delivery(envelope, this, attempt) : envelope;
        int verdict;
        lock.lock();
        try {
            verdict = enqueue(message, mode, deadlineNs);
        } finally {
            lock.unlock();
        }
        if (verdict == ACCEPTED) {
            countAgain(again);
            wake();
        }
        return verdict;
    }

    /** Called once the engine took this endpoint out of the routes. */
    void shutdown() {
        if (mailbox != null) {
            open = false;
            dropped.addAndGet(Math.max(0, taken.get() - delivered.get()));
            return;
        }
        List<Message> left = new ArrayList<>();
        List<Delivery> held = new ArrayList<>();
        lock.lock();
        try {
            open = false;
            notFull.signalAll();
            if (queue != null) {
                left.addAll(queue);
                queue.clear();
                setQueued(0);
            }
            takeUnacked(held);
        } finally {
            lock.unlock();
        }
        if (signal != null) {
            signal.close();
        }
        for (Message message : left) {
            handOver(message, message.attempt());
        }
        for (Delivery delivery : held) {
            handOver(delivery, delivery.attempt + 1);
        }
    }

    void onAck(Delivery delivery) {
        unlink(delivery);
        acked.incrementAndGet();
    }

    void onNack(Delivery delivery, long delayNs) {
        unlink(delivery);
        nacked.incrementAndGet();
        if (delivery.attempt >= options.maxAttempts()) {
            engine.deadLetter(delivery.envelope, delivery.attempt,
                    DeadLetterReason.MAX_ATTEMPTS, this);
        } else {
            engine.redeliver(this, delivery.envelope, delivery.attempt + 1, delayNs);
        }
    }

    private int enqueue(Message message, int mode, long deadlineNs) {
        while (open && mode != FORCE && queue.size() >= capacity) {
            if (mode == ROOM_ONLY) {
                return FULL;
            }
            if (overflow == OverflowPolicy.DROP_NEWEST) {
                dropped.incrementAndGet();
                return DROPPED;
            }
            if (overflow == OverflowPolicy.DROP_OLDEST) {
                queue.pollFirst();
                dropped.incrementAndGet();
            } else {
                int waited = awaitRoom(deadlineNs);
                if (waited != ACCEPTED) {
                    return waited;
                }
            }
        }
        if (!open) {
            return CLOSED;
        }
        queue.addLast(message);
        setQueued(queue.size());
        received++;
        return ACCEPTED;
    }

    /**
     * Waits for room with the lock held. The drain thread never waits for itself.
     *
     * @return {@link #ACCEPTED} to look again, {@link #FULL} if no wait was allowed,
     *     {@link #TIMED_OUT} if the deadline passed or the thread was interrupted
     */
    private int awaitRoom(long deadlineNs) {
        if (deadlineNs == NO_WAIT || onDrainThread()) {
            return FULL;
        }
        long remainingNs = deadlineNs - System.nanoTime();
        if (remainingNs <= 0) {
            return TIMED_OUT;
        }
        waiters++;
        try {
            notFull.awaitNanos(remainingNs);
            return ACCEPTED;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return TIMED_OUT;
        } finally {
            waiters--;
        }
    }

    /** Tells whether the caller is the thread that drains this queue, or will. */
    private boolean onDrainThread() {
        return Thread.currentThread() == drainThread || signal.onLoopThread();
    }

    private void wake() {
        signal.wake();
    }

    private void drain() {
        drainThread = Thread.currentThread();
        try {
            signal.enter();
            deliverBatch(takeBatch());
        } finally {
            signal.exit();
        }
        if (open && hasQueued()) {
            wake();
        }
    }

    private void deliverBatch(int taken) {
        int handled = 0;
        try {
            for (int i = 0; i < taken; i++) {
                Message message = batch[i];
                batch[i] = null;
                if (!open) {
                    handOver(message, message.attempt());
                } else if (manual) {
                    handled += invokeTracked((Delivery) message);
                } else {
                    handled++;
                    invoke(message);
                }
            }
        } finally {
            delivered.addAndGet(handled);
        }
    }

    private int takeBatch() {
        lock.lock();
        try {
            int taken = 0;
            Message message;
            while (taken < BATCH && (message = queue.pollFirst()) != null) {
                batch[taken++] = message;
            }
            setQueued(queue.size());
            if (waiters > 0) {
                notFull.signalAll();
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    private int deliverNow(Envelope envelope, int attempt) {
        if (!manual) {
            delivered.incrementAndGet();
            invoke(envelope);
            return ACCEPTED;
        }
        Delivery delivery = new Delivery(envelope, this, attempt);
        Trampoline trampoline = Trampoline.current();
        trampoline.enter();
        try {
            delivered.addAndGet(invokeTracked(delivery));
        } finally {
            trampoline.exit();
        }
        return ACCEPTED;
    }

    /**
     * Lists a manual delivery as unacknowledged, then runs the handler on it; or, if the
     * endpoint closed meanwhile, hands it over.
     *
     * @return 1 if the handler ran, 0 if the delivery was handed over
     */
    private int invokeTracked(Delivery delivery) {
        lock.lock();
        try {
            if (!open) {
                delivery.release();
            } else {
                link(delivery);
            }
        } finally {
            lock.unlock();
        }
        if (!delivery.isPending()) {
            handOver(delivery, delivery.attempt);
            return 0;
        }
        invoke(delivery);
        return 1;
    }

    private void invoke(Message message) {
        try {
            handler.onMessage(message);
        } catch (RuntimeException failure) {
            failed.incrementAndGet();
            engine.handlerFailed(message, this, failure);
            if (manual) {
                message.nack();
            }
        }
    }

    /** Passes a message this endpoint can no longer deliver to its group, or drops it. */
    private void handOver(Message message, int attempt) {
        Envelope envelope = message instanceof Delivery delivery
                ? delivery.envelope : (Envelope) message;
        if (group == null) {
            dropped.incrementAndGet();
        } else {
            engine.handOver(this, envelope, attempt);
        }
    }

    private void countAgain(boolean again) {
        if (again) {
            redelivered.incrementAndGet();
        }
    }

    private void link(Delivery delivery) {
        delivery.next = unackedHead;
        if (unackedHead != null) {
            unackedHead.previous = delivery;
        }
        unackedHead = delivery;
        unacked++;
    }

    private void unlink(Delivery delivery) {
        lock.lock();
        try {
            if (delivery.previous == null && unackedHead != delivery) {
                return;
            }
            if (delivery.previous != null) {
                delivery.previous.next = delivery.next;
            } else {
                unackedHead = delivery.next;
            }
            if (delivery.next != null) {
                delivery.next.previous = delivery.previous;
            }
            delivery.previous = null;
            delivery.next = null;
            unacked--;
        } finally {
            lock.unlock();
        }
    }

    private void takeUnacked(List<Delivery> taken) {
        for (Delivery delivery = unackedHead; delivery != null; delivery = delivery.next) {
            if (delivery.release()) {
                taken.add(delivery);
            }
        }
        unackedHead = null;
        unacked = 0;
    }

    private boolean hasQueued() {
        lock.lock();
        try {
            return !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private void setQueued(int messages) {
        QUEUED.setRelease(this, messages);
    }

    private int queuedNow() {
        return (int) QUEUED.getAcquire(this);
    }

    private long received(long deliveredNow) {
        if (signal == null) {
            return mailbox == null ? deliveredNow : taken.get();
        }
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    private int sharedDepth(long takenNow, long deliveredNow) {
        return open ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, takenNow - deliveredNow))
                : 0;
    }
}

package dev.loopy.concurrent;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import dev.loopy.WrongThreadException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs blocking or long work off the loop thread and delivers each outcome back on it.
 *
 * <p>Any thread may submit, cancel, read statistics and close. Each accepted piece of work
 * settles exactly once, completed, failed or cancelled, and its {@link WorkCallback} then
 * runs on the loop's thread. The queue is bounded: when {@link WorkQueueOptions#capacity()}
 * pieces of work already wait, {@link #submit} returns {@link WorkHandle#REFUSED} and counts
 * the refusal, without throwing and without allocating.
 *
 * <pre>{@code
 * WorkQueue queue = WorkQueue.create(loop, WorkQueueOptions.builder().platformThreads(2).build());
 * queue.submit(() -> Files.readString(path), result -> {
 *     if (result.isCompleted()) {
 *         show(result.value());
 *     }
 * });
 * }</pre>
 *
 * <p>Threads: in {@link WorkQueueMode#PLATFORM platform} mode a fixed pool of daemon platform
 * threads takes the work in submission order. In {@link WorkQueueMode#VIRTUAL virtual} mode
 * each piece of work starts on a new virtual thread, at most
 * {@link WorkQueueOptions#threads()} at once; the rest waits in submission order. Virtual
 * mode is for work that blocks in Java I/O. Work that blocks in native code (FFM downcalls,
 * file locks, waits on raw descriptors) pins a virtual thread's carrier and belongs in
 * platform mode; loopy never runs its own blocking native calls on virtual threads.
 *
 * <p>Closing: {@link #close()} cancels every piece of work still queued, whose callbacks
 * then run with {@link WorkState#CANCELLED}, and lets running work finish and deliver its
 * outcome; {@link #shutdownNow()} also interrupts running work and settles it as cancelled.
 * {@link #awaitTermination(Duration)} waits, off the loop thread, for the workers to end.
 *
 * <p>Limitations: outcomes are delivered through the loop; if the loop is closed first, the
 * callbacks of work settled afterwards cannot run, and are counted as
 * {@link WorkQueueStats#undelivered()}. Cancelling queued work finds it in the queue by a
 * linear search, which is cheap for the queue sizes this is meant for. The platform threads
 * live until the queue is closed; they are daemon threads, so a queue left open does not
 * keep the JVM alive, but it does keep its threads.
 */
public final class WorkQueue implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorkQueue.class.getName());

    private final Loop loop;
    private final WorkQueueMode mode;
    private final int threads;
    private final int capacity;
    private final String threadName;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queuedWork = lock.newCondition();
    private final ArrayDeque<WorkHandle> queue = new ArrayDeque<>();
    private final Set<WorkHandle> runningWork = ConcurrentHashMap.newKeySet();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger threadCount = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final LongAdder submitted = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder undelivered = new LongAdder();
    /** Platform mode: workers alive. Virtual mode: virtual threads alive. Guarded by lock. */
    private int liveThreads;
    private boolean closed;

    private WorkQueue(Loop loop, WorkQueueOptions options) {
        this.loop = loop;
        this.mode = options.mode();
        this.threads = options.threads();
        this.capacity = options.capacity();
        this.threadName = options.threadName();
    }

    /**
     * Creates a queue with the {@link WorkQueueOptions#defaults() default settings}.
     *
     * @param loop the loop whose thread receives the outcomes
     * @return the queue, its platform threads started
     */
    public static WorkQueue create(Loop loop) {
        return create(loop, WorkQueueOptions.defaults());
    }

    /**
     * Creates a queue.
     *
     * @param loop the loop whose thread receives the outcomes
     * @param options the mode, the number of threads and the capacity
     * @return the queue; in platform mode its threads are started
     */
    public static WorkQueue create(Loop loop, WorkQueueOptions options) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(options, "options");
        WorkQueue queue = new WorkQueue(loop, options);
        if (queue.mode == WorkQueueMode.PLATFORM) {
            queue.startPlatformThreads();
        }
        return queue;
    }

    /**
     * Submits work. Any thread may call this.
     *
     * @param <T> the type of the work's value
     * @param work what to run on a worker thread
     * @param callback what receives the outcome, on the loop thread, once
     * @return the work's handle, or {@link WorkHandle#REFUSED} if the queue is full
     * @throws ClosedException if the queue was closed
     */
    public <T> WorkHandle submit(Callable<? extends T> work, WorkCallback<T> callback) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(callback, "callback");
        WorkHandle handle;
        boolean startNow;
        lock.lock();
        try {
            if (closed) {
                throw new ClosedException("work queue is closed (submit)");
            }
            startNow = mode == WorkQueueMode.VIRTUAL && liveThreads < threads;
            if (!startNow && queue.size() >= capacity) {
                refused.increment();
                return WorkHandle.REFUSED;
            }
            handle = new WorkHandle(this, ids.incrementAndGet(), work, callback);
            submitted.increment();
            if (startNow) {
                liveThreads++;
            } else {
                queue.add(handle);
                queuedWork.signal();
            }
        } finally {
            lock.unlock();
        }
        if (startNow) {
            startVirtualThread(handle);
        }
        return handle;
    }

    /**
     * Returns the loop that receives the outcomes.
     *
     * @return the loop
     */
    public Loop loop() {
        return loop;
    }

    /**
     * Returns the kind of thread the work runs on.
     *
     * @return the mode
     */
    public WorkQueueMode mode() {
        return mode;
    }

    /**
     * Takes a snapshot of the counters. Any thread may call this.
     *
     * @return the snapshot
     */
    public WorkQueueStats stats() {
        return new WorkQueueStats(submitted.sum(), completed.sum(), failed.sum(),
                cancelled.sum(), refused.sum(), undelivered.sum(), queued(), running.get());
    }

    /**
     * Returns how many pieces of work wait for a thread.
     *
     * @return queued work, at least 0
     */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many pieces of work run now.
     *
     * @return running work, at least 0
     */
    public int running() {
        return running.get();
    }

    /**
     * Tells whether the queue was closed.
     *
     * @return true after {@link #close()} or {@link #shutdownNow()}
     */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells whether the queue was closed and every worker thread ended.
     *
     * @return true once terminated
     */
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /**
     * Closes the queue: refuses further submissions with {@link ClosedException}, cancels
     * every queued piece of work (each callback runs once, with
     * {@link WorkState#CANCELLED}), and lets running work finish and deliver its outcome.
     * Any thread may call this; idempotent.
     */
    @Override
    public void close() {
        List<WorkHandle> waiting;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            waiting = new ArrayList<>(queue);
            queue.clear();
            queuedWork.signalAll();
            terminateIfIdle();
        } finally {
            lock.unlock();
        }
        for (WorkHandle handle : waiting) {
            handle.cancel();
        }
    }

    /**
     * Closes the queue and also interrupts the running work, which settles as cancelled.
     * Any thread may call this; idempotent.
     *
     * @return how many running pieces of work were cancelled
     */
    public int shutdownNow() {
        close();
        int interrupted = 0;
        for (WorkHandle handle : runningWork) {
            if (handle.cancel(true)) {
                interrupted++;
            }
        }
        return interrupted;
    }

    /**
     * Waits until the queue is closed and every worker thread ended. Never call this on the
     * loop's thread: the loop would stop while it waits.
     *
     * @param timeout the longest wait
     * @return true if terminated, false if the timeout passed first
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws WrongThreadException if called on the loop's thread
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (loop.inLoopThread()) {
            throw new WrongThreadException("WorkQueue.awaitTermination: called from "
                    + Thread.currentThread().getName() + ", the loop's own thread");
        }
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "WorkQueue[mode=" + mode.label() + ", threads=" + threads + ", queued="
                + queued() + ", running=" + running.get() + "]";
    }

    void unqueue(WorkHandle handle) {
        lock.lock();
        try {
            queue.remove(handle);
        } finally {
            lock.unlock();
        }
    }

    void started(WorkHandle handle) {
        running.incrementAndGet();
        runningWork.add(handle);
    }

    void stopped(WorkHandle handle) {
        runningWork.remove(handle);
        running.decrementAndGet();
    }

    /** Counts how the work settled and posts its callback to the loop; once per handle. */
    void settled(WorkHandle handle, WorkState outcome) {
        switch (outcome) {
            case COMPLETED -> completed.increment();
            case FAILED -> failed.increment();
            default -> cancelled.increment();
        }
        try {
            loop.execute(handle::deliver);
        } catch (ClosedException loopClosed) {
            undelivered.increment();
            LOG.log(System.Logger.Level.DEBUG, "loop closed before the outcome of {0}", handle);
        }
    }

    private void startPlatformThreads() {
        lock.lock();
        try {
            liveThreads = threads;
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < threads; i++) {
            Thread.ofPlatform().daemon(true).name(threadName + threadCount.getAndIncrement())
                    .start(this::platformWorker);
        }
    }

    private void platformWorker() {
        WorkHandle handle;
        while ((handle = take()) != null) {
            handle.runHere();
        }
    }

    /** Waits for queued work; null once the queue is closed and empty, ending the worker. */
    private WorkHandle take() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                queuedWork.awaitUninterruptibly();
            }
            WorkHandle handle = queue.poll();
            if (handle == null) {
                liveThreads--;
                terminateIfIdle();
            }
            return handle;
        } finally {
            lock.unlock();
        }
    }

    private void startVirtualThread(WorkHandle handle) {
        Thread.ofVirtual().name(threadName + threadCount.getAndIncrement())
                .start(() -> virtualWorker(handle));
    }

    private void virtualWorker(WorkHandle handle) {
        handle.runHere();
        WorkHandle next;
        lock.lock();
        try {
            next = queue.poll();
            if (next == null) {
                liveThreads--;
                terminateIfIdle();
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            startVirtualThread(next);
        }
    }

    /** Called with the lock held. */
    private void terminateIfIdle() {
        if (closed && liveThreads == 0) {
            terminated.countDown();
        }
    }
}

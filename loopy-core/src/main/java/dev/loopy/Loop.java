package dev.loopy;

import dev.loopy.internal.backend.Backends;
import dev.loopy.internal.backend.IoBackend;
import dev.loopy.internal.backend.ReadyEvents;
import dev.loopy.internal.timer.TimerWheel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One event loop: a thread that multiplexes file descriptors, timers, hooks and work handed
 * over from other threads, on io_uring, epoll or java.nio.
 *
 * <p>Thread rule: a loop belongs to one thread. Until {@link #run()} or {@link #start(String)}
 * is first called, that is the thread that created it; afterwards it is the thread that runs
 * it. Only {@link #execute(Runnable)}, {@link #stop()}, {@link #inLoopThread()},
 * {@link #isClosed()}, {@link #metrics()}, {@link AsyncHandle#send()} and {@link #close()}
 * (when the loop is not running) may be called from other threads; every other method throws
 * {@link WrongThreadException} there.
 *
 * <pre>{@code
 * try (Loop loop = Loop.create()) {
 *     loop.schedule(Duration.ofMillis(10), timer -> System.out.println("tick"));
 *     loop.schedule(Duration.ofMillis(50), timer -> loop.stop());
 *     loop.run();
 * }
 * }</pre>
 *
 * <p>One iteration runs, in this order: prepare hooks; idle hooks; the before-sleep hook;
 * the poll, which waits no longer than the nearest timer (not at all when an idle hook is
 * active, a task or async send is pending, or a stop was asked for); the descriptor
 * callbacks, read before write, skipping a descriptor whose interest an earlier callback of
 * the same batch removed; completions; tasks and async handles handed over from other
 * threads; timers that are due; check hooks; the after-sleep hook.
 *
 * <p>Limitations: the NIO backend cannot watch raw file descriptors, only channels made
 * watchable with {@link #adopt(SelectableChannel)}; epoll and io_uring watch raw descriptors
 * and refuse channels, since the JDK does not reveal a channel's descriptor.
 */
public final class Loop implements Executor, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Loop.class.getName());
    private static final VarHandle WAKE_STATE;
    private static final VarHandle ASYNC_HEAD;
    private static final int AWAKE = 1;
    private static final int SLEEPING = 0;
    private static final int NO_FD = -1;
    private static final int TASKS_PER_ITERATION = 4096;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WAKE_STATE = lookup.findVarHandle(Loop.class, "wakeState", int.class);
            ASYNC_HEAD = lookup.findVarHandle(Loop.class, "asyncHead", AsyncHandle.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final IoBackend backend;
    private final ReadyEvents events = new ReadyEvents();
    private final Clock clock;
    private final ManualClock manualClock;
    private final Runnable clockListener = this::wakeUp;
    private final ErrorHandler errorHandler;
    private final TimerWheel wheel;
    private final TimerWheel.ExpiryHandler expiry = (id, owner) -> fireTimer(id, (Timer) owner);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Completions completions = new Completions();

    private int[] masks;
    private IoCallback[] readCallbacks;
    private IoCallback[] writeCallbacks;
    private long[] registered;
    private int maxFd = NO_FD;

    private final ArrayList<Hook> prepareHooks = new ArrayList<>();
    private final ArrayList<Hook> idleHooks = new ArrayList<>();
    private final ArrayList<Hook> checkHooks = new ArrayList<>();
    private Runnable beforeSleep;
    private Runnable afterSleep;

    private volatile Thread owner;
    private volatile boolean stopRequested;
    private volatile boolean closed;
    private volatile boolean running;
    private volatile boolean closeRequested;
    @SuppressWarnings("unused") // accessed through WAKE_STATE
    private volatile int wakeState = AWAKE;
    @SuppressWarnings("unused") // accessed through ASYNC_HEAD
    private volatile AsyncHandle asyncHead;

    private long iterations;
    private long eventCount;
    private long timersFired;
    private long tasksRun;
    private long asyncCallbacks;
    private long callbackFailures;
    private long pollTimeNs;
    private long runTimeNs;

    private Loop(LoopOptions options) {
        this.clock = options.clock();
        this.manualClock = clock instanceof ManualClock manual ? manual : null;
        this.errorHandler = options.errorHandler() != null
                ? options.errorHandler() : Loop::logFailure;
        this.backend = Backends.open(options.backend(), options.capacity());
        this.wheel = new TimerWheel(clock.nanoTime(), TimerWheel.DEFAULT_TICK_NS, 64);
        allocateTable(options.capacity());
        this.owner = Thread.currentThread();
        if (manualClock != null) {
            manualClock.addListener(clockListener);
        }
    }

    /**
     * Creates a loop with the default options on the best backend available.
     *
     * @return a new loop, owned by the calling thread
     * @throws LoopyException if no backend can be set up
     */
    public static Loop create() {
        return new Loop(LoopOptions.defaults());
    }

    /**
     * Creates a loop.
     *
     * @param options the backend, clock, capacity and error handler
     * @return a new loop, owned by the calling thread
     * @throws LoopyException with status {@code unsupported} if a forced backend is
     *     unavailable, or another status if the backend cannot be set up
     */
    public static Loop create(LoopOptions options) {
        return new Loop(Objects.requireNonNull(options, "options"));
    }

    /**
     * Probes every backend on this machine.
     *
     * @return which backends are available, why the others are not, and the default
     */
    public static BackendReport backendReport() {
        return Backends.report();
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs iterations until {@link #stop()} is called. Clears an earlier stop first.
     *
     * @throws WrongThreadException if another thread is running the loop
     * @throws ClosedException if the loop is closed
     */
    public void run() {
        run(RunMode.DEFAULT);
    }

    /**
     * Runs the loop in the given mode on the calling thread, which becomes its owner.
     *
     * @param mode how many iterations to run and whether the poll may wait
     * @throws WrongThreadException if another thread is running the loop
     * @throws ClosedException if the loop is closed
     * @throws IllegalStateException if called from one of the loop's own callbacks
     */
    public void run(RunMode mode) {
        Objects.requireNonNull(mode, "mode");
        enterRun();
        stopRequested = false;
        runEntered(mode);
    }

    private void runEntered(RunMode mode) {
        long startNs = System.nanoTime();
        try {
            do {
                iterate(mode != RunMode.NOWAIT);
            } while (mode == RunMode.DEFAULT && !stopRequested);
        } finally {
            runTimeNs += System.nanoTime() - startNs;
            running = false;
            if (closeRequested) {
                close();
            }
        }
    }

    /**
     * Starts a platform thread that runs this loop until it is stopped, then closes it.
     * The new thread becomes the loop's owner at once: from here on the calling thread talks
     * to the loop through {@link #execute(Runnable)}.
     *
     * @param threadName the name of the new thread
     * @return the started thread
     */
    public Thread start(String threadName) {
        Objects.requireNonNull(threadName, "threadName");
        checkThread("start");
        checkOpen("start");
        Thread thread = Thread.ofPlatform().name(threadName).unstarted(this::runThenClose);
        owner = thread;
        // Cleared here, not by the new thread: a stop() that comes before the thread gets
        // going must not be lost.
        stopRequested = false;
        thread.start();
        return thread;
    }

    /**
     * Asks the loop to leave {@link #run()} at the end of the current iteration. Any thread
     * may call this; a poll that is blocked returns at once.
     */
    public void stop() {
        stopRequested = true;
        wakeUp();
    }

    /**
     * Tells whether the loop's thread is inside {@link #run(RunMode)}.
     *
     * @return true while running; for the loop's thread
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * Tells whether the calling thread is the loop's thread. Any thread may call this.
     *
     * @return true on the loop's thread
     */
    public boolean inLoopThread() {
        return Thread.currentThread() == owner;
    }

    /**
     * Runs a task on the loop's thread in a later iteration (or, from the loop's thread, in
     * the current one's task step). Any thread may call this. Tasks run in the order they
     * were given from each thread.
     *
     * @param task the task
     * @throws ClosedException if the loop is closed
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            throw new ClosedException("loop is closed (execute)");
        }
        tasks.offer(task);
        wakeUp();
    }

    // ---------------------------------------------------------------- descriptors

    /**
     * Watches a file descriptor for readiness. The table grows to fit {@code fd}.
     * Registering a direction again replaces its callback.
     *
     * @param fd the descriptor, at least 0
     * @param interest {@link Interest#READ}, {@link Interest#WRITE} or both; both
     *     directions then share the callback
     * @param callback called on readiness
     * @throws IllegalArgumentException if {@code fd} is negative or {@code interest} is 0
     *     or holds unknown bits
     * @throws NativeException if the kernel refuses the descriptor, for example a closed one
     */
    public void register(int fd, int interest, IoCallback callback) {
        checkThread("register");
        checkOpen("register");
        checkFd(fd);
        Objects.requireNonNull(callback, "callback");
        if (Interest.check("interest", interest) == Interest.NONE) {
            throw new IllegalArgumentException("interest=0 (expected READ, WRITE or both)");
        }
        int old = interest(fd);
        backend.interest(fd, old, old | interest);
        ensureCapacity(fd + 1);
        if ((interest & Interest.READ) != 0) {
            readCallbacks[fd] = callback;
        }
        if ((interest & Interest.WRITE) != 0) {
            writeCallbacks[fd] = callback;
        }
        setMask(fd, old | interest);
    }

    /**
     * Watches a descriptor for writability unless write interest is already held.
     *
     * @param fd the descriptor, at least 0
     * @param callback called when writable
     * @return false if write interest was already registered, true if it was added
     */
    public boolean registerWriteIfAbsent(int fd, IoCallback callback) {
        checkFd(fd);
        if ((interest(fd) & Interest.WRITE) != 0) {
            return false;
        }
        register(fd, Interest.WRITE, callback);
        return true;
    }

    /**
     * Drops interest in a descriptor. Dropping interest that is not held, or in a descriptor
     * beyond the table, does nothing.
     *
     * @param fd the descriptor, at least 0
     * @param interest the directions to drop
     * @throws IllegalArgumentException if {@code fd} is negative or the mask has unknown bits
     */
    public void unregister(int fd, int interest) {
        checkThread("unregister");
        checkFd(fd);
        Interest.check("interest", interest);
        int old = interest(fd);
        int remaining = old & ~interest;
        if (old == remaining || closed) {
            return;
        }
        try {
            backend.interest(fd, old, remaining);
        } finally {
            if ((interest & Interest.READ) != 0) {
                readCallbacks[fd] = null;
            }
            if ((interest & Interest.WRITE) != 0) {
                writeCallbacks[fd] = null;
            }
            setMask(fd, remaining);
        }
    }

    /**
     * Returns the interest held in a descriptor.
     *
     * @param fd the descriptor, at least 0
     * @return the mask, 0 for a descriptor not registered or beyond the table
     * @throws IllegalArgumentException if {@code fd} is negative
     */
    public int interest(int fd) {
        checkFd(fd);
        return fd < masks.length ? masks[fd] : Interest.NONE;
    }

    /**
     * Returns the highest registered descriptor.
     *
     * @return the descriptor, or -1 when none is registered
     */
    public int maxFd() {
        return maxFd;
    }

    /**
     * Returns the size of the descriptor table.
     *
     * @return the number of descriptors it holds without growing
     */
    public int capacity() {
        return masks.length;
    }

    /**
     * Resizes the descriptor table.
     *
     * @param capacity the new size, in {@code [1, LoopOptions.MAX_CAPACITY]}
     * @return false if a registered descriptor would not fit, true otherwise
     * @throws IllegalArgumentException if out of range
     */
    public boolean resize(int capacity) {
        checkThread("resize");
        if (capacity < 1 || capacity > LoopOptions.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity=" + capacity
                    + " (expected 1.." + LoopOptions.MAX_CAPACITY + ")");
        }
        if (maxFd >= capacity) {
            return false;
        }
        resizeTable(capacity);
        return true;
    }

    /**
     * Makes a channel watchable on the NIO backend and returns the descriptor that names it
     * to {@link #register}, {@link #unregister} and {@link #interest}.
     *
     * @param channel the channel; it is put into non-blocking mode
     * @return the descriptor
     * @throws LoopyException with status {@code unsupported} on epoll and io_uring
     */
    public int adopt(SelectableChannel channel) {
        Objects.requireNonNull(channel, "channel");
        checkThread("adopt");
        checkOpen("adopt");
        return backend.adopt(channel);
    }

    /**
     * Forgets a channel given to {@link #adopt}, dropping its interest. The channel stays
     * open.
     *
     * @param fd the descriptor {@link #adopt} returned
     */
    public void release(int fd) {
        unregister(fd, Interest.BOTH);
        backend.release(fd);
    }

    // ---------------------------------------------------------------- timers

    /**
     * Creates a timer that is not started.
     *
     * @param callback called on expiry
     * @return the timer, to {@link Timer#start(Duration)} later
     */
    public Timer timer(TimerCallback callback) {
        checkThread("timer");
        checkOpen("timer");
        return new Timer(this, callback);
    }

    /**
     * Schedules a one-shot timer.
     *
     * @param delay at least zero; zero fires in the next iteration
     * @param callback called on expiry
     * @return the started timer
     * @throws IllegalArgumentException if the delay is negative
     */
    public Timer schedule(Duration delay, TimerCallback callback) {
        return timer(callback).start(delay);
    }

    /**
     * Schedules a one-shot timer.
     *
     * @param delay at least zero
     * @param unit the delay's unit; microseconds are honoured where the backend allows
     * @param callback called on expiry
     * @return the started timer
     * @throws IllegalArgumentException if the delay is negative
     */
    public Timer schedule(long delay, TimeUnit unit, TimerCallback callback) {
        return timer(callback).start(delay, unit);
    }

    /**
     * Schedules a periodic timer.
     *
     * @param firstDelay the delay of the first expiry, at least zero
     * @param period the time between expiries, more than zero
     * @param callback called on each expiry
     * @return the started timer
     */
    public Timer schedulePeriodic(Duration firstDelay, Duration period, TimerCallback callback) {
        return timer(callback).startPeriodic(firstDelay, period);
    }

    /**
     * Returns the loop's clock reading. Any thread may call this.
     *
     * @return monotonic nanoseconds on the loop's {@link Clock}
     */
    public long nowNs() {
        return clock.nanoTime();
    }

    /**
     * Returns the clock the loop's timers use. Any thread may call this, and read the clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    // ---------------------------------------------------------------- handles and hooks

    /**
     * Creates an async handle whose sends, from any thread, run {@code callback} here.
     *
     * @param callback called on the loop's thread
     * @return the handle, active
     */
    public AsyncHandle async(AsyncCallback callback) {
        checkThread("async");
        checkOpen("async");
        return new AsyncHandle(this, callback);
    }

    /**
     * Creates an active hook that runs first in every iteration.
     *
     * @param callback the hook's work
     * @return the hook
     */
    public Hook prepare(HookCallback callback) {
        return newHook(Hook.Kind.PREPARE, callback);
    }

    /**
     * Creates an active idle hook: it runs after prepare hooks, and while it is active the
     * poll does not wait.
     *
     * @param callback the hook's work
     * @return the hook
     */
    public Hook idle(HookCallback callback) {
        return newHook(Hook.Kind.IDLE, callback);
    }

    /**
     * Creates an active hook that runs after the timers of every iteration.
     *
     * @param callback the hook's work
     * @return the hook
     */
    public Hook check(HookCallback callback) {
        return newHook(Hook.Kind.CHECK, callback);
    }

    /**
     * Sets the callback run before the poll of every iteration.
     *
     * @param hook the callback, or null to clear it
     */
    public void beforeSleep(Runnable hook) {
        checkThread("beforeSleep");
        this.beforeSleep = hook;
    }

    /**
     * Sets the callback run at the end of every iteration.
     *
     * @param hook the callback, or null to clear it
     */
    public void afterSleep(Runnable hook) {
        checkThread("afterSleep");
        this.afterSleep = hook;
    }

    // ---------------------------------------------------------------- facts

    /**
     * Returns the backend this loop runs on.
     *
     * @return the backend
     */
    public Backend backend() {
        return backend.kind();
    }

    /**
     * Returns a snapshot of the loop's counters. Any thread may call this; from another
     * thread the figures may be slightly behind.
     *
     * @return the counters
     */
    public LoopMetrics metrics() {
        return new LoopMetrics(iterations, eventCount, timersFired, tasksRun, asyncCallbacks,
                callbackFailures, pollTimeNs, runTimeNs, backend.syscalls());
    }

    /**
     * Returns the number of timers that will fire.
     *
     * @return the count of active timers
     */
    public int activeTimers() {
        return wheel.size();
    }

    /**
     * Tells whether the loop was closed. Any thread may call this.
     *
     * @return true after {@link #close()}
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the loop: cancels its timers, closes its async handles, runs the tasks already
     * handed over, and releases every descriptor and byte of native memory the backend holds.
     * Descriptors the user registered are not closed. Idempotent. Called from one of the
     * loop's callbacks, it takes effect when {@link #run()} returns; called from another
     * thread while the loop runs, it stops the loop, which closes itself.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (running) {
            closeRequested = true;
            stop();
            return;
        }
        closed = true;
        drainAllTasks();
        closeAsyncHandles();
        completions.failAll(IoBackend.CANCELLED);
        if (manualClock != null) {
            manualClock.removeListener(clockListener);
        }
        backend.close();
    }

    // ---------------------------------------------------------------- iteration

    private void iterate(boolean mayWait) {
        iterations++;
        runHooks(prepareHooks);
        runHooks(idleHooks);
        runSafely(beforeSleep);
        poll(mayWait ? waitTimeoutNs() : 0L);
        dispatchReady();
        dispatchCompletions();
        drainTasks();
        drainAsync();
        runTimers();
        runHooks(checkHooks);
        runSafely(afterSleep);
    }

    private long waitTimeoutNs() {
        if (stopRequested || !idleHooks.isEmpty()) {
            return 0L;
        }
        long deadlineNs = wheel.nextDeadlineNs();
        if (deadlineNs == TimerWheel.NO_DEADLINE) {
            return IoBackend.NO_TIMEOUT;
        }
        long remainingNs = deadlineNs - clock.nanoTime();
        if (remainingNs <= 0) {
            return 0L;
        }
        // Virtual time does not pass by itself: wait until the clock is advanced.
        return manualClock != null ? IoBackend.NO_TIMEOUT : remainingNs;
    }

    private void poll(long timeoutNs) {
        events.clear();
        if (timeoutNs != 0) {
            WAKE_STATE.setVolatile(this, SLEEPING);
            if (hasHandedOverWork() || virtualTimerDue()) {
                timeoutNs = 0;
            }
        }
        long startNs = System.nanoTime();
        backend.poll(timeoutNs, events);
        pollTimeNs += System.nanoTime() - startNs;
        WAKE_STATE.setVolatile(this, AWAKE);
    }

    /*
     * A manual clock wakes the loop only while it sleeps: an advance that came after the
     * timeout was chosen but before the loop said it sleeps is caught by this re-check
     * (the clock's volatile store and the wake state's pair up, as for hand-overs).
     */
    private boolean virtualTimerDue() {
        return manualClock != null && wheel.nextDeadlineNs() <= clock.nanoTime();
    }

    private boolean hasHandedOverWork() {
        return stopRequested || !tasks.isEmpty() || ASYNC_HEAD.getVolatile(this) != null;
    }

    private void dispatchReady() {
        int count = events.readyCount();
        for (int i = 0; i < count; i++) {
            int fd = events.fd(i);
            int ready = events.mask(i);
            eventCount++;
            if ((ready & Interest.READ) != 0 && (interest(fd) & Interest.READ) != 0) {
                invoke(readCallbacks[fd], fd, ready);
            }
            if ((ready & Interest.WRITE) != 0 && (interest(fd) & Interest.WRITE) != 0) {
                invoke(writeCallbacks[fd], fd, ready);
            }
        }
    }

    private void invoke(IoCallback callback, int fd, int ready) {
        try {
            callback.onReady(fd, ready);
        } catch (RuntimeException failure) {
            callbackFailed(failure);
        }
    }

    private void dispatchCompletions() {
        int count = events.completionCount();
        for (int i = 0; i < count; i++) {
            eventCount++;
            IntConsumer callback = completions.remove(events.token(i));
            if (callback != null) {
                try {
                    callback.accept(events.result(i));
                } catch (RuntimeException failure) {
                    callbackFailed(failure);
                }
            }
        }
    }

    private void drainTasks() {
        // Bounded, so that tasks which execute more tasks cannot keep the loop from
        // polling; what is left makes the next poll return at once.
        Runnable task;
        for (int i = 0; i < TASKS_PER_ITERATION && (task = tasks.poll()) != null; i++) {
            tasksRun++;
            runSafely(task);
        }
    }

    private void drainAllTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            tasksRun++;
            runSafely(task);
        }
    }

    private void drainAsync() {
        AsyncHandle head = (AsyncHandle) ASYNC_HEAD.getAndSet(this, null);
        AsyncHandle ordered = reverse(head);
        while (ordered != null) {
            AsyncHandle next = ordered.nextPending;
            ordered.nextPending = null;
            try {
                if (ordered.dispatch()) {
                    asyncCallbacks++;
                }
            } catch (RuntimeException failure) {
                callbackFailed(failure);
            }
            ordered = next;
        }
    }

    private static AsyncHandle reverse(AsyncHandle head) {
        AsyncHandle reversed = null;
        while (head != null) {
            AsyncHandle next = head.nextPending;
            head.nextPending = reversed;
            reversed = head;
            head = next;
        }
        return reversed;
    }

    private void runTimers() {
        if (wheel.size() > 0 && !stopRequested) {
            wheel.expire(clock.nanoTime(), expiry);
        }
    }

    private void fireTimer(long id, Timer timer) {
        timersFired++;
        try {
            timer.expire(id);
        } catch (RuntimeException failure) {
            callbackFailed(failure);
        }
    }

    private void runHooks(ArrayList<Hook> hooks) {
        for (int i = 0; i < hooks.size(); i++) {
            Hook hook = hooks.get(i);
            try {
                hook.run();
            } catch (RuntimeException failure) {
                callbackFailed(failure);
            }
            if (i < hooks.size() && hooks.get(i) != hook) {
                i--; // the hook removed itself; the next one slid into its place
            }
        }
    }

    private void runSafely(Runnable callback) {
        if (callback == null) {
            return;
        }
        try {
            callback.run();
        } catch (RuntimeException failure) {
            callbackFailed(failure);
        }
    }

    /**
     * Hands a failure to the loop's error handler, as if a callback had thrown it; for
     * components built on the loop that run user code and must not stop at its failure.
     *
     * @param failure what the user code threw
     * @throws WrongThreadException off the loop's thread
     */
    public void reportFailure(RuntimeException failure) {
        Objects.requireNonNull(failure, "failure");
        checkThread("reportFailure");
        callbackFailed(failure);
    }

    private void callbackFailed(RuntimeException failure) {
        callbackFailures++;
        try {
            errorHandler.onCallbackFailure(this, failure);
        } catch (RuntimeException handlerFailure) {
            logFailure(this, handlerFailure);
        }
    }

    private static void logFailure(Loop loop, RuntimeException failure) {
        LOG.log(System.Logger.Level.WARNING, "loop callback failed", failure);
    }

    // ---------------------------------------------------------------- internals

    private void enterRun() {
        checkOpen("run");
        if (running) {
            Thread current = Thread.currentThread();
            if (current == owner) {
                throw new IllegalStateException("run: the loop is already running (re-entry)");
            }
            throw new WrongThreadException("run: called from " + current.getName()
                    + " but " + owner.getName() + " is running the loop");
        }
        // A loop created on one thread may be run by another: it is handed over.
        owner = Thread.currentThread();
        running = true;
    }

    private void runThenClose() {
        try {
            enterRun();
            runEntered(RunMode.DEFAULT);
        } finally {
            close();
        }
    }

    void checkThread(String method) {
        Thread current = Thread.currentThread();
        if (current != owner) {
            throw new WrongThreadException(method + ": called from " + current.getName()
                    + " but the loop belongs to " + owner.getName());
        }
    }

    void checkOpen(String method) {
        if (closed) {
            throw new ClosedException("loop is closed (" + method + ")");
        }
    }

    private static void checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd=" + fd + " (expected >= 0)");
        }
    }

    private void wakeUp() {
        if ((int) WAKE_STATE.getVolatile(this) == SLEEPING
                && WAKE_STATE.compareAndSet(this, SLEEPING, AWAKE)) {
            backend.wakeup();
        }
    }

    boolean pushAsync(AsyncHandle handle) {
        if (closed) {
            return false;
        }
        AsyncHandle head;
        do {
            head = (AsyncHandle) ASYNC_HEAD.getVolatile(this);
            handle.nextPending = head;
        } while (!ASYNC_HEAD.compareAndSet(this, head, handle));
        wakeUp();
        return true;
    }

    private void closeAsyncHandles() {
        AsyncHandle head = (AsyncHandle) ASYNC_HEAD.getAndSet(this, null);
        while (head != null) {
            head.markClosed();
            head = head.nextPending;
        }
    }

    long wheelSchedule(long deadlineNs, Timer timer) {
        return wheel.schedule(deadlineNs, timer);
    }

    void wheelCancel(long id) {
        wheel.cancel(id);
    }

    private Hook newHook(Hook.Kind kind, HookCallback callback) {
        checkThread(kind.label());
        checkOpen(kind.label());
        return new Hook(this, kind, callback).start();
    }

    void hookStarted(Hook hook) {
        hooksOf(hook.kind()).add(hook);
    }

    void hookStopped(Hook hook) {
        hooksOf(hook.kind()).remove(hook);
    }

    private ArrayList<Hook> hooksOf(Hook.Kind kind) {
        return switch (kind) {
            case PREPARE -> prepareHooks;
            case IDLE -> idleHooks;
            case CHECK -> checkHooks;
        };
    }

    /**
     * Submits a no-op through the backend's completion face; {@code callback} gets its
     * result on this loop's thread. Used by the backend contract tests.
     */
    void submitNop(IntConsumer callback) {
        checkThread("submitNop");
        checkOpen("submitNop");
        backend.submitNop(completions.add(callback));
    }

    /** Submits a backend timeout; {@code callback} gets its result here. */
    long submitTimeout(long timeoutNs, IntConsumer callback) {
        checkThread("submitTimeout");
        checkOpen("submitTimeout");
        long token = completions.add(callback);
        backend.submitTimeout(token, timeoutNs);
        return token;
    }

    /** Cancels a submitted operation; its callback then gets the cancelled result. */
    boolean cancelSubmitted(long token) {
        checkThread("cancelSubmitted");
        return backend.cancel(token);
    }

    // ---------------------------------------------------------------- the descriptor table

    private void allocateTable(int capacity) {
        masks = new int[capacity];
        readCallbacks = new IoCallback[capacity];
        writeCallbacks = new IoCallback[capacity];
        registered = new long[(capacity + 63) >>> 6];
    }

    private void ensureCapacity(int needed) {
        if (needed <= masks.length) {
            return;
        }
        int capacity = masks.length;
        while (capacity < needed) {
            capacity = capacity > LoopOptions.MAX_CAPACITY / 2 ? needed : capacity * 2;
        }
        resizeTable(capacity);
    }

    private void resizeTable(int capacity) {
        masks = Arrays.copyOf(masks, capacity);
        readCallbacks = Arrays.copyOf(readCallbacks, capacity);
        writeCallbacks = Arrays.copyOf(writeCallbacks, capacity);
        registered = Arrays.copyOf(registered, (capacity + 63) >>> 6);
    }

    private void setMask(int fd, int mask) {
        masks[fd] = mask;
        if (mask != Interest.NONE) {
            registered[fd >>> 6] |= 1L << fd;
            maxFd = Math.max(maxFd, fd);
        } else {
            registered[fd >>> 6] &= ~(1L << fd);
            if (fd == maxFd) {
                maxFd = highestRegistered(fd);
            }
        }
    }

    private int highestRegistered(int below) {
        for (int word = below >>> 6; word >= 0; word--) {
            if (registered[word] != 0) {
                return (word << 6) + 63 - Long.numberOfLeadingZeros(registered[word]);
            }
        }
        return NO_FD;
    }
}

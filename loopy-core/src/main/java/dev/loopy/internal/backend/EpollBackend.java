package dev.loopy.internal.backend;

import dev.loopy.Backend;
import dev.loopy.ClosedException;
import dev.loopy.LoopyException;
import dev.loopy.NativeException;
import dev.loopy.Status;
import dev.loopy.internal.linux.Epoll;
import dev.loopy.internal.linux.Errno;
import dev.loopy.internal.linux.EventFd;
import dev.loopy.internal.linux.LibC;
import dev.loopy.internal.linux.Native;
import dev.loopy.internal.linux.Timespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The backend on Linux epoll, reached through the Foreign Function and Memory API.
 *
 * <p>Every method except {@link #wakeup()} and {@link #unavailableReason()} is for the
 * loop's thread only; {@link #open} may be called by any thread, and the instance may then
 * be handed to the loop's thread.
 *
 * <p>Readiness is level-triggered. {@code EPOLLIN} is reported as {@link #READ} and
 * {@code EPOLLOUT} as {@link #WRITE}; an error or hang-up ({@code EPOLLERR},
 * {@code EPOLLHUP}, {@code EPOLLRDHUP}) is reported as every direction the descriptor holds
 * interest in, so a reader learns of a hang-up even when nothing is left to read.
 *
 * <p>Completions are done in user space: a no-op completes on the next poll, a timeout on the
 * first poll after its deadline, and a cancelled operation on the next poll with
 * {@link #CANCELLED}. A poll never waits past the earliest pending deadline. Timeouts are on
 * the monotonic clock of {@link System#nanoTime()}, the clock epoll itself waits on.
 *
 * <p>Waiting: with {@code epoll_pwait2} (Linux 5.11) a poll waits to the nanosecond;
 * otherwise {@code epoll_wait} takes whole milliseconds and the timeout is rounded up, so a
 * poll never returns before its timeout and never spins.
 *
 * <p>Limitations: raw descriptors only, so {@link #adopt} is not supported. Regular files
 * cannot be watched (epoll refuses them with {@code EPERM}). epoll watches the open file,
 * not the number: drop a descriptor's interest before closing it, or a duplicate that stays
 * open keeps it reported under its old number. One poll reports at most 4096 descriptors;
 * the others, still ready, are reported by the next poll. Cancelling costs time linear in
 * the number of pending operations.
 */
public final class EpollBackend implements IoBackend {
    /*
     * The epoll data word of each registration carries the descriptor in its low 32 bits
     * and the interest mask in the high 32 bits, so that a poll maps hang-ups to the
     * interest without any table. The wake-up eventfd is registered edge-triggered: every
     * write makes a new edge, so it is reported once per batch of writes and never needs
     * to be read back.
     */
    private static final int INTEREST_SHIFT = Integer.SIZE;
    private static final long FD_BITS = 0xFFFF_FFFFL;
    private static final int READ_EVENTS = Epoll.EPOLLIN | Epoll.EPOLLRDHUP;
    private static final int WRITE_EVENTS = Epoll.EPOLLOUT;
    private static final int HANG_UP_EVENTS = Epoll.EPOLLERR | Epoll.EPOLLHUP | Epoll.EPOLLRDHUP;
    private static final int ALL_INTEREST = READ | WRITE;

    private static final int MIN_EVENTS = 16;
    private static final int MAX_EVENTS = 4096;
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long WAKE_VALUE = 1;

    private static final System.Logger LOG = System.getLogger(EpollBackend.class.getName());
    private static final VarHandle WAKER_ENTRIES;
    private static final VarHandle WAKER_EXITS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WAKER_ENTRIES = lookup.findVarHandle(EpollBackend.class, "wakerEntries",
                    long.class);
            WAKER_EXITS = lookup.findVarHandle(EpollBackend.class, "wakerExits", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int epfd;
    private final int wakeFd;
    private final boolean nanoTimeouts;
    private final Arena arena;
    private final MemorySegment ctlEvent;
    private final MemorySegment timeout;
    private final UserSpaceCompletions completions = new UserSpaceCompletions();

    private Arena eventsArena;
    private MemorySegment events;
    private int eventCapacity;
    private long syscalls;

    private volatile boolean closed;
    @SuppressWarnings("unused") // updated through WAKER_ENTRIES
    private volatile long wakerEntries;
    @SuppressWarnings("unused") // updated through WAKER_EXITS
    private volatile long wakerExits;

    private EpollBackend(int epfd, int wakeFd, int eventCapacity, boolean nanoTimeouts) {
        this.epfd = epfd;
        this.wakeFd = wakeFd;
        this.nanoTimeouts = nanoTimeouts;
        this.arena = Arena.ofShared();
        this.ctlEvent = Epoll.allocateEvents(arena, 1);
        this.timeout = arena.allocate(Timespec.TIMESPEC);
        this.eventCapacity = eventCapacity;
        this.eventsArena = Arena.ofShared();
        this.events = Epoll.allocateEvents(eventsArena, eventCapacity);
    }

    /**
     * Tells why this backend cannot run here. Any thread may call this.
     *
     * @return null when the backend is available; otherwise a short reason, such as
     *     {@code "not linux (os.name=Mac OS X)"} or {@code "epoll_create1 failed: errno=24"}
     */
    public static String unavailableReason() {
        String fixed = Availability.REASON;
        if (fixed != null) {
            return fixed;
        }
        return Availability.probeDescriptors();
    }

    /**
     * Opens an epoll backend. Any thread may call this.
     *
     * @param capacityHint how many descriptors the loop expects to watch, at least 1; it
     *     sizes the first event array (16 to 4096 entries), which doubles, up to 4096, each
     *     time a poll fills it
     * @return the backend, which the caller must close
     * @throws IllegalArgumentException if {@code capacityHint} is less than 1
     * @throws LoopyException with status {@code unsupported} when
     *     {@link #unavailableReason()} is not null
     * @throws NativeException if creating a descriptor fails, for example {@code EMFILE}
     */
    public static EpollBackend open(int capacityHint) {
        checkCapacityHint(capacityHint);
        String reason = unavailableReason();
        if (reason != null) {
            throw new LoopyException(Status.UNSUPPORTED, "epoll backend unavailable: " + reason);
        }
        return open(capacityHint, Epoll.hasPwait2());
    }

    /**
     * Opens a backend that waits to the nanosecond or to the millisecond, for tests.
     *
     * @param capacityHint as for {@link #open(int)}
     * @param nanoTimeouts true to wait with {@code epoll_pwait2}, which the kernel must have
     * @return the backend
     */
    static EpollBackend open(int capacityHint, boolean nanoTimeouts) {
        checkCapacityHint(capacityHint);
        int epfd = Epoll.create1(Epoll.EPOLL_CLOEXEC);
        int wakeFd = -1;
        try {
            wakeFd = EventFd.create(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
            int capacity = Math.clamp(capacityHint, MIN_EVENTS, MAX_EVENTS);
            EpollBackend backend = new EpollBackend(epfd, wakeFd, capacity, nanoTimeouts);
            backend.registerWakeFd();
            return backend;
        } catch (RuntimeException | Error e) {
            LibC.closeQuietly(epfd);
            if (wakeFd >= 0) {
                LibC.closeQuietly(wakeFd);
            }
            throw e;
        }
    }

    @Override
    public Backend kind() {
        return Backend.EPOLL;
    }

    /**
     * Tells whether polls wait to the nanosecond ({@code epoll_pwait2}) rather than to the
     * millisecond ({@code epoll_wait}, timeouts rounded up).
     *
     * @return true with nanosecond timeouts
     */
    public boolean hasNanoTimeouts() {
        return nanoTimeouts;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Equal masks make no system call. Otherwise the call is {@code EPOLL_CTL_ADD} when
     * {@code oldMask} is 0, {@code EPOLL_CTL_DEL} when {@code newMask} is 0, and
     * {@code EPOLL_CTL_MOD} in between.
     *
     * @throws IllegalArgumentException if {@code fd} is negative or a mask has bits other
     *     than {@link #READ} and {@link #WRITE}
     * @throws NativeException naming {@code epoll_ctl} and the descriptor if the kernel
     *     refuses: {@code EBADF} for a closed descriptor, {@code ENOENT} for one never
     *     registered, {@code EEXIST} for one already registered, {@code EPERM} for a file
     * @throws ClosedException if the backend is closed
     */
    @Override
    public void interest(int fd, int oldMask, int newMask) {
        checkFd(fd);
        checkMask("oldMask", oldMask);
        checkMask("newMask", newMask);
        ensureOpen("interest");
        if (oldMask == newMask) {
            return;
        }
        int op = oldMask == 0 ? Epoll.EPOLL_CTL_ADD
                : newMask == 0 ? Epoll.EPOLL_CTL_DEL : Epoll.EPOLL_CTL_MOD;
        syscalls++;
        Epoll.ctl(epfd, op, fd, ctlEvent, eventsOf(newMask), dataOf(fd, newMask));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A signal that interrupts the wait counts as zero events.
     *
     * @throws IllegalArgumentException if {@code timeoutNs} is negative and not
     *     {@link #NO_TIMEOUT}
     * @throws NativeException if the wait fails for another reason than a signal
     * @throws ClosedException if the backend is closed
     */
    @Override
    public int poll(long timeoutNs, ReadyEvents out) {
        if (timeoutNs < 0 && timeoutNs != NO_TIMEOUT) {
            throw new IllegalArgumentException(
                    "timeoutNs=" + timeoutNs + " (expected >= 0 or NO_TIMEOUT)");
        }
        ensureOpen("poll");
        int readyBefore = out.readyCount();
        int completedBefore = out.completionCount();

        int count = waitForEvents(completions.waitNs(timeoutNs, System.nanoTime()));
        translate(count, out);
        if (count == eventCapacity) {
            growEvents();
        }
        completions.reap(System.nanoTime(), out);

        return out.readyCount() - readyBefore + out.completionCount() - completedBefore;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each call writes the eventfd once; coalescing calls is the loop's job. A call after
     * {@link #close()}, or racing with it, does nothing.
     */
    @Override
    public void wakeup() {
        enterWaker();
        try {
            if (!closed) {
                EventFd.write(wakeFd, WAKE_VALUE);
            }
        } finally {
            leaveWaker();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code token} is outside {@code [0, MAX_TOKEN]}
     * @throws ClosedException if the backend is closed
     */
    @Override
    public void submitNop(long token) {
        checkToken(token);
        ensureOpen("submitNop");
        completions.submitNop(token);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Delays beyond about 73 years are shortened to that.
     *
     * @throws IllegalArgumentException if {@code token} is outside {@code [0, MAX_TOKEN]} or
     *     {@code timeoutNs} is negative
     * @throws ClosedException if the backend is closed
     */
    @Override
    public void submitTimeout(long token, long timeoutNs) {
        checkToken(token);
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("timeoutNs=" + timeoutNs + " (expected >= 0)");
        }
        ensureOpen("submitTimeout");
        long delayNs = Math.min(timeoutNs, UserSpaceCompletions.MAX_DELAY_NS);
        completions.submitTimeout(token, System.nanoTime() + delayNs);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A no-op that was submitted but not reaped yet counts as pending. With several
     * pending operations under one token, one of them is cancelled.
     *
     * @throws ClosedException if the backend is closed
     */
    @Override
    public boolean cancel(long token) {
        ensureOpen("cancel");
        return completions.cancel(token);
    }

    /**
     * Refuses: epoll watches descriptors, not channels.
     *
     * @throws LoopyException always, with status {@code unsupported}
     */
    @Override
    public int adopt(SelectableChannel channel) {
        throw unsupported("adopt");
    }

    /**
     * Refuses: nothing can have been adopted.
     *
     * @throws LoopyException always, with status {@code unsupported}
     */
    @Override
    public void release(int fd) {
        throw unsupported("release");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Counts {@code epoll_ctl} and the waits made by the loop's thread, and the calls of
     * {@link #wakeup()} from every thread, each of which writes the eventfd once while the
     * backend is open.
     */
    @Override
    public long syscalls() {
        return syscalls + volatileWakerEntries();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Idempotent. Closes the epoll descriptor and the eventfd and frees the native
     * memory; pending completions are dropped without being reaped. A {@link #wakeup()}
     * running on another thread is waited for, so that the eventfd is never written after
     * its number was released.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        awaitWakers();
        closeDescriptor(epfd, "epoll");
        closeDescriptor(wakeFd, "eventfd");
        eventsArena.close();
        arena.close();
        completions.clear();
    }

    private void registerWakeFd() {
        Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, wakeFd, ctlEvent,
                Epoll.EPOLLIN | Epoll.EPOLLET, dataOf(wakeFd, 0));
    }

    private int waitForEvents(long waitNs) {
        syscalls++;
        int count;
        if (nanoTimeouts) {
            MemorySegment limit = waitNs == NO_TIMEOUT
                    ? MemorySegment.NULL : Timespec.set(timeout, waitNs);
            count = Epoll.epollPwait2(epfd, events, eventCapacity, limit);
        } else {
            count = Epoll.epollWait(epfd, events, eventCapacity, roundUpToMillis(waitNs));
        }
        if (count >= 0) {
            return count;
        }
        if (count == -Errno.EINTR) {
            return 0;
        }
        String call = nanoTimeouts ? "epoll_pwait2" : "epoll_wait";
        throw Native.failure(call, -count, "epfd=" + epfd + " maxevents=" + eventCapacity);
    }

    private void translate(int count, ReadyEvents out) {
        for (int i = 0; i < count; i++) {
            long data = Epoll.data(events, i);
            int fd = (int) (data & FD_BITS);
            if (fd == wakeFd) {
                continue;
            }
            int interest = (int) (data >>> INTEREST_SHIFT);
            int mask = readinessOf(Epoll.events(events, i), interest);
            if (mask != 0) {
                out.addReady(fd, mask);
            }
        }
    }

    private void growEvents() {
        if (eventCapacity >= MAX_EVENTS) {
            return;
        }
        int capacity = Math.min(eventCapacity * 2, MAX_EVENTS);
        Arena grown = Arena.ofShared();
        MemorySegment array = Epoll.allocateEvents(grown, capacity);
        eventsArena.close();
        eventsArena = grown;
        events = array;
        eventCapacity = capacity;
    }

    /*
     * Wake-up against close, without a lock. A waker increments wakerEntries, then reads
     * closed; close writes closed, then waits until wakerExits catches up with
     * wakerEntries. All four accesses are volatile, so they are totally ordered: either
     * close sees the waker's entry and waits for it to leave, or the waker sees closed and
     * writes nothing. Either way the eventfd is never written once its number is released.
     * The casts keep each call site exact, so that no boxing adapter runs in the
     * interpreter.
     */
    private void enterWaker() {
        long ignored = (long) WAKER_ENTRIES.getAndAdd(this, 1L); // volatile read-modify-write
    }

    private void leaveWaker() {
        long ignored = (long) WAKER_EXITS.getAndAdd(this, 1L); // volatile read-modify-write
    }

    private long volatileWakerEntries() {
        return (long) WAKER_ENTRIES.getVolatile(this);
    }

    private void awaitWakers() {
        while ((long) WAKER_EXITS.getVolatile(this) != volatileWakerEntries()) {
            Thread.onSpinWait();
        }
    }

    private static int readinessOf(int bits, int interest) {
        int mask = 0;
        if ((bits & Epoll.EPOLLIN) != 0) {
            mask |= READ;
        }
        if ((bits & Epoll.EPOLLOUT) != 0) {
            mask |= WRITE;
        }
        if ((bits & HANG_UP_EVENTS) != 0) {
            mask |= interest;
        }
        return mask & interest;
    }

    private static int eventsOf(int mask) {
        int bits = 0;
        if ((mask & READ) != 0) {
            bits |= READ_EVENTS;
        }
        if ((mask & WRITE) != 0) {
            bits |= WRITE_EVENTS;
        }
        return bits;
    }

    private static long dataOf(int fd, int mask) {
        return ((long) mask << INTEREST_SHIFT) | (fd & FD_BITS);
    }

    private static int roundUpToMillis(long waitNs) {
        if (waitNs == NO_TIMEOUT) {
            return -1;
        }
        long millis = waitNs / NANOS_PER_MILLI + (waitNs % NANOS_PER_MILLI == 0 ? 0 : 1);
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }

    private void ensureOpen(String operation) {
        if (closed) {
            throw new ClosedException("epoll backend is closed (" + operation + ")");
        }
    }

    private static void closeDescriptor(int fd, String what) {
        int errno = LibC.closeQuietly(fd);
        if (errno != 0) {
            LOG.log(System.Logger.Level.WARNING, "close of {0} fd={1} failed: errno={2}",
                    what, fd, errno);
        }
    }

    private static LoopyException unsupported(String operation) {
        return new LoopyException(Status.UNSUPPORTED, operation
                + " is not supported by the epoll backend (expected a file descriptor)");
    }

    private static void checkCapacityHint(int capacityHint) {
        if (capacityHint < 1) {
            throw new IllegalArgumentException(
                    "capacityHint=" + capacityHint + " (expected > 0)");
        }
    }

    private static void checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd=" + fd + " (expected >= 0)");
        }
    }

    private static void checkMask(String name, int mask) {
        if ((mask & ~ALL_INTEREST) != 0) {
            throw new IllegalArgumentException(name + "=" + mask
                    + " (expected a combination of READ=1 and WRITE=2)");
        }
    }

    private static void checkToken(long token) {
        if (token < 0 || token > MAX_TOKEN) {
            throw new IllegalArgumentException(
                    "token=" + token + " (expected 0.." + MAX_TOKEN + ")");
        }
    }

    /** What makes the backend unavailable for the life of the process, found once. */
    private static final class Availability {
        static final String REASON = fixedReason();

        private static volatile boolean descriptorsWorked;

        private static String fixedReason() {
            String os = System.getProperty("os.name", "");
            if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
                return "not linux (os.name=" + os + ")";
            }
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                lookup.ensureInitialized(Epoll.class);
                lookup.ensureInitialized(EventFd.class);
                return null;
            } catch (LinkageError | RuntimeException | IllegalAccessException e) {
                return "native access failed: " + e;
            }
        }

        /* Run until it first succeeds: running out of descriptors is not permanent. */
        static String probeDescriptors() {
            if (descriptorsWorked) {
                return null;
            }
            try {
                LibC.close(Epoll.create1(Epoll.EPOLL_CLOEXEC));
                LibC.close(EventFd.create(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK));
            } catch (NativeException e) {
                return e.syscall() + " failed: errno=" + e.errno();
            }
            descriptorsWorked = true;
            return null;
        }
    }
}

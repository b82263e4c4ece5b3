package dev.loopy.internal.backend;

import static dev.loopy.internal.linux.IoUring.IORING_CQE_F_MORE;
import static dev.loopy.internal.linux.IoUring.IORING_ENTER_EXT_ARG;
import static dev.loopy.internal.linux.IoUring.IORING_ENTER_GETEVENTS;
import static dev.loopy.internal.linux.IoUring.IORING_FEAT_CQE_SKIP;
import static dev.loopy.internal.linux.IoUring.IORING_OP_ASYNC_CANCEL;
import static dev.loopy.internal.linux.IoUring.IORING_OP_NOP;
import static dev.loopy.internal.linux.IoUring.IORING_OP_POLL_ADD;
import static dev.loopy.internal.linux.IoUring.IORING_OP_POLL_REMOVE;
import static dev.loopy.internal.linux.IoUring.IORING_OP_READ;
import static dev.loopy.internal.linux.IoUring.IORING_OP_TIMEOUT;
import static dev.loopy.internal.linux.IoUring.IORING_POLL_ADD_MULTI;
import static dev.loopy.internal.linux.IoUring.IORING_POLL_UPDATE_EVENTS;
import static dev.loopy.internal.linux.IoUring.IOSQE_CQE_SKIP_SUCCESS;
import static dev.loopy.internal.linux.IoUring.POLLERR;
import static dev.loopy.internal.linux.IoUring.POLLHUP;
import static dev.loopy.internal.linux.IoUring.POLLIN;
import static dev.loopy.internal.linux.IoUring.POLLOUT;
import static dev.loopy.internal.linux.IoUring.POLLPRI;
import static dev.loopy.internal.linux.IoUring.POLLRDHUP;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.loopy.Backend;
import dev.loopy.ClosedException;
import dev.loopy.LoopyException;
import dev.loopy.NativeException;
import dev.loopy.Status;
import dev.loopy.internal.linux.IoUring;
import dev.loopy.internal.linux.IoUringLayouts;
import dev.loopy.internal.linux.Errno;
import dev.loopy.internal.linux.EventFd;
import dev.loopy.internal.linux.LibC;
import dev.loopy.internal.linux.Native;
import dev.loopy.internal.linux.IoUringProbe;
import dev.loopy.internal.linux.IoUringRing;
import dev.loopy.internal.linux.Timespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.util.Objects;

/**
 * The io_uring backend: readiness through multishot poll, completions of NOP and
 * TIMEOUT requests, and a wake-up eventfd read by the ring itself.
 *
 * <p>Every method except {@link #wakeup()} is called by the loop's thread only; the
 * loop may hand itself from one thread to another between calls (see the setup
 * flags in {@link IoUringRing}). {@link #wakeup()} may be called from any thread.
 *
 * <p>Submission is batched. Interest changes, operations and re-checks are queued
 * as SQEs while the loop iterates, and {@link #poll} submits them all with the one
 * {@code io_uring_enter(to_submit, 1, GETEVENTS | EXT_ARG, &arg)} that also waits,
 * with a nanosecond timespec. Only a full SQ forces an earlier submission. When
 * completions are already posted, {@link #poll} reaps them without a system call.
 *
 * <p>Limitations: channels cannot be {@link #adopt adopted} (use the NIO backend
 * for them). Linux 5.13 or newer is needed
 * ({@link IoUringProbe#unavailableReason()} says what is missing). A descriptor
 * whose poll fails in the kernel, for example because it was closed while
 * registered, is reported once with its whole interest, so that its callback meets
 * the error, and then stays silent until its interest is set again. A report can be
 * spurious: a completion the kernel posted before a callback drained the descriptor
 * still reaches the next poll, so callbacks must take {@code EAGAIN} as "nothing to
 * do", as with any non-blocking descriptor.
 */
public final class IoUringBackend implements IoBackend {
    /*
     * Level-triggered readiness on top of multishot poll. Each registered
     * descriptor has one IORING_OP_POLL_ADD with IORING_POLL_ADD_MULTI. The kernel
     * posts a completion per wake-up of the descriptor, which is edge-triggered: a
     * socket left readable by its callback would not be reported again until more
     * data arrived. So every descriptor that a poll reports goes on the sync list,
     * and the next batch carries, for each, an IORING_OP_POLL_REMOVE with
     * IORING_POLL_UPDATE_EVENTS and the unchanged interest. Updating a poll re-arms
     * it in place, and arming looks at the descriptor's current readiness: if it is
     * still ready the kernel posts a completion at once; if not, the poll simply
     * stays armed, with no second request left behind and no completion (the
     * update's own success is silenced with IOSQE_CQE_SKIP_SUCCESS where the kernel
     * has it). The re-check rides in the io_uring_enter that waits anyway: one SQE
     * and no system call per reported descriptor. A report of the multishot poll
     * and one of the re-check in the same poll merge in ReadyEvents. An update that
     * finds the poll busy (-EALREADY) is retried in the next batch; a poll that
     * ended (a completion without IORING_CQE_F_MORE, as after a CQ overflow) is
     * armed anew, which also looks at the current readiness. Interest changes use
     * the same update with the new events. A new registration is armed only when
     * the batch is written, so interest set and changed within one iteration
     * reaches the kernel as one POLL_ADD with the final events.
     *
     * user_data: the top byte is a tag. TAG_TOKEN (0) leaves the 56 low bits to the
     * loop's token, so a token is its own user_data. Polls and their updates carry
     * a 24-bit generation above the 32-bit descriptor: a registration that ends
     * bumps the generation, so the -ECANCELED completion of a removed poll, or a
     * readiness completion still in the CQ, is recognised as stale and never
     * reaches a descriptor that was registered again, even under the same number.
     *
     * Cancellation: cancel() marks the token; whatever result the kernel then posts
     * for it (-ECANCELED, or -ETIME or 0 when it completed first), the loop reaps
     * CANCELLED once. The IORING_OP_ASYNC_CANCEL request itself is internal.
     *
     * Wake-up: an IORING_OP_READ of an eventfd is kept in flight. wakeup() writes
     * the eventfd once per cycle (a volatile flag coalesces concurrent callers),
     * the read completes, the blocked io_uring_enter returns, and the read is
     * queued again into the next batch, so a wake-up costs the waker one write and
     * the loop no system call.
     */
    private static final System.Logger LOG =
            System.getLogger(IoUringBackend.class.getName());

    /** The largest ring the kernel accepts without clamping. */
    public static final int MAX_ENTRIES = 32768;

    private static final int TAG_SHIFT = 56;
    private static final int TAG_TOKEN = 0;
    private static final int TAG_POLL = 1;
    private static final int TAG_UPDATE = 2;
    private static final int TAG_WAKE = 3;
    private static final int TAG_INTERNAL = 4;
    private static final int FD_BITS = 32;
    private static final int GENERATION_MASK = (1 << IoUringPolls.GENERATION_BITS) - 1;
    private static final long WAKE_DATA = (long) TAG_WAKE << TAG_SHIFT;
    private static final long INTERNAL_DATA = (long) TAG_INTERNAL << TAG_SHIFT;

    private static final int READ_EVENTS = POLLIN | POLLRDHUP;
    private static final int WRITE_EVENTS = POLLOUT;
    private static final int READABLE = POLLIN | POLLPRI | POLLRDHUP | POLLHUP | POLLERR;
    private static final int WRITABLE = POLLOUT | POLLHUP | POLLERR;
    private static final int ANY_INTEREST = READ | WRITE;

    private static final long WAKE_RETIRE_NS = 1_000_000_000L;
    private static final long WAKE_RETIRE_STEP_NS = 10_000_000L;

    private static final VarHandle WAKE_PENDING;
    private static final VarHandle WAKE_WRITES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WAKE_PENDING = lookup.findVarHandle(IoUringBackend.class, "wakePending",
                    boolean.class);
            WAKE_WRITES = lookup.findVarHandle(IoUringBackend.class, "wakeWrites",
                    long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final IoUringRing ring;
    private final Arena arena;
    private final MemorySegment waitArg;
    private final MemorySegment waitTimespec;
    private final MemorySegment wakeReadBuffer;
    private final int wakeFd;
    private final int skipSuccess;
    private final IoUringPolls polls = new IoUringPolls();
    private final IoUringPending pending;
    private final ReadyEvents stash = new ReadyEvents();
    private final Object wakeLock = new Object();

    private long syscalls;
    private boolean wakeArmed;
    private boolean woken;
    private boolean closed;
    private boolean wakeFdClosed;
    @SuppressWarnings("unused")
    private volatile boolean wakePending;
    @SuppressWarnings("unused")
    private volatile long wakeWrites;

    private IoUringBackend(IoUringRing ring, int wakeFd) {
        this.ring = ring;
        this.wakeFd = wakeFd;
        this.arena = Arena.ofShared();
        this.pending = new IoUringPending(arena);
        this.waitArg = arena.allocate(IoUringLayouts.IO_URING_GETEVENTS_ARG);
        this.waitTimespec = arena.allocate(Timespec.KERNEL_TIMESPEC);
        this.wakeReadBuffer = arena.allocate(JAVA_LONG);
        this.skipSuccess = ring.hasFeature(IORING_FEAT_CQE_SKIP)
                ? IOSQE_CQE_SKIP_SUCCESS : 0;
    }

    /**
     * Sets up a ring and the wake-up eventfd. Nothing is submitted yet: the first
     * {@link #poll} submits from the thread that runs the loop.
     *
     * @param entries the SQ size, rounded up to a power of two; the CQ is
     *     {@link IoUringRing#CQ_PER_SQ} times larger
     * @return the backend
     * @throws IllegalArgumentException if {@code entries} is not in
     *     {@code [1, MAX_ENTRIES]}
     * @throws LoopyException with status {@code unsupported} if io_uring cannot be
     *     used here, naming the reason; a {@link NativeException} if a system call
     *     fails
     */
    public static IoUringBackend open(int entries) {
        if (entries <= 0 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException(
                    "entries=" + entries + " (expected in [1, " + MAX_ENTRIES + "])");
        }
        String reason = IoUringProbe.unavailableReason();
        if (reason != null) {
            throw new LoopyException(Status.UNSUPPORTED,
                    "io_uring unavailable: " + reason);
        }
        IoUringRing ring = IoUringRing.open(entries);
        int wakeFd;
        try {
            wakeFd = EventFd.create(0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC);
        } catch (LoopyException e) {
            ring.close();
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "io_uring ring fd={0} sq={1} cq={2} flags=0x{3}",
                ring.fd(), ring.sqEntries(), ring.cqEntries(),
                Integer.toHexString(ring.setupFlags()));
        return new IoUringBackend(ring, wakeFd);
    }

    @Override
    public Backend kind() {
        return Backend.IO_URING;
    }

    /**
     * Changes the interest held in one descriptor. A new registration checks the
     * descriptor at once with {@code fcntl(F_GETFD)}; everything else is queued for
     * the next batch.
     *
     * @param fd the descriptor, at least 0
     * @param oldMask the interest the loop believes is held; the backend's own
     *     record wins
     * @param newMask the interest to hold from now on, 0 to stop watching
     * @throws IllegalArgumentException if {@code fd} is negative or a mask has bits
     *     other than {@link #READ} and {@link #WRITE}
     * @throws NativeException if a new registration names a closed descriptor
     * @throws ClosedException if the backend is closed
     */
    @Override
    public void interest(int fd, int oldMask, int newMask) {
        checkOpen("interest");
        checkFd(fd);
        checkMask("oldMask", oldMask);
        checkMask("newMask", newMask);
        int held = polls.interest(fd);
        if (newMask == held) {
            return;
        }
        if (newMask == 0) {
            removePoll(fd);
        } else if (held == 0) {
            addPoll(fd, newMask);
        } else {
            polls.change(fd, newMask);
            if (polls.armed(fd)) {
                polls.queueSync(fd);
            } else {
                polls.queueArm(fd);
            }
        }
    }

    /**
     * Submits the queued work, waits for readiness and completions, and appends
     * them.
     *
     * @param timeoutNs the longest wait in nanoseconds, 0 to not wait, or
     *     {@link #NO_TIMEOUT}; the poll returns no earlier unless an event or a
     *     wake-up arrives
     * @param out where events are appended
     * @return the number of readiness entries plus completions appended
     * @throws IllegalArgumentException if {@code timeoutNs} is below
     *     {@link #NO_TIMEOUT}
     * @throws NativeException if {@code io_uring_enter} fails for a reason other
     *     than an interruption or a full CQ
     * @throws ClosedException if the backend is closed
     */
    @Override
    public int poll(long timeoutNs, ReadyEvents out) {
        checkOpen("poll");
        Objects.requireNonNull(out, "out");
        if (timeoutNs < NO_TIMEOUT) {
            throw new IllegalArgumentException(
                    "timeoutNs=" + timeoutNs + " (expected >= 0 or NO_TIMEOUT)");
        }
        int before = total(out);
        long deadlineNs = timeoutNs > 0 ? System.nanoTime() + timeoutNs : 0L;
        long waitNs = timeoutNs;
        while (true) {
            queueDeferredWork();
            boolean reapable = ring.cqReady() > 0 || total(stash) > 0 || woken;
            submitAndWait(reapable ? 0 : waitNs);
            reap(out);
            takeStash(out);
            int added = total(out) - before;
            if (added > 0 || woken || timeoutNs == 0) {
                woken = false;
                return added;
            }
            if (timeoutNs > 0) {
                waitNs = deadlineNs - System.nanoTime();
                if (waitNs <= 0) {
                    return 0;
                }
            }
        }
    }

    /**
     * Makes a blocked poll, or the next one, return. Any thread may call this;
     * concurrent calls before the loop notices cost one eventfd write in all. After
     * {@link #close()} it does nothing.
     */
    @Override
    public void wakeup() {
        if ((boolean) WAKE_PENDING.getVolatile(this)
                || !WAKE_PENDING.compareAndSet(this, false, true)) {
            return;
        }
        synchronized (wakeLock) {
            if (!wakeFdClosed) {
                EventFd.write(wakeFd, 1L);
                WAKE_WRITES.getAndAdd(this, 1L);
            }
        }
    }

    /**
     * Submits an IORING_OP_NOP with the token.
     *
     * @param token the loop's name for the operation, in {@code [0, MAX_TOKEN]},
     *     not pending
     * @throws IllegalArgumentException if the token is out of range or pending
     * @throws ClosedException if the backend is closed
     */
    @Override
    public void submitNop(long token) {
        checkOpen("submitNop");
        checkToken(token);
        pending.add(token, IoUringPending.NO_TIMESPEC);
        queueOrForget(token, IORING_OP_NOP, 0, 0);
    }

    /**
     * Submits an IORING_OP_TIMEOUT on the monotonic clock, relative to now. Its
     * timespec lives in native memory owned by this backend until the ring is
     * closed.
     *
     * @param token the loop's name for the operation, in {@code [0, MAX_TOKEN]},
     *     not pending
     * @param timeoutNs the delay in nanoseconds, at least 0
     * @throws IllegalArgumentException if the token is out of range or pending, or
     *     the delay negative
     * @throws ClosedException if the backend is closed
     */
    @Override
    public void submitTimeout(long token, long timeoutNs) {
        checkOpen("submitTimeout");
        checkToken(token);
        if (timeoutNs < 0) {
            throw new IllegalArgumentException(
                    "timeoutNs=" + timeoutNs + " (expected >= 0)");
        }
        int slot = pending.allocateTimespec();
        long timespec = pending.writeTimespec(slot, timeoutNs);
        pending.add(token, slot);
        queueOrForget(token, IORING_OP_TIMEOUT, timespec, 1);
    }

    /**
     * Cancels a pending operation with IORING_OP_ASYNC_CANCEL. Its completion is
     * then reaped once, with {@link #CANCELLED}, even if the kernel finished it
     * first.
     *
     * @param token the token the operation was submitted with
     * @return true if it was pending; false if it completed or was never submitted
     * @throws ClosedException if the backend is closed
     */
    @Override
    public boolean cancel(long token) {
        checkOpen("cancel");
        if (token < 0 || token > MAX_TOKEN || !pending.contains(token)) {
            return false;
        }
        if (pending.markCancelled(token)) {
            queueSqe(IORING_OP_ASYNC_CANCEL, skipSuccess, -1, 0, token, 0, 0,
                    INTERNAL_DATA);
        }
        return true;
    }

    /**
     * Refuses: io_uring watches descriptors, not channels.
     *
     * @param channel ignored
     * @return never
     * @throws LoopyException always, with status {@code unsupported}
     */
    @Override
    public int adopt(SelectableChannel channel) {
        throw new LoopyException(Status.UNSUPPORTED,
                "adopt: the io_uring backend watches descriptors, not channels");
    }

    /**
     * Drops any interest held in the descriptor; nothing is ever adopted here.
     *
     * @param fd a descriptor
     * @throws ClosedException if the backend is closed
     */
    @Override
    public void release(int fd) {
        checkOpen("release");
        if (fd >= 0 && polls.interest(fd) != 0) {
            removePoll(fd);
        }
    }

    /**
     * Returns the system calls made: {@code io_uring_enter}, descriptor checks and
     * the wake-up writes of every thread.
     *
     * @return a count that only grows
     */
    @Override
    public long syscalls() {
        return syscalls + (long) WAKE_WRITES.getVolatile(this);
    }

    /**
     * Closes the eventfd, retires the wake-up read so the kernel no longer refers
     * to its buffer, closes the ring (the kernel cancels what is still in flight),
     * and frees the native memory. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        WAKE_PENDING.setVolatile(this, true);
        synchronized (wakeLock) {
            wakeFdClosed = true;
            LibC.closeQuietly(wakeFd);
        }
        boolean retired = retireWakeRead();
        ring.close();
        if (retired) {
            arena.close();
        } else {
            LOG.log(System.Logger.Level.WARNING, "io_uring wake-up read still in flight at"
                    + " close; its 8-byte buffer is left allocated");
        }
    }

    private void addPoll(int fd, int mask) {
        syscalls++;
        LibC.fcntlGetFd(fd);
        polls.register(fd, mask);
        // Armed in the next batch, with the interest held by then: a READ registration
        // followed by a WRITE one in the same iteration becomes one poll for both.
        polls.queueArm(fd);
    }

    private void armPoll(int fd) {
        queueSqe(IORING_OP_POLL_ADD, 0, fd, 0, 0, IORING_POLL_ADD_MULTI,
                events(polls.interest(fd)), pollData(TAG_POLL, fd));
        polls.setArmed(fd, true);
    }

    private void updatePoll(int fd) {
        queueSqe(IORING_OP_POLL_REMOVE, skipSuccess, -1, 0, pollData(TAG_POLL, fd),
                IORING_POLL_UPDATE_EVENTS | IORING_POLL_ADD_MULTI,
                events(polls.interest(fd)), pollData(TAG_UPDATE, fd));
    }

    private void removePoll(int fd) {
        if (polls.armed(fd)) {
            queueSqe(IORING_OP_POLL_REMOVE, skipSuccess, -1, 0, pollData(TAG_POLL, fd), 0,
                    0, INTERNAL_DATA);
        }
        polls.unregister(fd);
    }

    private void queueOrForget(long token, int opcode, long addr, int len) {
        try {
            queueSqe(opcode, 0, -1, 0, addr, len, 0, token);
        } catch (LoopyException e) {
            pending.remove(token);
            throw e;
        }
    }

    /*
     * The arm and sync lists may grow while they are walked: a full SQ submits
     * early, and the completions reaped then may queue more descriptors.
     */
    private void queueDeferredWork() {
        if (!wakeArmed) {
            queueSqe(IORING_OP_READ, 0, wakeFd, 0, wakeReadBuffer.address(),
                    (int) wakeReadBuffer.byteSize(), 0, WAKE_DATA);
            wakeArmed = true;
        }
        for (int i = 0; i < polls.armCount(); i++) {
            int fd = polls.takeArm(i);
            if (polls.interest(fd) != 0 && !polls.armed(fd)) {
                armPoll(fd);
            }
        }
        polls.clearArmList();
        for (int i = 0; i < polls.syncCount(); i++) {
            int fd = polls.takeSync(i);
            if (polls.interest(fd) != 0 && polls.armed(fd)) {
                updatePoll(fd);
            }
        }
        polls.clearSyncList();
    }

    private void queueSqe(int opcode, int sqeFlags, int fd, long off, long addr, int len,
            int opFlags, long userData) {
        if (ring.queue(opcode, sqeFlags, fd, off, addr, len, opFlags, userData)) {
            return;
        }
        submitEarly();
        if (!ring.queue(opcode, sqeFlags, fd, off, addr, len, opFlags, userData)) {
            throw new LoopyException(Status.BUSY, "io_uring submission queue full (entries="
                    + ring.sqEntries() + ")");
        }
    }

    /*
     * A full SQ outside the waiting enter. Completions reaped here, when the kernel
     * asks for room in the CQ first, go to the stash and reach the loop with the
     * next poll.
     */
    private void submitEarly() {
        for (int attempt = 0; attempt < 3 && ring.sqFull(); attempt++) {
            int rc = ring.enter(ring.sqPending(), 0, 0, MemorySegment.NULL);
            syscalls++;
            if (rc == -Errno.EBUSY || rc == -Errno.EAGAIN) {
                reap(stash);
            } else if (rc < 0 && rc != -Errno.EINTR) {
                throw enterFailure(rc);
            }
        }
    }

    private void submitAndWait(long waitNs) {
        int toSubmit = ring.sqPending();
        int rc;
        if (waitNs == 0) {
            if (toSubmit == 0 && !ring.kernelHoldsCompletions()) {
                return;
            }
            rc = ring.enter(toSubmit, 0, IORING_ENTER_GETEVENTS, MemorySegment.NULL);
        } else {
            rc = ring.enter(toSubmit, 1, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG,
                    waitArgument(waitNs));
        }
        syscalls++;
        if (rc < 0 && !isTransient(rc)) {
            throw enterFailure(rc);
        }
    }

    private MemorySegment waitArgument(long waitNs) {
        long timespec = 0L;
        if (waitNs != NO_TIMEOUT) {
            timespec = Timespec.set(waitTimespec, waitNs).address();
        }
        waitArg.set(JAVA_LONG, IoUringLayouts.ARG_TS, timespec);
        return waitArg;
    }

    /*
     * -ETIME: the wait timed out. -EINTR: a signal arrived. -EBUSY and -EAGAIN: the
     * kernel wants room in the CQ, or memory, before it takes more; reaping makes
     * the room, and the entries not consumed stay queued for the next enter.
     */
    private static boolean isTransient(int rc) {
        return rc == -Errno.ETIME || rc == -Errno.EINTR || rc == -Errno.EBUSY
                || rc == -Errno.EAGAIN;
    }

    private NativeException enterFailure(int rc) {
        return Native.failure("io_uring_enter", -rc, "ring fd=" + ring.fd());
    }

    private void reap(ReadyEvents target) {
        while (true) {
            int ready = ring.cqReady();
            if (ready == 0 && !(ring.kernelHoldsCompletions() && flushKernel())) {
                return;
            }
            ready = ring.cqReady();
            for (int i = 0; i < ready; i++) {
                dispatch(ring.cqeUserData(i), ring.cqeRes(i), ring.cqeFlags(i), target);
            }
            ring.cqAdvance(ready);
        }
    }

    /**
     * Moves completions the kernel holds (overflowed, or waiting for this thread's
     * next entry) into the CQ.
     */
    private boolean flushKernel() {
        int rc = ring.enter(0, 0, IORING_ENTER_GETEVENTS, MemorySegment.NULL);
        syscalls++;
        if (rc < 0 && !isTransient(rc)) {
            throw enterFailure(rc);
        }
        return ring.cqReady() > 0;
    }

    private void dispatch(long userData, int res, int cqeFlags, ReadyEvents target) {
        int fd = (int) userData;
        int generation = (int) (userData >>> FD_BITS) & GENERATION_MASK;
        switch ((int) (userData >>> TAG_SHIFT)) {
            case TAG_TOKEN -> completed(userData, res, target);
            case TAG_POLL -> pollCompleted(fd, generation, res, cqeFlags, target);
            case TAG_UPDATE -> updateCompleted(fd, generation, res);
            case TAG_WAKE -> wakeCompleted();
            default -> {
                // TAG_INTERNAL: a removal or cancellation, whose outcome changes nothing.
            }
        }
    }

    private void completed(long token, int res, ReadyEvents target) {
        int state = pending.remove(token);
        if (state >= 0) {
            target.addCompletion(token, state == 1 ? CANCELLED : res);
        }
    }

    private void pollCompleted(int fd, int generation, int res, int cqeFlags,
            ReadyEvents target) {
        if (!polls.isCurrent(fd, generation)) {
            return;
        }
        boolean more = (cqeFlags & IORING_CQE_F_MORE) != 0;
        if (!more) {
            polls.setArmed(fd, false);
        }
        if (res < 0) {
            pollFailed(fd, res, more, target);
            return;
        }
        if (!more) {
            polls.queueArm(fd);
        }
        int mask = readiness(res) & polls.interest(fd);
        if (mask != 0) {
            target.addReady(fd, mask);
            if (more) {
                polls.queueSync(fd);
            }
        }
    }

    /*
     * -ECANCELED for a current registration means the kernel cancelled the poll
     * itself, as when its submitting thread exits; -ENOMEM and -EAGAIN are passing.
     * Anything else (-EBADF for a descriptor closed while registered) would fail
     * again at once.
     */
    private void pollFailed(int fd, int res, boolean more, ReadyEvents target) {
        boolean passing = res == -Errno.ECANCELED || res == -Errno.ENOMEM
                || res == -Errno.EAGAIN;
        if (passing) {
            if (!more) {
                polls.queueArm(fd);
            }
            return;
        }
        target.addReady(fd, polls.interest(fd));
    }

    private void updateCompleted(int fd, int generation, int res) {
        if (res == -Errno.EALREADY && polls.isCurrent(fd, generation)
                && polls.armed(fd)) {
            polls.queueSync(fd);
        }
    }

    private void wakeCompleted() {
        wakeArmed = false;
        woken = true;
        WAKE_PENDING.setVolatile(this, false);
    }

    private void takeStash(ReadyEvents out) {
        for (int i = 0; i < stash.readyCount(); i++) {
            out.addReady(stash.fd(i), stash.mask(i));
        }
        for (int i = 0; i < stash.completionCount(); i++) {
            out.addCompletion(stash.token(i), stash.result(i));
        }
        stash.clear();
    }

    /*
     * The kernel writes the wake-up buffer when the read completes, so the read
     * must be finished or cancelled, and its completion seen, before the arena is
     * freed.
     */
    private boolean retireWakeRead() {
        if (!wakeArmed) {
            return true;
        }
        try {
            queueSqe(IORING_OP_ASYNC_CANCEL, 0, -1, 0, WAKE_DATA, 0, 0, INTERNAL_DATA);
            long deadlineNs = System.nanoTime() + WAKE_RETIRE_NS;
            while (wakeArmed && System.nanoTime() < deadlineNs) {
                ring.enter(ring.sqPending(), 1, IORING_ENTER_GETEVENTS
                        | IORING_ENTER_EXT_ARG, waitArgument(WAKE_RETIRE_STEP_NS));
                reap(stash);
            }
        } catch (LoopyException e) {
            LOG.log(System.Logger.Level.WARNING, "io_uring close: retiring the wake-up read"
                    + " failed", e);
        }
        stash.clear();
        return !wakeArmed;
    }

    private static int events(int mask) {
        int events = 0;
        if ((mask & READ) != 0) {
            events |= READ_EVENTS;
        }
        if ((mask & WRITE) != 0) {
            events |= WRITE_EVENTS;
        }
        return events;
    }

    private static int readiness(int pollMask) {
        int mask = 0;
        if ((pollMask & READABLE) != 0) {
            mask |= READ;
        }
        if ((pollMask & WRITABLE) != 0) {
            mask |= WRITE;
        }
        return mask;
    }

    private long pollData(int tag, int fd) {
        return ((long) tag << TAG_SHIFT) | ((long) polls.generation(fd) << FD_BITS)
                | Integer.toUnsignedLong(fd);
    }

    private static int total(ReadyEvents events) {
        return events.readyCount() + events.completionCount();
    }

    private void checkOpen(String operation) {
        if (closed) {
            throw new ClosedException("io_uring backend is closed (" + operation + ")");
        }
    }

    private static void checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd=" + fd + " (expected >= 0)");
        }
    }

    private static void checkMask(String name, int mask) {
        if ((mask & ~ANY_INTEREST) != 0) {
            throw new IllegalArgumentException(
                    name + "=" + mask + " (expected a combination of READ=1 and WRITE=2)");
        }
    }

    private void checkToken(long token) {
        if (token < 0 || token > MAX_TOKEN) {
            throw new IllegalArgumentException(
                    "token=" + token + " (expected in [0, " + MAX_TOKEN + "])");
        }
        if (pending.contains(token)) {
            throw new IllegalArgumentException(
                    "token=" + token + " (expected one not pending)");
        }
    }
}

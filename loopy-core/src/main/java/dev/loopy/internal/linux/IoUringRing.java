package dev.loopy.internal.linux;

import static dev.loopy.internal.linux.IoUring.IORING_FEAT_SINGLE_MMAP;
import static dev.loopy.internal.linux.IoUring.IORING_OFF_CQ_RING;
import static dev.loopy.internal.linux.IoUring.IORING_OFF_SQES;
import static dev.loopy.internal.linux.IoUring.IORING_OFF_SQ_RING;
import static dev.loopy.internal.linux.IoUring.IORING_SETUP_CLAMP;
import static dev.loopy.internal.linux.IoUring.IORING_SETUP_COOP_TASKRUN;
import static dev.loopy.internal.linux.IoUring.IORING_SETUP_CQSIZE;
import static dev.loopy.internal.linux.IoUring.IORING_SETUP_SUBMIT_ALL;
import static dev.loopy.internal.linux.IoUring.IORING_SETUP_TASKRUN_FLAG;
import static dev.loopy.internal.linux.IoUring.IORING_SQ_CQ_OVERFLOW;
import static dev.loopy.internal.linux.IoUring.IORING_SQ_TASKRUN;
import static dev.loopy.internal.linux.IoUringLayouts.IO_URING_CQE;
import static dev.loopy.internal.linux.IoUringLayouts.IO_URING_SQE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.loopy.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * One io_uring instance: its descriptor and its three shared mappings (the SQ ring,
 * the CQ ring and the SQE array), with named accessors for the indices the kernel
 * and the application hand to each other.
 *
 * <p>Not thread-safe: one thread at a time queues entries, enters the kernel and
 * reaps completions; the owner provides the ordering between the threads that take
 * turns. After {@link #close()} every accessor touches unmapped memory, so the
 * owner must stop using the ring first.
 *
 * <p>Memory order. The application owns the SQ tail and the CQ head, the kernel
 * owns the SQ head and the CQ tail. An SQE is written in full before the release
 * store of the SQ tail that publishes it; a CQE is read only after the acquire load
 * of the CQ tail that shows it, and is given back by the release store of the CQ
 * head. The SQ index array is filled once with the identity mapping, so slot
 * {@code i} of the SQE array is always entry {@code i} of the ring and queueing
 * writes nothing else.
 */
public final class IoUringRing implements AutoCloseable {
    /*
     * Setup flags. The loop that owns a ring may be created on one thread and run
     * on another, or run by different threads one after the other.
     * IORING_SETUP_SINGLE_ISSUER fixes the submitting thread at setup (or at
     * IORING_REGISTER_ENABLE_RINGS) and refuses every other thread's submission
     * with EEXIST; IORING_SETUP_DEFER_TASKRUN requires it and also refuses other
     * threads' waits. Neither is used. The flags kept change no rule about threads:
     * - COOP_TASKRUN: the kernel finishes a poll or a timeout in the context of the
     *   thread that submitted it; with this flag it no longer interrupts that
     *   thread while it runs user code, and does the work at its next entry into
     *   the kernel. A submitter asleep, in io_uring_enter or elsewhere, is still
     *   woken, so a loop handed to another thread keeps receiving completions of
     *   requests its first thread made.
     * - TASKRUN_FLAG: the kernel sets IORING_SQ_TASKRUN while such work waits, so
     *   that a poll that would not enter the kernel knows it must (see
     *   kernelHoldsCompletions()).
     * - CQSIZE: a CQ ring larger than the SQ ring, since multishot polls post many
     *   completions per submission. CLAMP: sizes past the limits are clamped.
     * - SUBMIT_ALL: a batch is consumed whole even if one entry is malformed.
     *
     * Kernels too old for a flag refuse it with EINVAL, and setup retries with
     * fewer: COOP_TASKRUN and TASKRUN_FLAG need 5.19, SUBMIT_ALL 5.18.
     */
    private static final int[] FLAG_SETS = {
        IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP | IORING_SETUP_SUBMIT_ALL
                | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
        IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP | IORING_SETUP_SUBMIT_ALL,
        IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP,
        0,
    };

    /** How many CQ entries a ring gets per SQ entry. */
    public static final int CQ_PER_SQ = 4;

    private static final VarHandle INT = JAVA_INT.varHandle();

    private final int ringFd;
    private final int features;
    private final int setupFlags;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;

    private final long sqHeadOffset;
    private final long sqTailOffset;
    private final long sqFlagsOffset;
    private final int sqMask;
    private final int sqEntries;
    private final long cqHeadOffset;
    private final long cqTailOffset;
    private final long cqOverflowOffset;
    private final long cqesOffset;
    private final int cqMask;
    private final int cqEntries;

    private int sqTail;
    private int cqHead;
    private boolean closed;

    private IoUringRing(int ringFd, MemorySegment params, MemorySegment sqRing,
            MemorySegment cqRing, MemorySegment sqes) {
        this.ringFd = ringFd;
        this.features = params.get(JAVA_INT, IoUringLayouts.PARAMS_FEATURES);
        this.setupFlags = params.get(JAVA_INT, IoUringLayouts.PARAMS_FLAGS);
        this.sqRing = sqRing;
        this.cqRing = cqRing;
        this.sqes = sqes;
        this.sqHeadOffset = param(params, IoUringLayouts.SQ_OFF_HEAD);
        this.sqTailOffset = param(params, IoUringLayouts.SQ_OFF_TAIL);
        this.sqFlagsOffset = param(params, IoUringLayouts.SQ_OFF_FLAGS);
        this.sqMask = sqRing.get(JAVA_INT, param(params, IoUringLayouts.SQ_OFF_RING_MASK));
        this.sqEntries = sqRing.get(JAVA_INT,
                param(params, IoUringLayouts.SQ_OFF_RING_ENTRIES));
        this.cqHeadOffset = param(params, IoUringLayouts.CQ_OFF_HEAD);
        this.cqTailOffset = param(params, IoUringLayouts.CQ_OFF_TAIL);
        this.cqOverflowOffset = param(params, IoUringLayouts.CQ_OFF_OVERFLOW);
        this.cqesOffset = param(params, IoUringLayouts.CQ_OFF_CQES);
        this.cqMask = cqRing.get(JAVA_INT, param(params, IoUringLayouts.CQ_OFF_RING_MASK));
        this.cqEntries = cqRing.get(JAVA_INT,
                param(params, IoUringLayouts.CQ_OFF_RING_ENTRIES));
        this.sqTail = (int) INT.getAcquire(sqRing, sqTailOffset);
        this.cqHead = (int) INT.getAcquire(cqRing, cqHeadOffset);
        fillIdentityArray(param(params, IoUringLayouts.SQ_OFF_ARRAY));
    }

    /**
     * Sets up a ring with the flags described in this class, retrying with fewer
     * flags when the kernel refuses one, and maps it.
     *
     * @param entries the SQ size asked for, rounded up to a power of two by the
     *     kernel
     * @return the ring
     * @throws IllegalArgumentException if {@code entries} is not positive
     * @throws NativeException if {@code io_uring_setup} or {@code mmap} fails
     */
    public static IoUringRing open(int entries) {
        return open(entries, FLAG_SETS);
    }

    /**
     * Sets up a ring with exactly the flags given, and maps it.
     *
     * @param entries the SQ size asked for, rounded up to a power of two by the
     *     kernel
     * @param flags {@code IORING_SETUP_*} flags; with
     *     {@link IoUring#IORING_SETUP_CQSIZE} the CQ ring gets {@link #CQ_PER_SQ}
     *     entries per SQ entry
     * @return the ring
     * @throws IllegalArgumentException if {@code entries} is not positive
     * @throws NativeException if {@code io_uring_setup} or {@code mmap} fails
     */
    public static IoUringRing open(int entries, int flags) {
        return open(entries, new int[] {flags});
    }

    private static IoUringRing open(int entries, int[] flagSets) {
        if (entries <= 0) {
            throw new IllegalArgumentException("entries=" + entries + " (expected > 0)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(IoUringLayouts.IO_URING_PARAMS);
            int rc = -Errno.EINVAL;
            for (int flags : flagSets) {
                rc = setup(entries, flags, params);
                if (rc != -Errno.EINVAL) {
                    break;
                }
            }
            if (rc < 0) {
                throw Native.failure("io_uring_setup", -rc, "entries=" + entries);
            }
            return map(rc, params);
        }
    }

    private static int setup(int entries, int flags, MemorySegment params) {
        params.fill((byte) 0);
        params.set(JAVA_INT, IoUringLayouts.PARAMS_FLAGS, flags);
        if ((flags & IORING_SETUP_CQSIZE) != 0) {
            params.set(JAVA_INT, IoUringLayouts.PARAMS_CQ_ENTRIES, entries * CQ_PER_SQ);
        }
        return IoUring.setup(entries, params);
    }

    private static IoUringRing map(int ringFd, MemorySegment params) {
        long sqEntries = param(params, IoUringLayouts.PARAMS_SQ_ENTRIES);
        long cqEntries = param(params, IoUringLayouts.PARAMS_CQ_ENTRIES);
        long sqLength = param(params, IoUringLayouts.SQ_OFF_ARRAY)
                + sqEntries * Integer.BYTES;
        long cqLength = param(params, IoUringLayouts.CQ_OFF_CQES)
                + cqEntries * IO_URING_CQE.byteSize();
        boolean single = (params.get(JAVA_INT, IoUringLayouts.PARAMS_FEATURES)
                & IORING_FEAT_SINGLE_MMAP) != 0;
        if (single) {
            sqLength = Math.max(sqLength, cqLength);
        }
        MemorySegment sq = null;
        MemorySegment cq = null;
        try {
            sq = map(ringFd, sqLength, IORING_OFF_SQ_RING);
            cq = single ? sq : map(ringFd, cqLength, IORING_OFF_CQ_RING);
            MemorySegment sqes = map(ringFd, sqEntries * IO_URING_SQE.byteSize(),
                    IORING_OFF_SQES);
            return new IoUringRing(ringFd, params, sq, cq, sqes);
        } catch (NativeException e) {
            unmapAll(sq, cq);
            LibC.closeQuietly(ringFd);
            throw e;
        }
    }

    private static MemorySegment map(int ringFd, long length, long offset) {
        return Mman.mmap(length, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_SHARED | Mman.MAP_POPULATE, ringFd, offset);
    }

    private static void unmapAll(MemorySegment sq, MemorySegment cq) {
        if (cq != null && cq != sq) {
            Mman.munmap(cq);
        }
        if (sq != null) {
            Mman.munmap(sq);
        }
    }

    /**
     * Returns the ring's descriptor.
     *
     * @return the descriptor, also after {@link #close()}
     */
    public int fd() {
        return ringFd;
    }

    /**
     * Returns the {@code IORING_FEAT_*} bits the kernel reported at setup.
     *
     * @return the feature bits
     */
    public int features() {
        return features;
    }

    /**
     * Tells whether the kernel reported a feature.
     *
     * @param feature one {@code IORING_FEAT_*} bit, such as
     *     {@link IoUring#IORING_FEAT_EXT_ARG}
     * @return true if it is set
     */
    public boolean hasFeature(int feature) {
        return (features & feature) == feature;
    }

    /**
     * Returns the setup flags the ring was created with, after any fallback.
     *
     * @return {@code IORING_SETUP_*} bits
     */
    public int setupFlags() {
        return setupFlags;
    }

    /**
     * Returns the number of SQ entries.
     *
     * @return a power of two
     */
    public int sqEntries() {
        return sqEntries;
    }

    /**
     * Returns the number of CQ entries.
     *
     * @return a power of two
     */
    public int cqEntries() {
        return cqEntries;
    }

    /**
     * Returns the number of queued entries the kernel has not consumed yet.
     *
     * @return in {@code [0, sqEntries()]}
     */
    public int sqPending() {
        return sqTail - sqHeadAcquire();
    }

    /**
     * Tells whether every SQ slot holds an entry the kernel has not consumed.
     *
     * @return true if {@link #queue} would refuse
     */
    public boolean sqFull() {
        return sqPending() == sqEntries;
    }

    /**
     * Writes an entry into the next SQ slot and publishes it with a release store
     * of the SQ tail. Every field not named is zero. The kernel sees it at the next
     * {@link #enter}.
     *
     * @param opcode an {@code IORING_OP_*} value
     * @param sqeFlags {@code IOSQE_*} flags
     * @param fd the descriptor the operation acts on
     * @param off the {@code off} / {@code addr2} field
     * @param addr the {@code addr} field
     * @param len the {@code len} field
     * @param opFlags the per-opcode flag word ({@code poll32_events},
     *     {@code timeout_flags})
     * @param userData the value the completion carries back
     * @return false, writing nothing, if the SQ is full
     */
    public boolean queue(int opcode, int sqeFlags, int fd, long off, long addr, int len,
            int opFlags, long userData) {
        if (sqFull()) {
            return false;
        }
        long base = (long) (sqTail & sqMask) * IO_URING_SQE.byteSize();
        sqes.set(JAVA_BYTE, base + IoUringLayouts.SQE_OPCODE, (byte) opcode);
        sqes.set(JAVA_BYTE, base + IoUringLayouts.SQE_FLAGS, (byte) sqeFlags);
        sqes.set(JAVA_SHORT, base + IoUringLayouts.SQE_IOPRIO, (short) 0);
        sqes.set(JAVA_INT, base + IoUringLayouts.SQE_FD, fd);
        sqes.set(JAVA_LONG, base + IoUringLayouts.SQE_OFF, off);
        sqes.set(JAVA_LONG, base + IoUringLayouts.SQE_ADDR, addr);
        sqes.set(JAVA_INT, base + IoUringLayouts.SQE_LEN, len);
        sqes.set(JAVA_INT, base + IoUringLayouts.SQE_OP_FLAGS, opFlags);
        sqes.set(JAVA_LONG, base + IoUringLayouts.SQE_USER_DATA, userData);
        sqes.set(JAVA_LONG, base + IoUringLayouts.SQE_BUF_INDEX, 0L);
        sqes.set(JAVA_LONG, base + IoUringLayouts.SQE_ADDR3, 0L);
        sqes.set(JAVA_LONG, base + IoUringLayouts.SQE_PAD, 0L);
        sqTail++;
        sqTailRelease(sqTail);
        return true;
    }

    /**
     * Returns the number of completions the kernel has posted and the application
     * has not given back, after an acquire load of the CQ tail.
     *
     * @return in {@code [0, cqEntries()]}
     */
    public int cqReady() {
        return cqTailAcquire() - cqHead;
    }

    /**
     * Returns the {@code user_data} of a posted completion.
     *
     * @param index the completion's place after the CQ head, below
     *     {@link #cqReady()}
     * @return the value its submission carried
     */
    public long cqeUserData(int index) {
        return cqRing.get(JAVA_LONG, cqeOffset(index) + IoUringLayouts.CQE_USER_DATA);
    }

    /**
     * Returns the result of a posted completion.
     *
     * @param index the completion's place after the CQ head, below
     *     {@link #cqReady()}
     * @return the result, a negated errno on failure
     */
    public int cqeRes(int index) {
        return cqRing.get(JAVA_INT, cqeOffset(index) + IoUringLayouts.CQE_RES);
    }

    /**
     * Returns the {@code IORING_CQE_F_*} flags of a posted completion.
     *
     * @param index the completion's place after the CQ head, below
     *     {@link #cqReady()}
     * @return the flags
     */
    public int cqeFlags(int index) {
        return cqRing.get(JAVA_INT, cqeOffset(index) + IoUringLayouts.CQE_FLAGS);
    }

    /**
     * Gives completions back to the kernel with a release store of the CQ head.
     *
     * @param count how many of the oldest posted completions were read
     */
    public void cqAdvance(int count) {
        cqHead += count;
        cqHeadRelease(cqHead);
    }

    /**
     * Returns the SQ ring's flags, after an acquire load.
     *
     * @return {@code IORING_SQ_*} bits such as
     *     {@link IoUring#IORING_SQ_CQ_OVERFLOW}
     */
    public int sqFlagsAcquire() {
        return (int) INT.getAcquire(sqRing, sqFlagsOffset);
    }

    /**
     * Tells whether the kernel holds completion work that runs only when this
     * ring's submitter next enters the kernel, or completions that overflowed the
     * CQ; either way an {@link #enter} with {@link IoUring#IORING_ENTER_GETEVENTS}
     * brings them into the CQ.
     *
     * @return true if {@link IoUring#IORING_SQ_TASKRUN} or
     *     {@link IoUring#IORING_SQ_CQ_OVERFLOW} is set
     */
    public boolean kernelHoldsCompletions() {
        return (sqFlagsAcquire() & (IORING_SQ_TASKRUN | IORING_SQ_CQ_OVERFLOW)) != 0;
    }

    /**
     * Returns how many completions the kernel dropped for want of room, after an
     * acquire load. It stays 0 on kernels with {@link IoUring#IORING_FEAT_NODROP}
     * unless memory ran out.
     *
     * @return the count
     */
    public int cqOverflowAcquire() {
        return (int) INT.getAcquire(cqRing, cqOverflowOffset);
    }

    /**
     * Calls {@code io_uring_enter} on this ring.
     *
     * @param toSubmit how many queued entries to submit
     * @param minComplete how many completions to wait for, with
     *     {@link IoUring#IORING_ENTER_GETEVENTS}
     * @param flags {@code IORING_ENTER_*} flags
     * @param arg a getevents argument with {@link IoUring#IORING_ENTER_EXT_ARG}, or
     *     {@link MemorySegment#NULL}
     * @return the number of entries consumed, or a negated errno
     */
    public int enter(int toSubmit, int minComplete, int flags, MemorySegment arg) {
        return IoUring.enter(ringFd, toSubmit, minComplete, flags, arg);
    }

    /**
     * Unmaps the rings and closes the descriptor; the kernel then cancels every
     * request still in flight. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Mman.munmap(sqes);
        unmapAll(sqRing, cqRing);
        LibC.closeQuietly(ringFd);
    }

    private int sqHeadAcquire() {
        return (int) INT.getAcquire(sqRing, sqHeadOffset);
    }

    private void sqTailRelease(int tail) {
        INT.setRelease(sqRing, sqTailOffset, tail);
    }

    private int cqTailAcquire() {
        return (int) INT.getAcquire(cqRing, cqTailOffset);
    }

    private void cqHeadRelease(int head) {
        INT.setRelease(cqRing, cqHeadOffset, head);
    }

    private long cqeOffset(int index) {
        return cqesOffset + (long) ((cqHead + index) & cqMask) * IO_URING_CQE.byteSize();
    }

    private static long param(MemorySegment params, long offset) {
        return Integer.toUnsignedLong(params.get(JAVA_INT, offset));
    }

    private void fillIdentityArray(long arrayOffset) {
        for (int i = 0; i < sqEntries; i++) {
            sqRing.setAtIndex(JAVA_INT, arrayOffset / Integer.BYTES + i, i);
        }
    }
}

package dev.loopy.internal.linux;

import java.lang.foreign.MemorySegment;

/**
 * The three io_uring system calls and the constants of {@code <linux/io_uring.h>}
 * that loopy uses.
 *
 * <p>Any thread may call these methods; a ring's own rules about which thread
 * submits are kept by its owner. glibc has no wrappers for io_uring, so every call
 * goes through {@link Syscall}. These are hot-path calls: each returns what the
 * kernel returned, a count or descriptor at least 0, or the negated errno, and
 * allocates nothing.
 *
 * <pre>{@code
 * int io_uring_setup(u32 entries, struct io_uring_params *p);
 * int io_uring_enter(unsigned int fd, u32 to_submit, u32 min_complete, u32 flags,
 *                    const void *arg, size_t argsz);
 * int io_uring_register(unsigned int fd, unsigned int opcode, void *arg,
 *                       unsigned int nr_args);
 * }</pre>
 */
public final class IoUring {
    /** Setup flag: the application sizes the CQ ring through {@code cq_entries}. */
    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    /**
     * Setup flag: sizes past the kernel's limits are clamped instead of refused.
     */
    public static final int IORING_SETUP_CLAMP = 1 << 4;
    /**
     * Setup flag: the ring starts disabled until
     * {@link #IORING_REGISTER_ENABLE_RINGS}.
     */
    public static final int IORING_SETUP_R_DISABLED = 1 << 6;
    /** Setup flag: keep submitting a batch after one entry fails to be prepared. */
    public static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    /**
     * Setup flag: completions are not forced onto a running thread by an interrupt.
     */
    public static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    /**
     * Setup flag: tell, in the SQ flags, that completion work waits for the
     * submitter.
     */
    public static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    /** Setup flag: one thread only may ever submit. */
    public static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    /** Setup flag: completion work runs only when the submitter asks for events. */
    public static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

    /** Feature: the SQ and CQ rings share one mapping. */
    public static final int IORING_FEAT_SINGLE_MMAP = 1;
    /**
     * Feature: the kernel keeps completions that do not fit instead of dropping
     * them.
     */
    public static final int IORING_FEAT_NODROP = 1 << 1;
    /**
     * Feature: {@code io_uring_enter} takes {@code struct io_uring_getevents_arg}.
     */
    public static final int IORING_FEAT_EXT_ARG = 1 << 8;
    /** Feature: {@code IOSQE_CQE_SKIP_SUCCESS} is honoured. */
    public static final int IORING_FEAT_CQE_SKIP = 1 << 11;

    /** Enter flag: wait for {@code min_complete} completions. */
    public static final int IORING_ENTER_GETEVENTS = 1;
    /** Enter flag: {@code arg} is a {@code struct io_uring_getevents_arg}. */
    public static final int IORING_ENTER_EXT_ARG = 1 << 3;

    /**
     * SQ ring flag: completions overflowed and wait in the kernel to be flushed.
     */
    public static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    /**
     * SQ ring flag: completion work waits for the submitter to enter the kernel.
     */
    public static final int IORING_SQ_TASKRUN = 1 << 2;

    /** Opcode: do nothing. */
    public static final int IORING_OP_NOP = 0;
    /** Opcode: poll a descriptor for readiness. */
    public static final int IORING_OP_POLL_ADD = 6;
    /** Opcode: remove or update a poll request. */
    public static final int IORING_OP_POLL_REMOVE = 7;
    /** Opcode: a timeout. */
    public static final int IORING_OP_TIMEOUT = 11;
    /** Opcode: cancel a request by its {@code user_data}. */
    public static final int IORING_OP_ASYNC_CANCEL = 14;
    /** Opcode: read into a buffer. */
    public static final int IORING_OP_READ = 22;

    /** SQE flag: post no completion when the request succeeds. */
    public static final int IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

    /** CQE flag: the request stays armed and will post more completions. */
    public static final int IORING_CQE_F_MORE = 1 << 1;

    /** Poll-add flag in {@code len}: keep the poll armed after each completion. */
    public static final int IORING_POLL_ADD_MULTI = 1;
    /** Poll-remove flag in {@code len}: replace the events of the poll. */
    public static final int IORING_POLL_UPDATE_EVENTS = 1 << 1;
    /**
     * Poll-remove flag in {@code len}: replace the {@code user_data} of the poll.
     */
    public static final int IORING_POLL_UPDATE_USER_DATA = 1 << 2;

    /** Poll event: readable. */
    public static final int POLLIN = 0x1;
    /** Poll event: urgent data readable. */
    public static final int POLLPRI = 0x2;
    /** Poll event: writable. */
    public static final int POLLOUT = 0x4;
    /** Poll event: an error is pending. */
    public static final int POLLERR = 0x8;
    /** Poll event: the peer hung up. */
    public static final int POLLHUP = 0x10;
    /** Poll event: the peer shut down its writing half. */
    public static final int POLLRDHUP = 0x2000;

    /**
     * Register opcode: list the supported opcodes into a
     * {@code struct io_uring_probe}.
     */
    public static final int IORING_REGISTER_PROBE = 8;
    /**
     * Register opcode: enable a ring set up with {@link #IORING_SETUP_R_DISABLED}.
     */
    public static final int IORING_REGISTER_ENABLE_RINGS = 12;
    /** Probe-op flag: the opcode is supported. */
    public static final int IO_URING_OP_SUPPORTED = 1;

    /** {@code mmap} offset of the SQ ring. */
    public static final long IORING_OFF_SQ_RING = 0L;
    /** {@code mmap} offset of the CQ ring. */
    public static final long IORING_OFF_CQ_RING = 0x8000000L;
    /** {@code mmap} offset of the SQE array. */
    public static final long IORING_OFF_SQES = 0x10000000L;

    private IoUring() {
    }

    /**
     * Creates a ring.
     *
     * @param entries the SQ size asked for; the kernel rounds it up to a power of
     *     two
     * @param params a {@link IoUringLayouts#IO_URING_PARAMS} segment, flags filled
     *     in; the kernel writes the sizes, features and ring offsets back
     * @return the ring descriptor, or a negated errno
     */
    public static int setup(int entries, MemorySegment params) {
        return (int) Syscall.call2(Syscall.SYS_io_uring_setup, entries,
                params.address());
    }

    /**
     * Submits queued entries and optionally waits for completions.
     *
     * @param ringFd the ring
     * @param toSubmit how many SQEs past the kernel's head to submit
     * @param minComplete how many completions to wait for with
     *     {@link #IORING_ENTER_GETEVENTS}
     * @param flags {@code IORING_ENTER_*} flags
     * @param arg a {@link IoUringLayouts#IO_URING_GETEVENTS_ARG} with
     *     {@link #IORING_ENTER_EXT_ARG}, or {@link MemorySegment#NULL}
     * @return the number of SQEs consumed, or a negated errno
     */
    public static int enter(int ringFd, int toSubmit, int minComplete, int flags,
            MemorySegment arg) {
        long argSize = arg.equals(MemorySegment.NULL)
                ? 0 : IoUringLayouts.IO_URING_GETEVENTS_ARG.byteSize();
        return (int) Syscall.call6(Syscall.SYS_io_uring_enter, ringFd, toSubmit, minComplete,
                flags, arg.address(), argSize);
    }

    /**
     * Registers resources with a ring or asks it about itself.
     *
     * @param ringFd the ring
     * @param opcode an {@code IORING_REGISTER_*} opcode
     * @param arg the opcode's argument, or {@link MemorySegment#NULL}
     * @param count the opcode's count argument
     * @return the opcode's result, at least 0, or a negated errno
     */
    public static int register(int ringFd, int opcode, MemorySegment arg, int count) {
        return (int) Syscall.call4(Syscall.SYS_io_uring_register, ringFd, opcode,
                arg.address(), count);
    }
}

package dev.loopy.internal.linux;

import static dev.loopy.internal.linux.IoUring.IORING_CQE_F_MORE;
import static dev.loopy.internal.linux.IoUring.IORING_ENTER_GETEVENTS;
import static dev.loopy.internal.linux.IoUring.IORING_FEAT_EXT_ARG;
import static dev.loopy.internal.linux.IoUring.IORING_OP_ASYNC_CANCEL;
import static dev.loopy.internal.linux.IoUring.IORING_OP_NOP;
import static dev.loopy.internal.linux.IoUring.IORING_OP_POLL_ADD;
import static dev.loopy.internal.linux.IoUring.IORING_OP_POLL_REMOVE;
import static dev.loopy.internal.linux.IoUring.IORING_OP_READ;
import static dev.loopy.internal.linux.IoUring.IORING_OP_TIMEOUT;
import static dev.loopy.internal.linux.IoUring.IORING_POLL_ADD_MULTI;
import static dev.loopy.internal.linux.IoUring.IORING_REGISTER_PROBE;
import static dev.loopy.internal.linux.IoUring.IO_URING_OP_SUPPORTED;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.loopy.NativeException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What this kernel's io_uring offers: whether a ring can be set up at all, the
 * features reported by {@code io_uring_setup}, the opcodes
 * {@code IORING_REGISTER_PROBE} lists, and whether multishot poll works.
 *
 * <p>Any thread may call these methods. The trial runs once per process, on the
 * first call, and its answer is kept: a trial ring, an eventfd and a multishot poll
 * on it, all released before the call returns.
 *
 * <p>The loopy backend needs {@code IORING_FEAT_EXT_ARG} (Linux 5.11) for timed
 * waits and multishot poll (Linux 5.13); {@link #unavailableReason()} names what is
 * missing.
 */
public final class IoUringProbe {
    private static final Path DISABLED_SYSCTL =
            Path.of("/proc/sys/kernel/io_uring_disabled");

    /**
     * The feature names, indexed by bit number of {@code io_uring_params.features}.
     */
    private static final String[] FEATURE_NAMES = {
        "single_mmap", "nodrop", "submit_stable", "rw_cur_pos", "cur_personality",
        "fast_poll", "poll_32bits", "sqpoll_nonfixed", "ext_arg", "native_workers",
        "rsrc_tags", "cqe_skip", "linked_file", "reg_reg_ring", "recvsend_bundle",
        "min_timeout", "rw_attr", "no_iowait",
    };

    /** The opcode names of {@code enum io_uring_op}, indexed by opcode. */
    private static final String[] OPCODE_NAMES = {
        "nop", "readv", "writev", "fsync", "read_fixed", "write_fixed", "poll_add",
        "poll_remove", "sync_file_range", "sendmsg", "recvmsg", "timeout", "timeout_remove",
        "accept", "async_cancel", "link_timeout", "connect", "fallocate", "openat", "close",
        "files_update", "statx", "read", "write", "fadvise", "madvise", "send", "recv",
        "openat2", "epoll_ctl", "splice", "provide_buffers", "remove_buffers", "tee",
        "shutdown", "renameat", "unlinkat", "mkdirat", "symlinkat", "linkat", "msg_ring",
        "fsetxattr", "setxattr", "fgetxattr", "getxattr", "socket", "uring_cmd", "send_zc",
        "sendmsg_zc", "read_multishot", "waitid", "futex_wait", "futex_wake", "futex_waitv",
        "fixed_fd_install", "ftruncate", "bind", "listen", "recv_zc", "epoll_wait",
        "readv_fixed", "writev_fixed", "pipe",
    };

    /** The opcodes the backend submits. */
    private static final int[] REQUIRED_OPCODES = {
        IORING_OP_NOP, IORING_OP_POLL_ADD, IORING_OP_POLL_REMOVE, IORING_OP_TIMEOUT,
        IORING_OP_ASYNC_CANCEL, IORING_OP_READ,
    };

    private static final int TRIAL_ENTRIES = 4;

    private IoUringProbe() {
    }

    /**
     * Tells why the io_uring backend cannot run here.
     *
     * @return null when a trial ring was set up and has everything the backend
     *     needs; otherwise the reason, for example
     *     {@code "kernel.io_uring_disabled=2"} or
     *     {@code "io_uring_setup: EPERM (seccomp or sysctl)"}
     */
    public static String unavailableReason() {
        return Trial.RESULT.reason;
    }

    /**
     * Lists the features of this kernel's io_uring: the names of the
     * {@code IORING_FEAT_*} bits, lower case without the prefix ({@code "nodrop"},
     * {@code "ext_arg"}), then {@code "multishot_poll"} when a trial multishot poll
     * worked.
     *
     * @return the names, empty when no ring could be set up; a new mutable list
     */
    public static List<String> probeFeatures() {
        List<String> names = featureNames(Trial.RESULT.features);
        if (Trial.RESULT.multishotPoll) {
            names.add("multishot_poll");
        }
        return names;
    }

    /**
     * Lists the opcodes that {@code IORING_REGISTER_PROBE} reports as supported.
     *
     * @return lower-case names without the {@code IORING_OP_} prefix
     *     ({@code "nop"}, {@code "poll_add"}), {@code "op_N"} for numbers newer
     *     than this class; empty when no ring could be set up; a new mutable list
     */
    public static List<String> supportedOpcodes() {
        List<String> names = new ArrayList<>();
        boolean[] supported = Trial.RESULT.opcodes;
        for (int op = 0; op < supported.length; op++) {
            if (supported[op]) {
                names.add(opcodeName(op));
            }
        }
        return names;
    }

    /**
     * Tells whether the kernel supports an opcode.
     *
     * @param opcode an {@code IORING_OP_*} value
     * @return true if the probe lists it as supported
     */
    public static boolean supportsOpcode(int opcode) {
        boolean[] supported = Trial.RESULT.opcodes;
        return opcode >= 0 && opcode < supported.length && supported[opcode];
    }

    /**
     * Returns the feature bits the trial ring reported.
     *
     * @return {@code IORING_FEAT_*} bits, 0 when no ring could be set up
     */
    public static int features() {
        return Trial.RESULT.features;
    }

    /**
     * Names the bits of a features word.
     *
     * @param features {@code IORING_FEAT_*} bits
     * @return one name per set bit, {@code "feature_bit_N"} for bits newer than
     *     this class; a new mutable list
     */
    public static List<String> featureNames(int features) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < Integer.SIZE; bit++) {
            if ((features & (1 << bit)) != 0) {
                names.add(featureName(bit));
            }
        }
        return names;
    }

    private static String featureName(int bit) {
        return bit < FEATURE_NAMES.length ? FEATURE_NAMES[bit] : "feature_bit_" + bit;
    }

    /**
     * Names an opcode.
     *
     * @param opcode an {@code IORING_OP_*} value
     * @return its lower-case name, or {@code "op_N"} for numbers newer than this
     *     class
     */
    public static String opcodeName(int opcode) {
        boolean known = opcode >= 0 && opcode < OPCODE_NAMES.length;
        return known ? OPCODE_NAMES[opcode] : "op_" + opcode;
    }

    /** The one trial of this process, run when first asked for. */
    private static final class Trial {
        static final Trial RESULT = run();

        final String reason;
        final int features;
        final boolean[] opcodes;
        final boolean multishotPoll;

        private Trial(String reason, int features, boolean[] opcodes,
                boolean multishotPoll) {
            this.reason = reason;
            this.features = features;
            this.opcodes = opcodes;
            this.multishotPoll = multishotPoll;
        }

        private static Trial failed(String reason) {
            return new Trial(reason, 0, new boolean[0], false);
        }

        private static Trial run() {
            int disabled = readDisabledSysctl();
            if (disabled == 2) {
                return failed("kernel.io_uring_disabled=2");
            }
            IoUringRing ring;
            try {
                ring = IoUringRing.open(TRIAL_ENTRIES);
            } catch (NativeException e) {
                return failed(setupFailure(e, disabled));
            }
            try (ring) {
                return inspect(ring);
            }
        }

        private static Trial inspect(IoUringRing ring) {
            int features = ring.features();
            boolean[] opcodes = probeOpcodes(ring);
            boolean multishot = opcodes.length > 0 && tryMultishotPoll(ring);
            return new Trial(missing(features, opcodes, multishot), features, opcodes,
                    multishot);
        }

        private static String missing(int features, boolean[] opcodes, boolean multishot) {
            if ((features & IORING_FEAT_EXT_ARG) == 0) {
                return "kernel lacks IORING_FEAT_EXT_ARG (needs Linux 5.11)";
            }
            if (opcodes.length == 0) {
                return "io_uring_register(IORING_REGISTER_PROBE) failed";
            }
            for (int op : REQUIRED_OPCODES) {
                if (op >= opcodes.length || !opcodes[op]) {
                    String name = opcodeName(op).toUpperCase(Locale.ROOT);
                    return "kernel lacks IORING_OP_" + name;
                }
            }
            if (!multishot) {
                return "kernel lacks multishot poll (needs Linux 5.13)";
            }
            return null;
        }

        private static String setupFailure(NativeException e, int disabled) {
            String call = e.syscall() + ": ";
            return switch (e.errno()) {
                case Errno.EPERM -> disabled == 1
                        ? "kernel.io_uring_disabled=1 (process not in kernel.io_uring_group)"
                        : call + "EPERM (seccomp or sysctl)";
                case Errno.ENOSYS ->
                        call + "ENOSYS: kernel too old or built without io_uring";
                case Errno.ENOMEM -> call + "ENOMEM: RLIMIT_MEMLOCK too low";
                case Errno.EINVAL -> call + "EINVAL: kernel too old";
                default -> call + "errno=" + e.errno();
            };
        }

        private static int readDisabledSysctl() {
            try {
                return Integer.parseInt(Files.readString(DISABLED_SYSCTL).trim());
            } catch (IOException | NumberFormatException | SecurityException e) {
                return 0;
            }
        }

        private static boolean[] probeOpcodes(IoUringRing ring) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment probe = arena.allocate(IoUringLayouts.IO_URING_PROBE);
                int rc = IoUring.register(ring.fd(), IORING_REGISTER_PROBE, probe,
                        IoUringLayouts.PROBE_MAX_OPS);
                if (rc < 0) {
                    return new boolean[0];
                }
                return supportedOps(probe);
            }
        }

        private static boolean[] supportedOps(MemorySegment probe) {
            int count = unsignedByte(probe, IoUringLayouts.PROBE_OPS_LEN);
            boolean[] supported = new boolean[count];
            long stride = IoUringLayouts.IO_URING_PROBE_OP.byteSize();
            for (int i = 0; i < count; i++) {
                long base = IoUringLayouts.PROBE_OPS + i * stride;
                int op = unsignedByte(probe, base + IoUringLayouts.PROBE_OP_OP);
                short flags = probe.get(JAVA_SHORT, base + IoUringLayouts.PROBE_OP_FLAGS);
                if (op < count) {
                    supported[op] = (flags & IO_URING_OP_SUPPORTED) != 0;
                }
            }
            return supported;
        }

        private static int unsignedByte(MemorySegment segment, long offset) {
            return Byte.toUnsignedInt(segment.get(JAVA_BYTE, offset));
        }

        /*
         * Kernels before 5.13 refuse a non-zero len in POLL_ADD with EINVAL. The
         * poll is armed on an eventfd that is already readable, so the kernel
         * completes it while the submission runs: a multishot poll comes back with
         * IORING_CQE_F_MORE.
         */
        private static boolean tryMultishotPoll(IoUringRing ring) {
            int eventFd;
            try {
                eventFd = EventFd.create(1, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC);
            } catch (NativeException e) {
                return false;
            }
            try {
                ring.queue(IORING_OP_POLL_ADD, 0, eventFd, 0, 0, IORING_POLL_ADD_MULTI,
                        IoUring.POLLIN, 1L);
                int rc = ring.enter(1, 1, IORING_ENTER_GETEVENTS, MemorySegment.NULL);
                if (rc < 0 || ring.cqReady() == 0) {
                    return false;
                }
                boolean more = (ring.cqeFlags(0) & IORING_CQE_F_MORE) != 0;
                boolean readable = (ring.cqeRes(0) & IoUring.POLLIN) != 0;
                ring.cqAdvance(ring.cqReady());
                return more && readable;
            } finally {
                LibC.closeQuietly(eventFd);
            }
        }
    }
}

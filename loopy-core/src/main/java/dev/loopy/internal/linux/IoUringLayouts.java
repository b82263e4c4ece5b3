package dev.loopy.internal.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The io_uring structures of {@code <linux/io_uring.h>} as {@link MemoryLayout}s,
 * with the byte offsets of the fields loopy reads or writes.
 *
 * <p>Constants only: any thread may use them. Unions are flattened to the member
 * loopy uses ({@code off} stands for {@code addr2}, {@code op_flags} for
 * {@code poll32_events}, {@code timeout_flags}, {@code cancel_flags} and the other
 * 32-bit flag words).
 *
 * <pre>{@code
 * struct io_uring_sqe {               // 64 bytes
 *     __u8 opcode; __u8 flags; __u16 ioprio; __s32 fd;
 *     __u64 off;   __u64 addr; __u32 len;    __u32 op_flags;
 *     __u64 user_data; __u16 buf_index; __u16 personality; __u32 file_index;
 *     __u64 addr3; __u64 pad;
 * };
 * struct io_uring_cqe { __u64 user_data; __s32 res; __u32 flags; };        // 16 bytes
 * struct io_uring_getevents_arg {
 *     __u64 sigmask; __u32 sigmask_sz; __u32 pad; __u64 ts;
 * };
 * }</pre>
 *
 * <p>Timeouts use {@link Timespec#KERNEL_TIMESPEC}.
 */
public final class IoUringLayouts {
    /**
     * {@code struct io_sqring_offsets}: where the SQ ring's fields lie in its
     * mapping.
     */
    public static final StructLayout IO_SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr"));

    /**
     * {@code struct io_cqring_offsets}: where the CQ ring's fields lie in its
     * mapping.
     */
    public static final StructLayout IO_CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("overflow"),
            JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr"));

    /**
     * {@code struct io_uring_params}, 120 bytes, filled in by
     * {@code io_uring_setup}.
     */
    public static final StructLayout IO_URING_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"),
            JAVA_INT.withName("cq_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"),
            JAVA_INT.withName("sq_thread_idle"),
            JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            IO_SQRING_OFFSETS.withName("sq_off"),
            IO_CQRING_OFFSETS.withName("cq_off"));

    /** {@code struct io_uring_sqe}, 64 bytes. */
    public static final StructLayout IO_URING_SQE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"),
            JAVA_BYTE.withName("flags"),
            JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"),
            JAVA_LONG.withName("off"),
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_INT.withName("op_flags"),
            JAVA_LONG.withName("user_data"),
            JAVA_SHORT.withName("buf_index"),
            JAVA_SHORT.withName("personality"),
            JAVA_INT.withName("file_index"),
            JAVA_LONG.withName("addr3"),
            JAVA_LONG.withName("pad"));

    /**
     * {@code struct io_uring_cqe}, 16 bytes (rings without
     * {@code IORING_SETUP_CQE32}).
     */
    public static final StructLayout IO_URING_CQE = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"),
            JAVA_INT.withName("res"),
            JAVA_INT.withName("flags"));

    /**
     * {@code struct io_uring_getevents_arg}, passed with
     * {@code IORING_ENTER_EXT_ARG}.
     */
    public static final StructLayout IO_URING_GETEVENTS_ARG = MemoryLayout.structLayout(
            JAVA_LONG.withName("sigmask"),
            JAVA_INT.withName("sigmask_sz"),
            JAVA_INT.withName("pad"),
            JAVA_LONG.withName("ts"));

    /** {@code struct io_uring_probe_op}, 8 bytes. */
    public static final StructLayout IO_URING_PROBE_OP = MemoryLayout.structLayout(
            JAVA_BYTE.withName("op"),
            JAVA_BYTE.withName("resv"),
            JAVA_SHORT.withName("flags"),
            JAVA_INT.withName("resv2"));

    /** The most opcodes a probe buffer has room for (opcodes are a byte). */
    public static final int PROBE_MAX_OPS = 256;

    /**
     * {@code struct io_uring_probe} with room for {@link #PROBE_MAX_OPS} entries.
     */
    public static final StructLayout IO_URING_PROBE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("last_op"),
            JAVA_BYTE.withName("ops_len"),
            JAVA_SHORT.withName("resv"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv2"),
            MemoryLayout.sequenceLayout(PROBE_MAX_OPS, IO_URING_PROBE_OP)
                    .withName("ops"));

    /** Offset of {@code sq_entries} in {@link #IO_URING_PARAMS}. */
    public static final long PARAMS_SQ_ENTRIES = params("sq_entries");
    /** Offset of {@code cq_entries} in {@link #IO_URING_PARAMS}. */
    public static final long PARAMS_CQ_ENTRIES = params("cq_entries");
    /** Offset of {@code flags} in {@link #IO_URING_PARAMS}. */
    public static final long PARAMS_FLAGS = params("flags");
    /** Offset of {@code features} in {@link #IO_URING_PARAMS}. */
    public static final long PARAMS_FEATURES = params("features");

    /** Offset of {@code sq_off.head} in {@link #IO_URING_PARAMS}. */
    public static final long SQ_OFF_HEAD = sqOff("head");
    /** Offset of {@code sq_off.tail} in {@link #IO_URING_PARAMS}. */
    public static final long SQ_OFF_TAIL = sqOff("tail");
    /** Offset of {@code sq_off.ring_mask} in {@link #IO_URING_PARAMS}. */
    public static final long SQ_OFF_RING_MASK = sqOff("ring_mask");
    /** Offset of {@code sq_off.ring_entries} in {@link #IO_URING_PARAMS}. */
    public static final long SQ_OFF_RING_ENTRIES = sqOff("ring_entries");
    /** Offset of {@code sq_off.flags} in {@link #IO_URING_PARAMS}. */
    public static final long SQ_OFF_FLAGS = sqOff("flags");
    /** Offset of {@code sq_off.dropped} in {@link #IO_URING_PARAMS}. */
    public static final long SQ_OFF_DROPPED = sqOff("dropped");
    /** Offset of {@code sq_off.array} in {@link #IO_URING_PARAMS}. */
    public static final long SQ_OFF_ARRAY = sqOff("array");

    /** Offset of {@code cq_off.head} in {@link #IO_URING_PARAMS}. */
    public static final long CQ_OFF_HEAD = cqOff("head");
    /** Offset of {@code cq_off.tail} in {@link #IO_URING_PARAMS}. */
    public static final long CQ_OFF_TAIL = cqOff("tail");
    /** Offset of {@code cq_off.ring_mask} in {@link #IO_URING_PARAMS}. */
    public static final long CQ_OFF_RING_MASK = cqOff("ring_mask");
    /** Offset of {@code cq_off.ring_entries} in {@link #IO_URING_PARAMS}. */
    public static final long CQ_OFF_RING_ENTRIES = cqOff("ring_entries");
    /** Offset of {@code cq_off.overflow} in {@link #IO_URING_PARAMS}. */
    public static final long CQ_OFF_OVERFLOW = cqOff("overflow");
    /** Offset of {@code cq_off.cqes} in {@link #IO_URING_PARAMS}. */
    public static final long CQ_OFF_CQES = cqOff("cqes");

    /** Offset of {@code opcode} in {@link #IO_URING_SQE}. */
    public static final long SQE_OPCODE = sqe("opcode");
    /** Offset of {@code flags} in {@link #IO_URING_SQE}. */
    public static final long SQE_FLAGS = sqe("flags");
    /** Offset of {@code ioprio} in {@link #IO_URING_SQE}. */
    public static final long SQE_IOPRIO = sqe("ioprio");
    /** Offset of {@code fd} in {@link #IO_URING_SQE}. */
    public static final long SQE_FD = sqe("fd");
    /** Offset of {@code off} (also {@code addr2}) in {@link #IO_URING_SQE}. */
    public static final long SQE_OFF = sqe("off");
    /** Offset of {@code addr} in {@link #IO_URING_SQE}. */
    public static final long SQE_ADDR = sqe("addr");
    /** Offset of {@code len} in {@link #IO_URING_SQE}. */
    public static final long SQE_LEN = sqe("len");
    /**
     * Offset of the 32-bit per-opcode flag word ({@code poll32_events} and others).
     */
    public static final long SQE_OP_FLAGS = sqe("op_flags");
    /** Offset of {@code user_data} in {@link #IO_URING_SQE}. */
    public static final long SQE_USER_DATA = sqe("user_data");

    /**
     * Offset of {@code buf_index}, the first of the tail fields loopy leaves zero.
     */
    public static final long SQE_BUF_INDEX = sqe("buf_index");
    /** Offset of {@code addr3} in {@link #IO_URING_SQE}. */
    public static final long SQE_ADDR3 = sqe("addr3");
    /** Offset of the trailing pad in {@link #IO_URING_SQE}. */
    public static final long SQE_PAD = sqe("pad");

    /** Offset of {@code user_data} in {@link #IO_URING_CQE}. */
    public static final long CQE_USER_DATA = cqe("user_data");
    /** Offset of {@code res} in {@link #IO_URING_CQE}. */
    public static final long CQE_RES = cqe("res");
    /** Offset of {@code flags} in {@link #IO_URING_CQE}. */
    public static final long CQE_FLAGS = cqe("flags");

    /** Offset of {@code sigmask_sz} in {@link #IO_URING_GETEVENTS_ARG}. */
    public static final long ARG_SIGMASK_SZ = arg("sigmask_sz");
    /** Offset of {@code ts} in {@link #IO_URING_GETEVENTS_ARG}. */
    public static final long ARG_TS = arg("ts");

    /** Offset of {@code last_op} in {@link #IO_URING_PROBE}. */
    public static final long PROBE_LAST_OP = probe("last_op");
    /** Offset of {@code ops_len} in {@link #IO_URING_PROBE}. */
    public static final long PROBE_OPS_LEN = probe("ops_len");
    /** Offset of {@code ops[0]} in {@link #IO_URING_PROBE}. */
    public static final long PROBE_OPS = probe("ops");
    /** Offset of {@code op} in {@link #IO_URING_PROBE_OP}. */
    public static final long PROBE_OP_OP = probeOp("op");
    /** Offset of {@code flags} in {@link #IO_URING_PROBE_OP}. */
    public static final long PROBE_OP_FLAGS = probeOp("flags");

    private IoUringLayouts() {
    }

    private static long params(String field) {
        return IO_URING_PARAMS.byteOffset(groupElement(field));
    }

    private static long sqe(String field) {
        return IO_URING_SQE.byteOffset(groupElement(field));
    }

    private static long cqe(String field) {
        return IO_URING_CQE.byteOffset(groupElement(field));
    }

    private static long arg(String field) {
        return IO_URING_GETEVENTS_ARG.byteOffset(groupElement(field));
    }

    private static long probe(String field) {
        return IO_URING_PROBE.byteOffset(groupElement(field));
    }

    private static long probeOp(String field) {
        return IO_URING_PROBE_OP.byteOffset(groupElement(field));
    }

    private static long sqOff(String field) {
        return IO_URING_PARAMS.byteOffset(groupElement("sq_off"), groupElement(field));
    }

    private static long cqOff(String field) {
        return IO_URING_PARAMS.byteOffset(groupElement("cq_off"), groupElement(field));
    }
}

package dev.loopy.internal.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.concurrent.TimeUnit;

/**
 * The two time structs the kernel reads relative timeouts from.
 *
 * <p>Any thread may use this class; a segment written by {@link #set} belongs to its caller.
 * On 64-bit Linux both structs are two 64-bit fields, so one writer serves both.
 *
 * <pre>
 * &lt;time.h&gt;
 *   struct timespec { time_t tv_sec; long tv_nsec; };
 * &lt;linux/time_types.h&gt;
 *   struct __kernel_timespec { __kernel_time64_t tv_sec; long long tv_nsec; };
 * </pre>
 */
public final class Timespec {
    /** {@code struct timespec}, as {@code epoll_pwait2} and {@code ppoll} read it. */
    public static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("timespec");
    /** {@code struct __kernel_timespec}, as io_uring reads it. */
    public static final StructLayout KERNEL_TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("__kernel_timespec");

    private static final long SEC_OFFSET = TIMESPEC.byteOffset(groupElement("tv_sec"));
    private static final long NSEC_OFFSET = TIMESPEC.byteOffset(groupElement("tv_nsec"));
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private Timespec() {
    }

    /**
     * Writes a relative duration into a {@code timespec} or {@code __kernel_timespec}.
     *
     * @param timespec native memory of at least {@code TIMESPEC.byteSize()} bytes
     * @param durationNs the duration in nanoseconds, at least 0
     * @return {@code timespec}, for chaining
     * @throws IllegalArgumentException if {@code durationNs} is negative
     */
    public static MemorySegment set(MemorySegment timespec, long durationNs) {
        if (durationNs < 0) {
            throw new IllegalArgumentException("durationNs=" + durationNs + " (expected >= 0)");
        }
        timespec.set(JAVA_LONG, SEC_OFFSET, durationNs / NANOS_PER_SECOND);
        timespec.set(JAVA_LONG, NSEC_OFFSET, durationNs % NANOS_PER_SECOND);
        return timespec;
    }

    /**
     * Reads the duration a {@code timespec} holds.
     *
     * @param timespec a segment written by {@link #set} or by the kernel
     * @return the duration in nanoseconds, saturated at {@link Long#MAX_VALUE}
     */
    public static long get(MemorySegment timespec) {
        long seconds = timespec.get(JAVA_LONG, SEC_OFFSET);
        long nanos = timespec.get(JAVA_LONG, NSEC_OFFSET);
        if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
            return Long.MAX_VALUE;
        }
        return seconds * NANOS_PER_SECOND + nanos;
    }
}

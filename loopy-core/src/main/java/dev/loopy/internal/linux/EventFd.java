package dev.loopy.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Event descriptors: a 64-bit counter in the kernel that is readable while it is not zero,
 * which makes it the cheapest way to wake a thread blocked in {@code epoll_wait}.
 *
 * <p>Any thread may call these methods. {@link #create} throws
 * {@link dev.loopy.NativeException} when the call fails; {@link #write} and {@link #read}
 * are hot-path calls that return the negated errno.
 *
 * <pre>
 * &lt;sys/eventfd.h&gt;
 *   typedef uint64_t eventfd_t;
 *   int eventfd(unsigned int initval, int flags);
 *   int eventfd_read(int fd, eventfd_t *value);
 *   int eventfd_write(int fd, eventfd_t value);
 * </pre>
 *
 * <p>{@code eventfd_write} takes the value itself rather than a buffer, so a write from any
 * thread needs no native memory at all.
 */
public final class EventFd {
    /** {@code eventfd} flag: close the descriptor across {@code execve}. */
    public static final int EFD_CLOEXEC = 0x80000;
    /** {@code eventfd} flag: reads and writes do not block. */
    public static final int EFD_NONBLOCK = 0x800;
    /** {@code eventfd} flag: each read takes 1 from the counter instead of all of it. */
    public static final int EFD_SEMAPHORE = 1;

    private static final MethodHandle EVENTFD = Native.downcall("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = Native.downcall("eventfd_read",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle WRITE = Native.downcall("eventfd_write",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));

    private EventFd() {
    }

    /**
     * Creates an event descriptor.
     *
     * @param initialValue the counter's first value, at least 0
     * @param flags {@link #EFD_CLOEXEC}, {@link #EFD_NONBLOCK}, {@link #EFD_SEMAPHORE}, or 0
     * @return the descriptor
     * @throws dev.loopy.NativeException if the call fails, for example {@code EMFILE}
     */
    public static int create(int initialValue, int flags) {
        if (initialValue < 0) {
            throw new IllegalArgumentException(
                    "initialValue=" + initialValue + " (expected >= 0)");
        }
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) EVENTFD.invokeExact(errno, initialValue, flags);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("eventfd", Native.errno(errno),
                    "flags=0x" + Integer.toHexString(flags));
        }
        return rc;
    }

    /**
     * Adds to the counter. A hot-path call: it returns the negated errno instead of
     * throwing.
     *
     * @param fd the event descriptor
     * @param value what to add, in {@code [1, 2^64 - 2]} read as unsigned
     * @return 0, or the negated errno ({@code -EAGAIN} when a non-blocking counter would
     *     overflow)
     */
    public static int write(int fd, long value) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) WRITE.invokeExact(errno, fd, value);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        return rc == 0 ? 0 : -Native.errno(errno);
    }

    /**
     * Takes the counter and resets it to zero (or takes 1 with {@link #EFD_SEMAPHORE}). A
     * hot-path call: it returns the negated errno instead of throwing.
     *
     * @param fd the event descriptor
     * @param value native memory of at least 8 bytes that receives the counter
     * @return 0, or the negated errno ({@code -EAGAIN} when a non-blocking counter is zero)
     */
    public static int read(int fd, MemorySegment value) {
        if (value.byteSize() < JAVA_LONG.byteSize()) {
            throw new IllegalArgumentException("value.byteSize()=" + value.byteSize()
                    + " (expected >= " + JAVA_LONG.byteSize() + ")");
        }
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) READ.invokeExact(errno, fd, value);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        return rc == 0 ? 0 : -Native.errno(errno);
    }
}

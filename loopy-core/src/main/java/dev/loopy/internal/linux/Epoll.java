package dev.loopy.internal.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.loopy.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * The epoll readiness interface.
 *
 * <p>Any thread may call these methods. {@link #create1} and {@link #ctl} throw
 * {@link dev.loopy.NativeException} when the call fails; {@link #epollWait} and
 * {@link #epollPwait2} are hot-path calls that return the negated errno, {@code -EINTR}
 * above all.
 *
 * <pre>
 * &lt;sys/epoll.h&gt;
 *   typedef union epoll_data { void *ptr; int fd; uint32_t u32; uint64_t u64; } epoll_data_t;
 *   struct epoll_event { uint32_t events; epoll_data_t data; } __EPOLL_PACKED;
 *   int epoll_create1(int flags);
 *   int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
 *   int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
 *   int epoll_pwait2(int epfd, struct epoll_event *events, int maxevents,
 *                    const struct timespec *timeout, const sigset_t *sigmask);
 * </pre>
 *
 * <p>{@code __EPOLL_PACKED} is {@code __attribute__((packed))} on x86_64 only, so the struct
 * takes 12 bytes there (data at offset 4) and 16 bytes with natural alignment on aarch64 and
 * the other 64-bit architectures (data at offset 8). {@link #EPOLL_EVENT} is chosen by
 * {@code os.arch} accordingly.
 *
 * <p>{@code epoll_pwait2} arrived in Linux 5.11 and glibc 2.35. Without the glibc wrapper the
 * raw system call is used; {@link #hasPwait2()} tells whether the kernel accepts it.
 */
public final class Epoll {
    /** Event bit: the descriptor is readable. */
    public static final int EPOLLIN = 0x001;
    /** Event bit: urgent data can be read. */
    public static final int EPOLLPRI = 0x002;
    /** Event bit: the descriptor is writable. */
    public static final int EPOLLOUT = 0x004;
    /** Event bit, always reported: an error is pending on the descriptor. */
    public static final int EPOLLERR = 0x008;
    /** Event bit, always reported: the descriptor was hung up. */
    public static final int EPOLLHUP = 0x010;
    /** Event bit: the peer shut down its writing half of a stream socket. */
    public static final int EPOLLRDHUP = 0x2000;
    /** Input flag: wake one of several epoll instances waiting on the same descriptor. */
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    /** Input flag: disable the registration after one event. */
    public static final int EPOLLONESHOT = 1 << 30;
    /** Input flag: edge-triggered instead of level-triggered. */
    public static final int EPOLLET = 1 << 31;
    /** {@code epoll_create1} flag: close the epoll descriptor across {@code execve}. */
    public static final int EPOLL_CLOEXEC = 0x80000;
    /** {@code epoll_ctl} operation: register a descriptor. */
    public static final int EPOLL_CTL_ADD = 1;
    /** {@code epoll_ctl} operation: deregister a descriptor. */
    public static final int EPOLL_CTL_DEL = 2;
    /** {@code epoll_ctl} operation: change a registration. */
    public static final int EPOLL_CTL_MOD = 3;

    /** {@code struct epoll_event} for this architecture (see the class comment). */
    public static final StructLayout EPOLL_EVENT = eventLayout(System.getProperty("os.arch"));

    private static final ValueLayout.OfInt EVENTS = (ValueLayout.OfInt)
            EPOLL_EVENT.select(groupElement("events"));
    private static final ValueLayout.OfLong DATA = (ValueLayout.OfLong)
            EPOLL_EVENT.select(groupElement("data"));
    private static final long EVENTS_OFFSET = EPOLL_EVENT.byteOffset(groupElement("events"));
    private static final long DATA_OFFSET = EPOLL_EVENT.byteOffset(groupElement("data"));
    private static final long EVENT_BYTES = EPOLL_EVENT.byteSize();

    private static final MethodHandle CREATE1 = Native.downcall("epoll_create1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CTL = Native.downcall("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle WAIT = Native.downcall("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle PWAIT2 = Native.has("epoll_pwait2")
            ? Native.downcall("epoll_pwait2", FunctionDescriptor.of(
                    JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS))
            : null;

    /** The size of the kernel's signal set, which the raw {@code epoll_pwait2} wants. */
    private static final long KERNEL_SIGSET_BYTES = 8;

    private Epoll() {
    }

    /**
     * Returns the {@code epoll_event} layout of an architecture.
     *
     * @param osArch a value of the {@code os.arch} property, such as {@code "amd64"}
     * @return the packed 12-byte layout for x86_64, the natural 16-byte layout otherwise
     */
    public static StructLayout eventLayout(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            return MemoryLayout.structLayout(
                    JAVA_INT_UNALIGNED.withName("events"),
                    JAVA_LONG_UNALIGNED.withName("data")).withName("epoll_event");
        }
        return MemoryLayout.structLayout(
                JAVA_INT.withName("events"),
                MemoryLayout.paddingLayout(JAVA_LONG.byteSize() - JAVA_INT.byteSize()),
                JAVA_LONG.withName("data")).withName("epoll_event");
    }

    /**
     * Allocates an array of events for {@link #epollWait}.
     *
     * @param arena the owner of the memory
     * @param count the number of events, at least 1
     * @return zeroed native memory for {@code count} events
     */
    public static MemorySegment allocateEvents(Arena arena, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count=" + count + " (expected > 0)");
        }
        return arena.allocate(EPOLL_EVENT, count);
    }

    /**
     * Reads the event bits of one entry of an event array.
     *
     * @param events an array from {@link #allocateEvents}
     * @param index the entry
     * @return the {@code events} field, {@link #EPOLLIN} and friends
     */
    public static int events(MemorySegment events, int index) {
        return events.get(EVENTS, index * EVENT_BYTES + EVENTS_OFFSET);
    }

    /**
     * Reads the user data of one entry of an event array.
     *
     * @param events an array from {@link #allocateEvents}
     * @param index the entry
     * @return the {@code data} field, as registered with {@link #ctl}
     */
    public static long data(MemorySegment events, int index) {
        return events.get(DATA, index * EVENT_BYTES + DATA_OFFSET);
    }

    /**
     * Writes one entry of an event array, as {@link #ctl} reads it.
     *
     * @param events an array from {@link #allocateEvents}
     * @param index the entry
     * @param bits the {@code events} field
     * @param data the {@code data} field
     */
    public static void setEvent(MemorySegment events, int index, int bits, long data) {
        events.set(EVENTS, index * EVENT_BYTES + EVENTS_OFFSET, bits);
        events.set(DATA, index * EVENT_BYTES + DATA_OFFSET, data);
    }

    /**
     * Creates an epoll instance.
     *
     * @param flags {@link #EPOLL_CLOEXEC} or 0
     * @return the epoll descriptor
     * @throws dev.loopy.NativeException if the call fails, for example {@code EMFILE}
     */
    public static int create1(int flags) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) CREATE1.invokeExact(errno, flags);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("epoll_create1", Native.errno(errno),
                    "flags=0x" + Integer.toHexString(flags));
        }
        return rc;
    }

    /**
     * Adds, changes or removes a registration.
     *
     * @param epfd the epoll descriptor
     * @param op {@link #EPOLL_CTL_ADD}, {@link #EPOLL_CTL_MOD} or {@link #EPOLL_CTL_DEL}
     * @param fd the watched descriptor
     * @param scratch an event array of at least one entry, overwritten with the request
     * @param bits the events to watch, for example {@code EPOLLIN | EPOLLRDHUP}
     * @param data what {@link #epollWait} reports for {@code fd}
     * @throws dev.loopy.NativeException if the kernel refuses: {@code EBADF} for a closed
     *     descriptor, {@code ENOENT} for one not registered, {@code EEXIST} for one already
     *     registered, {@code EPERM} for a regular file
     */
    public static void ctl(int epfd, int op, int fd, MemorySegment scratch, int bits,
            long data) {
        setEvent(scratch, 0, bits, data);
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) CTL.invokeExact(errno, epfd, op, fd, scratch);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("epoll_ctl", Native.errno(errno),
                    "epfd=" + epfd + " op=" + opName(op) + " fd=" + fd);
        }
    }

    /**
     * Waits for events with a timeout in milliseconds. A hot-path call: it returns the
     * negated errno instead of throwing.
     *
     * @param epfd the epoll descriptor
     * @param events an event array of at least {@code maxEvents} entries
     * @param maxEvents the most events to return, at least 1
     * @param timeoutMs the longest wait in milliseconds, 0 to not wait, -1 for no limit
     * @return the number of entries filled, or the negated errno ({@code -EINTR} when a
     *     signal arrived)
     */
    public static int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMs) {
        checkCapacity(events, maxEvents);
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) WAIT.invokeExact(errno, epfd, events, maxEvents, timeoutMs);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        return rc >= 0 ? rc : -Native.errno(errno);
    }

    /**
     * Waits for events with a timeout in nanoseconds, without changing the signal mask. A
     * hot-path call: it returns the negated errno instead of throwing. Check
     * {@link #hasPwait2()} first; a kernel before 5.11 returns {@code -ENOSYS}.
     *
     * @param epfd the epoll descriptor
     * @param events an event array of at least {@code maxEvents} entries
     * @param maxEvents the most events to return, at least 1
     * @param timeout a {@link Timespec#TIMESPEC} holding the longest wait, or
     *     {@link MemorySegment#NULL} for no limit
     * @return the number of entries filled, or the negated errno
     */
    public static int epollPwait2(int epfd, MemorySegment events, int maxEvents,
            MemorySegment timeout) {
        checkCapacity(events, maxEvents);
        if (PWAIT2 == null) {
            return (int) Syscall.call6(Syscall.SYS_epoll_pwait2, epfd, events.address(),
                    maxEvents, timeout.address(), 0, KERNEL_SIGSET_BYTES);
        }
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) PWAIT2.invokeExact(errno, epfd, events, maxEvents, timeout,
                    MemorySegment.NULL);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        return rc >= 0 ? rc : -Native.errno(errno);
    }

    /**
     * Tells whether the running kernel implements {@code epoll_pwait2}. The first call
     * probes it with a zero timeout on a fresh epoll instance; later calls return the
     * remembered answer.
     *
     * @return true if {@link #epollPwait2} can be used
     */
    public static boolean hasPwait2() {
        return Pwait2Probe.AVAILABLE;
    }

    private static void checkCapacity(MemorySegment events, int maxEvents) {
        if (maxEvents < 1 || maxEvents > events.byteSize() / EVENT_BYTES) {
            throw new IllegalArgumentException("maxEvents=" + maxEvents + " (expected 1.."
                    + events.byteSize() / EVENT_BYTES + ", the array's length)");
        }
    }

    private static String opName(int op) {
        return switch (op) {
            case EPOLL_CTL_ADD -> "add";
            case EPOLL_CTL_MOD -> "mod";
            case EPOLL_CTL_DEL -> "del";
            default -> Integer.toString(op);
        };
    }

    /** Probes once, on first use, so that loading {@link Epoll} opens no descriptor. */
    private static final class Pwait2Probe {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            int epfd;
            try {
                epfd = create1(EPOLL_CLOEXEC);
            } catch (NativeException e) {
                return false; // out of descriptors: answer no rather than fail for good
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment events = allocateEvents(arena, 1);
                MemorySegment zero = Timespec.set(arena.allocate(Timespec.TIMESPEC), 0);
                return epollPwait2(epfd, events, 1, zero) >= 0;
            } finally {
                LibC.closeQuietly(epfd);
            }
        }
    }
}

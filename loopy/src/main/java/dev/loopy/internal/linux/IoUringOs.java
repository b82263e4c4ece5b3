package dev.loopy.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The few C library calls the io_uring ring and backend need besides the io_uring system
 * calls: mapping the rings, the wake-up eventfd and descriptor checks.
 *
 * <p>Any thread may call these methods. Each returns what the call returned, or a negated
 * errno when it failed, and allocates nothing.
 *
 * <pre>{@code
 * void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
 * int munmap(void *addr, size_t length);                       // <sys/mman.h>
 * int eventfd(unsigned int initval, int flags);                // <sys/eventfd.h>
 * ssize_t read(int fd, void *buf, size_t count);               // <unistd.h>
 * ssize_t write(int fd, const void *buf, size_t count);
 * int close(int fd);
 * int fcntl(int fd, int cmd, ...);                              // <fcntl.h>
 * }</pre>
 */
public final class IoUringOs {
    /** {@code PROT_READ | PROT_WRITE}. */
    public static final int PROT_READ_WRITE = 0x1 | 0x2;
    /** {@code MAP_SHARED | MAP_POPULATE}: the ring mappings the kernel shares with us. */
    public static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;
    /** {@code EFD_NONBLOCK | EFD_CLOEXEC}. */
    public static final int EFD_NONBLOCK_CLOEXEC = 0x800 | 0x80000;
    /** {@code F_GETFD}. */
    public static final int F_GETFD = 1;

    /** {@code EINTR}. */
    public static final int EINTR = 4;
    /** {@code EBADF}. */
    public static final int EBADF = 9;
    /** {@code EAGAIN}. */
    public static final int EAGAIN = 11;
    /** {@code ENOMEM}. */
    public static final int ENOMEM = 12;
    /** {@code EPERM}. */
    public static final int EPERM = 1;
    /** {@code ENOENT}. */
    public static final int ENOENT = 2;
    /** {@code EBUSY}. */
    public static final int EBUSY = 16;
    /** {@code EEXIST}. */
    public static final int EEXIST = 17;
    /** {@code EINVAL}. */
    public static final int EINVAL = 22;
    /** {@code ENOSYS}. */
    public static final int ENOSYS = 38;
    /** {@code ETIME}. */
    public static final int ETIME = 62;
    /** {@code EALREADY}. */
    public static final int EALREADY = 114;
    /** {@code ECANCELED}. */
    public static final int ECANCELED = 125;

    private static final MethodHandle MMAP = Native.downcall("mmap", FunctionDescriptor.of(
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = Native.downcall("munmap",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle EVENTFD = Native.downcall("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = Native.downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = Native.downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = Native.downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FCNTL = Native.variadicDowncall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);

    /** What {@code mmap} returns on failure, {@code MAP_FAILED}. */
    private static final long MAP_FAILED = -1L;

    private IoUringOs() {
    }

    /**
     * Maps a region of a descriptor shared with the kernel, readable and writable.
     *
     * @param fd the descriptor, here a ring
     * @param length the length in bytes
     * @param offset the offset in the descriptor, one of the {@code IORING_OFF_*} values
     * @return the address of the mapping, or a negated errno
     */
    public static long mmapShared(int fd, long length, long offset) {
        MemorySegment errno = Native.errnoSegment();
        long address;
        try {
            address = (long) MMAP.invokeExact(errno, 0L, length, PROT_READ_WRITE,
                    MAP_SHARED_POPULATE, fd, offset);
        } catch (Throwable t) {
            throw new AssertionError("mmap downcall failed", t);
        }
        return address == MAP_FAILED ? -Native.errno(errno) : address;
    }

    /**
     * Removes a mapping.
     *
     * @param address the address {@link #mmapShared} returned
     * @param length the length it was mapped with
     * @return 0, or a negated errno
     */
    public static int munmap(long address, long length) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) MUNMAP.invokeExact(errno, address, length);
        } catch (Throwable t) {
            throw new AssertionError("munmap downcall failed", t);
        }
        return rc < 0 ? -Native.errno(errno) : rc;
    }

    /**
     * Creates an eventfd.
     *
     * @param flags {@code EFD_*} flags, usually {@link #EFD_NONBLOCK_CLOEXEC}
     * @return the descriptor, or a negated errno
     */
    public static int eventfd(int flags) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) EVENTFD.invokeExact(errno, 0, flags);
        } catch (Throwable t) {
            throw new AssertionError("eventfd downcall failed", t);
        }
        return rc < 0 ? -Native.errno(errno) : rc;
    }

    /**
     * Reads from a descriptor.
     *
     * @param fd the descriptor
     * @param buffer where the bytes go; its size is the most read
     * @return the bytes read, or a negated errno
     */
    public static long read(int fd, MemorySegment buffer) {
        MemorySegment errno = Native.errnoSegment();
        long rc;
        try {
            rc = (long) READ.invokeExact(errno, fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw new AssertionError("read downcall failed", t);
        }
        return rc < 0 ? -Native.errno(errno) : rc;
    }

    /**
     * Writes to a descriptor.
     *
     * @param fd the descriptor
     * @param buffer the bytes to write, all of it
     * @return the bytes written, or a negated errno
     */
    public static long write(int fd, MemorySegment buffer) {
        MemorySegment errno = Native.errnoSegment();
        long rc;
        try {
            rc = (long) WRITE.invokeExact(errno, fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw new AssertionError("write downcall failed", t);
        }
        return rc < 0 ? -Native.errno(errno) : rc;
    }

    /**
     * Closes a descriptor.
     *
     * @param fd the descriptor
     * @return 0, or a negated errno
     */
    public static int close(int fd) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) CLOSE.invokeExact(errno, fd);
        } catch (Throwable t) {
            throw new AssertionError("close downcall failed", t);
        }
        return rc < 0 ? -Native.errno(errno) : rc;
    }

    /**
     * Tells whether a descriptor is open, through {@code fcntl(fd, F_GETFD)}.
     *
     * @param fd the descriptor
     * @return 0 if it is open, or a negated errno ({@code -EBADF} when it is not)
     */
    public static int checkOpen(int fd) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) FCNTL.invokeExact(errno, fd, F_GETFD, 0);
        } catch (Throwable t) {
            throw new AssertionError("fcntl downcall failed", t);
        }
        return rc < 0 ? -Native.errno(errno) : 0;
    }
}

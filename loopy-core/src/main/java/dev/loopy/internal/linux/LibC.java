package dev.loopy.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Descriptor basics of the C library: close, read, write, pipes, flags, duplication.
 *
 * <p>Any thread may call these methods. {@link #read} and {@link #write} are hot-path calls
 * and return the negated errno; every other method throws
 * {@link dev.loopy.NativeException} when the call fails.
 *
 * <pre>
 * &lt;unistd.h&gt;
 *   int close(int fd);
 *   ssize_t read(int fd, void *buf, size_t count);
 *   ssize_t write(int fd, const void *buf, size_t count);
 *   int dup(int oldfd);
 *   int dup2(int oldfd, int newfd);
 *   pid_t getpid(void);
 * &lt;fcntl.h&gt;
 *   int pipe2(int pipefd[2], int flags);
 *   int fcntl(int fd, int cmd, ... /* int arg *&#47;);
 * &lt;string.h&gt;
 *   char *strerror(int errnum);
 * </pre>
 */
public final class LibC {
    /** {@code open}/{@code pipe2} flag and file status flag: non-blocking I/O. */
    public static final int O_NONBLOCK = 0x800;
    /** {@code open}/{@code pipe2} flag: close the descriptor across {@code execve}. */
    public static final int O_CLOEXEC = 0x80000;
    /** {@code fcntl} command: get the file descriptor flags. */
    public static final int F_GETFD = 1;
    /** {@code fcntl} command: set the file descriptor flags. */
    public static final int F_SETFD = 2;
    /** {@code fcntl} command: get the file status flags. */
    public static final int F_GETFL = 3;
    /** {@code fcntl} command: set the file status flags. */
    public static final int F_SETFL = 4;
    /** File descriptor flag: close across {@code execve}. */
    public static final int FD_CLOEXEC = 1;

    private static final MethodHandle CLOSE = Native.downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = Native.downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = Native.downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PIPE2 = Native.downcall("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FCNTL_GET = Native.variadicDowncall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle FCNTL_SET = Native.variadicDowncall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle DUP = Native.downcall("dup",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle DUP2 = Native.downcall("dup2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETPID = Native.downcall("getpid",
            FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle STRERROR = Native.LINKER.downcallHandle(
            Native.LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private LibC() {
    }

    /**
     * Closes a descriptor. An {@code EINTR} counts as success: Linux has released the
     * descriptor by then, and closing it again could close a descriptor another thread
     * just opened.
     *
     * @param fd the descriptor
     * @throws dev.loopy.NativeException if the call fails, for example {@code EBADF}
     */
    public static void close(int fd) {
        int errno = closeQuietly(fd);
        if (errno != 0) {
            throw Native.failure("close", errno, "fd=" + fd);
        }
    }

    /**
     * Closes a descriptor and reports the failure instead of throwing it, for cleanup paths.
     *
     * @param fd the descriptor
     * @return 0 on success (an {@code EINTR} included), otherwise the errno
     */
    public static int closeQuietly(int fd) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) CLOSE.invokeExact(errno, fd);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc == 0 || Native.errno(errno) == Errno.EINTR) {
            return 0;
        }
        return Native.errno(errno);
    }

    /**
     * Reads up to {@code count} bytes into native memory. A hot-path call: it returns the
     * negated errno instead of throwing.
     *
     * @param fd the descriptor
     * @param buffer native memory of at least {@code count} bytes
     * @param count the most bytes to read
     * @return the number of bytes read, 0 at end of file, or the negated errno (for example
     *     {@code -EAGAIN} on a non-blocking descriptor with nothing to read)
     */
    public static long read(int fd, MemorySegment buffer, long count) {
        checkBounds(buffer, count);
        MemorySegment errno = Native.errnoSegment();
        long rc;
        try {
            rc = (long) READ.invokeExact(errno, fd, buffer, count);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        return rc >= 0 ? rc : -Native.errno(errno);
    }

    /**
     * Writes up to {@code count} bytes from native memory. A hot-path call: it returns the
     * negated errno instead of throwing.
     *
     * @param fd the descriptor
     * @param buffer native memory of at least {@code count} bytes
     * @param count the most bytes to write
     * @return the number of bytes written, or the negated errno (for example {@code -EAGAIN}
     *     when a non-blocking pipe is full, {@code -EPIPE} when its reader is gone)
     */
    public static long write(int fd, MemorySegment buffer, long count) {
        checkBounds(buffer, count);
        MemorySegment errno = Native.errnoSegment();
        long rc;
        try {
            rc = (long) WRITE.invokeExact(errno, fd, buffer, count);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        return rc >= 0 ? rc : -Native.errno(errno);
    }

    /**
     * Creates a pipe.
     *
     * @param flags {@link #O_CLOEXEC} and {@link #O_NONBLOCK}, or 0
     * @return a new array: the read end at index 0, the write end at index 1
     * @throws dev.loopy.NativeException if the call fails, for example {@code EMFILE}
     */
    public static int[] pipe2(int flags) {
        int errnoValue;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            MemorySegment errno = Native.errnoSegment();
            int rc = (int) PIPE2.invokeExact(errno, fds, flags);
            if (rc == 0) {
                return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
            }
            errnoValue = Native.errno(errno);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        throw Native.failure("pipe2", errnoValue, "flags=0x" + Integer.toHexString(flags));
    }

    /**
     * Returns a descriptor's file status flags ({@code fcntl(fd, F_GETFL)}).
     *
     * @param fd the descriptor
     * @return the flags, for example {@link #O_NONBLOCK} and the access mode
     * @throws dev.loopy.NativeException if the call fails
     */
    public static int fcntlGetFl(int fd) {
        return fcntlGet(fd, F_GETFL, "F_GETFL");
    }

    /**
     * Replaces a descriptor's file status flags ({@code fcntl(fd, F_SETFL, flags)}).
     *
     * @param fd the descriptor
     * @param flags the new flags; Linux changes only {@link #O_NONBLOCK} and a few others
     * @throws dev.loopy.NativeException if the call fails
     */
    public static void fcntlSetFl(int fd, int flags) {
        fcntlSet(fd, F_SETFL, flags, "F_SETFL");
    }

    /**
     * Returns a descriptor's descriptor flags ({@code fcntl(fd, F_GETFD)}).
     *
     * @param fd the descriptor
     * @return the flags: {@link #FD_CLOEXEC} or 0
     * @throws dev.loopy.NativeException if the call fails
     */
    public static int fcntlGetFd(int fd) {
        return fcntlGet(fd, F_GETFD, "F_GETFD");
    }

    /**
     * Replaces a descriptor's descriptor flags ({@code fcntl(fd, F_SETFD, flags)}).
     *
     * @param fd the descriptor
     * @param flags {@link #FD_CLOEXEC} or 0
     * @throws dev.loopy.NativeException if the call fails
     */
    public static void fcntlSetFd(int fd, int flags) {
        fcntlSet(fd, F_SETFD, flags, "F_SETFD");
    }

    /**
     * Switches a descriptor between blocking and non-blocking mode, keeping its other
     * status flags.
     *
     * @param fd the descriptor
     * @param nonBlocking true to set {@link #O_NONBLOCK}, false to clear it
     * @throws dev.loopy.NativeException if either {@code fcntl} call fails
     */
    public static void setNonBlocking(int fd, boolean nonBlocking) {
        int flags = fcntlGetFl(fd);
        int wanted = nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
        if (wanted != flags) {
            fcntlSetFl(fd, wanted);
        }
    }

    /**
     * Duplicates a descriptor onto the lowest free number. The copy does not have
     * {@link #FD_CLOEXEC} set.
     *
     * @param fd the descriptor
     * @return the new descriptor
     * @throws dev.loopy.NativeException if the call fails, for example {@code EBADF}
     */
    public static int dup(int fd) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) DUP.invokeExact(errno, fd);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("dup", Native.errno(errno), "fd=" + fd);
        }
        return rc;
    }

    /**
     * Duplicates a descriptor onto a chosen number, closing what that number named before.
     *
     * @param fd the descriptor
     * @param target the number the copy gets
     * @return {@code target}
     * @throws dev.loopy.NativeException if the call fails
     */
    public static int dup2(int fd, int target) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) DUP2.invokeExact(errno, fd, target);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("dup2", Native.errno(errno), "fd=" + fd + " target=" + target);
        }
        return rc;
    }

    /**
     * Returns the process id.
     *
     * @return the id of this process
     */
    public static int getpid() {
        try {
            return (int) GETPID.invokeExact(Native.errnoSegment());
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
    }

    /**
     * Returns the C library's text for an errno value, in the process's locale.
     *
     * @param errno an errno value
     * @return the text, for example {@code "Bad file descriptor"}
     */
    public static String strerror(int errno) {
        MemorySegment text;
        try {
            text = (MemorySegment) STRERROR.invokeExact(errno);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        return text.reinterpret(Long.MAX_VALUE).getString(0);
    }

    private static int fcntlGet(int fd, int command, String name) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) FCNTL_GET.invokeExact(errno, fd, command);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("fcntl", Native.errno(errno), "fd=" + fd + " cmd=" + name);
        }
        return rc;
    }

    private static void fcntlSet(int fd, int command, int value, String name) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) FCNTL_SET.invokeExact(errno, fd, command, value);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("fcntl", Native.errno(errno),
                    "fd=" + fd + " cmd=" + name + " arg=0x" + Integer.toHexString(value));
        }
    }

    private static void checkBounds(MemorySegment buffer, long count) {
        if (count < 0 || count > buffer.byteSize()) {
            throw new IllegalArgumentException("count=" + count + " (expected 0.."
                    + buffer.byteSize() + ", the buffer's size)");
        }
    }
}

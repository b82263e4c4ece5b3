package dev.loopy.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * Raw system calls through the C library's variadic {@code syscall}, for calls glibc does not
 * wrap (io_uring) or wraps only in newer versions.
 *
 * <p>Any thread may call these methods. They are hot-path calls: each returns the kernel's
 * result, or the negated errno, and never throws for a failed call. Arguments are passed as
 * {@code long}; pass a pointer as {@link MemorySegment#address()} of native memory that stays
 * alive for the call, and a C {@code int} sign-extended.
 *
 * <pre>
 * &lt;unistd.h&gt;, &lt;sys/syscall.h&gt;
 *   long syscall(long number, ...);
 * </pre>
 *
 * <p>The numbers below are the same on x86_64 and aarch64, since both came after the
 * system call tables were unified (Linux 5.1).
 */
public final class Syscall {
    /** {@code io_uring_setup(u32 entries, struct io_uring_params *p)}. */
    public static final long SYS_io_uring_setup = 425;
    /** {@code io_uring_enter(fd, to_submit, min_complete, flags, argp, argsz)}. */
    public static final long SYS_io_uring_enter = 426;
    /** {@code io_uring_register(fd, opcode, arg, nr_args)}. */
    public static final long SYS_io_uring_register = 427;
    /** {@code pidfd_open(pid_t pid, unsigned int flags)}. */
    public static final long SYS_pidfd_open = 434;
    /** {@code close_range(unsigned int first, unsigned int last, unsigned int flags)}. */
    public static final long SYS_close_range = 436;
    /** {@code epoll_pwait2(epfd, events, maxevents, timeout, sigmask, sigsetsize)}. */
    public static final long SYS_epoll_pwait2 = 441;

    private static final MethodHandle CALL1 = shape(1);
    private static final MethodHandle CALL2 = shape(2);
    private static final MethodHandle CALL3 = shape(3);
    private static final MethodHandle CALL4 = shape(4);
    private static final MethodHandle CALL5 = shape(5);
    private static final MethodHandle CALL6 = shape(6);

    private Syscall() {
    }

    /**
     * Makes a system call with one argument.
     *
     * @param number the system call number, such as {@link #SYS_pidfd_open}
     * @param a the first argument
     * @return the result, or the negated errno
     */
    public static long call1(long number, long a) {
        MemorySegment errno = Native.errnoSegment();
        try {
            return result(errno, (long) CALL1.invokeExact(errno, number, a));
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
    }

    /**
     * Makes a system call with two arguments.
     *
     * @param number the system call number
     * @param a the first argument
     * @param b the second argument
     * @return the result, or the negated errno
     */
    public static long call2(long number, long a, long b) {
        MemorySegment errno = Native.errnoSegment();
        try {
            return result(errno, (long) CALL2.invokeExact(errno, number, a, b));
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
    }

    /**
     * Makes a system call with three arguments.
     *
     * @param number the system call number
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     * @return the result, or the negated errno
     */
    public static long call3(long number, long a, long b, long c) {
        MemorySegment errno = Native.errnoSegment();
        try {
            return result(errno, (long) CALL3.invokeExact(errno, number, a, b, c));
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
    }

    /**
     * Makes a system call with four arguments.
     *
     * @param number the system call number, such as {@link #SYS_io_uring_register}
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     * @param d the fourth argument
     * @return the result, or the negated errno
     */
    public static long call4(long number, long a, long b, long c, long d) {
        MemorySegment errno = Native.errnoSegment();
        try {
            return result(errno, (long) CALL4.invokeExact(errno, number, a, b, c, d));
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
    }

    /**
     * Makes a system call with five arguments.
     *
     * @param number the system call number
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     * @param d the fourth argument
     * @param e the fifth argument
     * @return the result, or the negated errno
     */
    public static long call5(long number, long a, long b, long c, long d, long e) {
        MemorySegment errno = Native.errnoSegment();
        try {
            return result(errno, (long) CALL5.invokeExact(errno, number, a, b, c, d, e));
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
    }

    /**
     * Makes a system call with six arguments.
     *
     * @param number the system call number, such as {@link #SYS_io_uring_enter}
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     * @param d the fourth argument
     * @param e the fifth argument
     * @param f the sixth argument
     * @return the result, or the negated errno
     */
    public static long call6(long number, long a, long b, long c, long d, long e, long f) {
        MemorySegment errno = Native.errnoSegment();
        try {
            long rc = (long) CALL6.invokeExact(errno, number, a, b, c, d, e, f);
            return result(errno, rc);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
    }

    private static long result(MemorySegment errno, long rc) {
        return rc == -1 ? -Native.errno(errno) : rc;
    }

    /*
     * One handle per argument count, each in its own static final field so that the JIT
     * treats it as a constant. The number is the fixed argument and everything after it is
     * variadic, which is how the linker must set up a call to syscall().
     */
    private static MethodHandle shape(int argumentCount) {
        MemoryLayout[] arguments = new MemoryLayout[argumentCount + 1];
        Arrays.fill(arguments, JAVA_LONG);
        return Native.variadicDowncall("syscall",
                FunctionDescriptor.of(JAVA_LONG, arguments), 1);
    }
}

package dev.loopy.util;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.loopy.LoopyException;
import dev.loopy.NativeException;
import dev.loopy.Status;
import dev.loopy.internal.linux.Native;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The kernel's random bytes through the C library's {@code getrandom} wrapper.
 *
 * <pre>
 * #include &lt;sys/random.h&gt;
 * ssize_t getrandom(void *buf, size_t buflen, unsigned int flags);
 * </pre>
 *
 * <p>Any thread. With flags 0 the call draws from the same pool as {@code /dev/urandom}
 * and blocks only until that pool has been initialised once after boot. It may return
 * fewer bytes than asked (at most 32 MiB minus one per call) and fails with EINTR when a
 * signal arrives while it blocks, so {@link #fill} calls it until the target is full.
 */
final class GetRandom {
    /** The call was interrupted by a signal: call again. From {@code <errno.h>}. */
    static final int EINTR = 4;
    /** The kernel has no such system call (before Linux 3.17). From {@code <errno.h>}. */
    static final int ENOSYS = 38;

    private static final int NO_FLAGS = 0;
    private static final MethodHandle GETRANDOM = link();

    /** One call of getrandom, as {@link #fill} sees it: bytes written, or minus errno. */
    @FunctionalInterface
    interface Call {
        /**
         * Asks for random bytes.
         *
         * @param target where to write them, native memory
         * @param length how many, at most {@code target.byteSize()}
         * @return the bytes written, or minus the errno of a failure
         */
        long read(MemorySegment target, long length);
    }

    private GetRandom() {
    }

    /**
     * Tells whether the C library has the wrapper and the kernel the call.
     *
     * @return true if {@link #call} works on this machine
     */
    static boolean available() {
        if (GETRANDOM == null) {
            return false;
        }
        return call(MemorySegment.NULL, 0) != -ENOSYS;
    }

    /**
     * Calls getrandom once.
     *
     * @return the bytes written, or minus errno
     */
    static long call(MemorySegment target, long length) {
        try {
            long rc = (long) GETRANDOM.invokeExact(Native.errnoSegment(), target, length,
                    NO_FLAGS);
            return rc < 0 ? -Native.errno() : rc;
        } catch (Throwable unexpected) {
            throw new LoopyException(Status.ERROR, "getrandom could not be called",
                    LoopyException.NO_ERRNO, "getrandom", unexpected);
        }
    }

    /**
     * Fills native memory completely, calling again after a short read or EINTR.
     *
     * @param target native memory to fill
     * @param call the system call, {@link #call} outside tests
     * @throws NativeException if the call fails with any other errno
     * @throws LoopyException if the call returns no bytes for a non-empty request
     */
    static void fill(MemorySegment target, Call call) {
        long size = target.byteSize();
        long filled = 0;
        while (filled < size) {
            long result = call.read(target.asSlice(filled), size - filled);
            if (result > 0) {
                filled += result;
            } else if (result != -EINTR) {
                throw failure(result, size - filled);
            }
        }
    }

    private static LoopyException failure(long result, long remaining) {
        if (result == 0) {
            return new LoopyException(Status.ERROR, "getrandom returned 0 bytes (length="
                    + remaining + ", expected > 0)");
        }
        return new NativeException("getrandom", (int) -result, "length=" + remaining);
    }

    private static MethodHandle link() {
        if (!Native.has("getrandom")) {
            return null;
        }
        return Native.downcall("getrandom",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT));
    }
}

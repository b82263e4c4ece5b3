package dev.loopy;

import dev.loopy.internal.linux.Errno;
import dev.loopy.internal.linux.LibC;
import dev.loopy.internal.linux.Sockets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Operating-system file descriptors for the epoll and io_uring backends: connected pairs,
 * pipes, and plain reads, writes and close.
 *
 * <p>Any thread may call these methods. Every descriptor made here is non-blocking and
 * close-on-exec, ready to {@link Loop#register register} with a loop. Reads and writes
 * report "would block" and end of file as return values.
 *
 * <p>Limitations: Linux only; elsewhere every method throws {@link LoopyException} with
 * status {@code unsupported}. The NIO backend watches channels, not descriptors: use
 * {@link Loop#adopt(java.nio.channels.SelectableChannel)} there.
 */
public final class Descriptors {
    /** The result of {@link #read} and {@link #write} when the call would have blocked. */
    public static final int WOULD_BLOCK = -1;
    /** The result of {@link #read} at end of file. */
    public static final int EOF = 0;

    private Descriptors() {
    }

    /**
     * Makes a connected pair of Unix-domain stream sockets.
     *
     * @return the two descriptors; bytes written to one are read from the other
     * @throws NativeException if the kernel refuses, for example with too many open files
     */
    public static int[] socketPair() {
        checkLinux();
        return Sockets.socketpair(Sockets.AF_UNIX,
                Sockets.SOCK_STREAM | Sockets.SOCK_NONBLOCK | Sockets.SOCK_CLOEXEC, 0);
    }

    /**
     * Makes a pipe.
     *
     * @return the read end at index 0 and the write end at index 1
     * @throws NativeException if the kernel refuses
     */
    public static int[] pipe() {
        checkLinux();
        return LibC.pipe2(LibC.O_NONBLOCK | LibC.O_CLOEXEC);
    }

    /**
     * Reads what is available, without blocking.
     *
     * @param fd the descriptor
     * @param buffer where the bytes go
     * @param offset the first index written
     * @param length the most bytes read, at least 1
     * @return the number of bytes read, {@link #EOF} at end of file, or {@link #WOULD_BLOCK}
     * @throws NativeException if the read fails, for example on a closed descriptor
     */
    public static int read(int fd, byte[] buffer, int offset, int length) {
        checkRange(buffer, offset, length);
        checkLinux();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment native_ = arena.allocate(length);
            long read = LibC.read(fd, native_, length);
            if (read < 0) {
                return failed("read", fd, (int) -read);
            }
            MemorySegment.copy(native_, ValueLayout.JAVA_BYTE, 0, buffer, offset, (int) read);
            return (int) read;
        }
    }

    /**
     * Writes what the descriptor takes now, without blocking.
     *
     * @param fd the descriptor
     * @param buffer the bytes
     * @param offset the first index written from
     * @param length the number of bytes offered, at least 1
     * @return the number of bytes written, or {@link #WOULD_BLOCK}
     * @throws NativeException if the write fails, for example when the peer is gone
     */
    public static int write(int fd, byte[] buffer, int offset, int length) {
        checkRange(buffer, offset, length);
        checkLinux();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment native_ = arena.allocate(length);
            MemorySegment.copy(buffer, offset, native_, ValueLayout.JAVA_BYTE, 0, length);
            long written = LibC.write(fd, native_, length);
            return written < 0 ? failed("write", fd, (int) -written) : (int) written;
        }
    }

    /**
     * Closes a descriptor.
     *
     * @param fd the descriptor
     * @throws NativeException if it was not open
     */
    public static void close(int fd) {
        checkLinux();
        LibC.close(fd);
    }

    private static int failed(String call, int fd, int errno) {
        if (errno == Errno.EAGAIN) {
            return WOULD_BLOCK;
        }
        throw new NativeException(call, errno, "fd=" + fd);
    }

    private static void checkRange(byte[] buffer, int offset, int length) {
        Objects.requireNonNull(buffer, "buffer");
        if (length < 1) {
            throw new IllegalArgumentException("length=" + length + " (expected >= 1)");
        }
        Objects.checkFromIndexSize(offset, length, buffer.length);
    }

    private static void checkLinux() {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            throw new LoopyException(Status.UNSUPPORTED,
                    "raw descriptors need Linux (this is " + System.getProperty("os.name") + ")");
        }
    }
}

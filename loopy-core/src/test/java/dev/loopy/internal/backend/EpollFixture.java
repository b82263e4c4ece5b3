package dev.loopy.internal.backend;

import dev.loopy.internal.linux.LibC;
import dev.loopy.internal.linux.Sockets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Descriptors and byte moves shared by the epoll backend's tests. */
final class EpollFixture {
    /** Used to tell a mask that is absent from one that is 0. */
    static final int NOT_REPORTED = -1;

    private static final MemorySegment ONE_BYTE = Arena.global().allocate(1);

    private EpollFixture() {
    }

    /** A pipe with both ends non-blocking; closing closes both. */
    record Pipe(int readFd, int writeFd) implements AutoCloseable {
        static Pipe open() {
            int[] fds = LibC.pipe2(LibC.O_CLOEXEC | LibC.O_NONBLOCK);
            return new Pipe(fds[0], fds[1]);
        }

        @Override
        public void close() {
            LibC.closeQuietly(readFd);
            LibC.closeQuietly(writeFd);
        }
    }

    /** A connected pair of non-blocking stream sockets; closing closes both. */
    record SocketPair(int left, int right) implements AutoCloseable {
        static SocketPair open() {
            int[] fds = Sockets.socketpair(Sockets.AF_UNIX,
                    Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC | Sockets.SOCK_NONBLOCK, 0);
            return new SocketPair(fds[0], fds[1]);
        }

        @Override
        public void close() {
            LibC.closeQuietly(left);
            LibC.closeQuietly(right);
        }
    }

    static void writeByte(int fd) {
        if (LibC.write(fd, ONE_BYTE, 1) != 1) {
            throw new AssertionError("write of one byte to fd=" + fd + " failed");
        }
    }

    static long readByte(int fd) {
        return LibC.read(fd, ONE_BYTE, 1);
    }

    /** Returns the readiness reported for {@code fd}, or {@link #NOT_REPORTED}. */
    static int maskOf(ReadyEvents events, int fd) {
        for (int i = 0; i < events.readyCount(); i++) {
            if (events.fd(i) == fd) {
                return events.mask(i);
            }
        }
        return NOT_REPORTED;
    }

    /** Polls once without waiting, into a cleared {@code events}. */
    static int pollNow(IoBackend backend, ReadyEvents events) {
        events.clear();
        return backend.poll(0, events);
    }
}

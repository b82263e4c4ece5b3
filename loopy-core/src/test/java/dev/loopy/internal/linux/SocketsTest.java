package dev.loopy.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoDescriptorLeaks.class)
class SocketsTest {
    private static final int STREAM = Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC;
    private static final int BUFFER_BYTES = 64 * 1024;

    @Test
    void aSocketPairCarriesBytesBothWays() {
        int[] pair = Sockets.socketpair(Sockets.AF_UNIX, STREAM, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(3);

            long there = LibC.write(pair[0], buffer, 3);
            long arrived = LibC.read(pair[1], buffer, 3);
            long back = LibC.write(pair[1], buffer, 2);
            long returned = LibC.read(pair[0], buffer, 3);

            assertThat(new long[] {there, arrived, back, returned}).containsExactly(3, 3, 2, 2);
        } finally {
            LibCTest.closeBoth(pair);
        }
    }

    @Test
    void afterShutdownOfWritingThePeerReadsEndOfFile() {
        int[] pair = Sockets.socketpair(Sockets.AF_UNIX, STREAM, 0);
        try (Arena arena = Arena.ofConfined()) {
            Sockets.shutdown(pair[0], Sockets.SHUT_WR);

            assertThat(LibC.read(pair[1], arena.allocate(1), 1)).isZero();
        } finally {
            LibCTest.closeBoth(pair);
        }
    }

    @Test
    void anIntegerOptionReadsBackWhatWasSet() {
        int fd = Sockets.socket(Sockets.AF_INET, STREAM, 0);
        try {
            Sockets.setIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1);
            Sockets.setIntOption(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1);

            assertThat(Sockets.getIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR))
                    .isEqualTo(1);
            assertThat(Sockets.getIntOption(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY))
                    .isEqualTo(1);
            assertThat(Sockets.getIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_TYPE))
                    .isEqualTo(Sockets.SOCK_STREAM);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void theSendBufferIsAtLeastWhatWasAskedFor() {
        int fd = Sockets.socket(Sockets.AF_UNIX, STREAM, 0);
        try {
            Sockets.setIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, BUFFER_BYTES);

            assertThat(Sockets.getIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_SNDBUF))
                    .isGreaterThanOrEqualTo(BUFFER_BYTES);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void aNonBlockingSocketPairIsNonBlocking() {
        int[] pair = Sockets.socketpair(Sockets.AF_UNIX, STREAM | Sockets.SOCK_NONBLOCK, 0);
        try (Arena arena = Arena.ofConfined()) {
            assertThat(LibC.read(pair[0], arena.allocate(1), 1)).isEqualTo(-Errno.EAGAIN);
        } finally {
            LibCTest.closeBoth(pair);
        }
    }

    @Test
    void aLoopbackConnectionCarriesBytesFromClientToServer() {
        int listener = Sockets.socket(Sockets.AF_INET, STREAM, 0);
        int client = Sockets.socket(Sockets.AF_INET, STREAM, 0);
        int server = -1;
        try (Arena arena = Arena.ofConfined()) {
            Sockets.setIntOption(listener, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1);
            Sockets.bind(listener, Sockets.inet4(arena, Sockets.INADDR_LOOPBACK, 0));
            Sockets.listen(listener, 8);
            MemorySegment bound = arena.allocate(Sockets.SOCKADDR_IN);
            Sockets.getsockname(listener, bound);

            int connected = Sockets.connect(client,
                    Sockets.inet4(arena, Sockets.INADDR_LOOPBACK, Sockets.inet4Port(bound)));
            server = Sockets.accept4(listener, Sockets.SOCK_CLOEXEC);
            LibC.write(client, arena.allocate(4), 4);

            assertThat(Sockets.inet4Address(bound)).isEqualTo(Sockets.INADDR_LOOPBACK);
            assertThat(Sockets.inet4Port(bound)).isPositive();
            assertThat(connected).isZero();
            assertThat(server).isNotNegative();
            assertThat(LibC.read(server, arena.allocate(4), 4)).isEqualTo(4);
        } finally {
            LibC.close(listener);
            LibC.close(client);
            if (server >= 0) {
                LibC.close(server);
            }
        }
    }

    @Test
    void acceptingWithNothingWaitingReturnsTheNegatedEagain() {
        int listener = Sockets.socket(Sockets.AF_INET, STREAM | Sockets.SOCK_NONBLOCK, 0);
        try (Arena arena = Arena.ofConfined()) {
            Sockets.bind(listener, Sockets.inet4(arena, Sockets.INADDR_LOOPBACK, 0));
            Sockets.listen(listener, 1);

            assertThat(Sockets.accept4(listener, 0)).isEqualTo(-Errno.EAGAIN);
        } finally {
            LibC.close(listener);
        }
    }

    @Test
    void connectingToAPortNobodyListensOnIsRefused() {
        int probe = Sockets.socket(Sockets.AF_INET, STREAM, 0);
        int client = Sockets.socket(Sockets.AF_INET, STREAM, 0);
        try (Arena arena = Arena.ofConfined()) {
            Sockets.bind(probe, Sockets.inet4(arena, Sockets.INADDR_LOOPBACK, 0));
            MemorySegment bound = arena.allocate(Sockets.SOCKADDR_IN);
            Sockets.getsockname(probe, bound);

            int rc = Sockets.connect(client, bound);

            assertThat(rc).isEqualTo(-Errno.ECONNREFUSED);
        } finally {
            LibC.close(probe);
            LibC.close(client);
        }
    }

    @Test
    void aPortOutsideItsRangeIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> Sockets.inet4(arena, Sockets.INADDR_ANY, 65536))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port=65536 (expected 0..65535)");
        }
    }

    @Test
    void anUnknownFamilyFailsNamingSocket() {
        assertThatThrownBy(() -> Sockets.socket(-1, STREAM, 0))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.syscall()).isEqualTo("socket");
                    assertThat(e.errno()).isEqualTo(Errno.EAFNOSUPPORT);
                });
    }

    @Test
    void shuttingDownAPipeFailsWithEnotsock() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        try {
            assertThatThrownBy(() -> Sockets.shutdown(pipe[0], Sockets.SHUT_RDWR))
                    .isInstanceOfSatisfying(NativeException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.ENOTSOCK));
        } finally {
            LibCTest.closeBoth(pipe);
        }
    }

    @Test
    void anOptionOfAClosedSocketFailsWithEbadf() {
        int fd = Sockets.socket(Sockets.AF_UNIX, STREAM, 0);
        LibC.close(fd);

        assertThatThrownBy(() -> Sockets.getIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_ERROR))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.syscall()).isEqualTo("getsockopt");
                    assertThat(e.errno()).isEqualTo(Errno.EBADF);
                });
    }
}

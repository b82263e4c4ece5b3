package dev.loopy.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoDescriptorLeaks.class)
class LibCTest {
    private static final byte[] HELLO = {'h', 'e', 'l', 'l', 'o'};

    @Test
    void aPipeCarriesBytesFromItsWriteEndToItsReadEnd() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, HELLO);
            MemorySegment in = arena.allocate(HELLO.length);

            long written = LibC.write(pipe[1], out, out.byteSize());
            long read = LibC.read(pipe[0], in, in.byteSize());

            assertThat(written).isEqualTo(HELLO.length);
            assertThat(read).isEqualTo(HELLO.length);
            assertThat(in.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(HELLO);
        } finally {
            closeBoth(pipe);
        }
    }

    @Test
    void readingAnEmptyNonBlockingPipeReturnsTheNegatedEagain() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(8);

            assertThat(LibC.read(pipe[0], in, in.byteSize())).isEqualTo(-Errno.EAGAIN);
        } finally {
            closeBoth(pipe);
        }
    }

    @Test
    void writingToAPipeWithoutReaderReturnsTheNegatedEpipe() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        LibC.close(pipe[0]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, HELLO);

            assertThat(LibC.write(pipe[1], out, out.byteSize())).isEqualTo(-Errno.EPIPE);
        } finally {
            LibC.close(pipe[1]);
        }
    }

    @Test
    void aReadLongerThanItsBufferIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(4);

            assertThatThrownBy(() -> LibC.read(0, in, 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("count=5");
        }
    }

    @Test
    void pipe2SetsTheFlagsItIsGiven() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        try {
            assertThat(LibC.fcntlGetFd(pipe[0]) & LibC.FD_CLOEXEC).isEqualTo(LibC.FD_CLOEXEC);
            assertThat(LibC.fcntlGetFl(pipe[1]) & LibC.O_NONBLOCK).isEqualTo(LibC.O_NONBLOCK);
        } finally {
            closeBoth(pipe);
        }
    }

    @Test
    void setNonBlockingTurnsTheFlagOnAndOff() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        try {
            LibC.setNonBlocking(pipe[0], true);
            int on = LibC.fcntlGetFl(pipe[0]) & LibC.O_NONBLOCK;
            LibC.setNonBlocking(pipe[0], false);
            int off = LibC.fcntlGetFl(pipe[0]) & LibC.O_NONBLOCK;

            assertThat(on).isEqualTo(LibC.O_NONBLOCK);
            assertThat(off).isZero();
        } finally {
            closeBoth(pipe);
        }
    }

    @Test
    void fcntlSetFdClearsCloseOnExec() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        try {
            LibC.fcntlSetFd(pipe[0], 0);

            assertThat(LibC.fcntlGetFd(pipe[0])).isZero();
        } finally {
            closeBoth(pipe);
        }
    }

    @Test
    void closingAClosedDescriptorFailsWithEbadfNamingTheCall() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        closeBoth(pipe);

        assertThatThrownBy(() -> LibC.close(pipe[0]))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EBADF);
                    assertThat(e.syscall()).isEqualTo("close");
                    assertThat(e.getMessage()).contains("fd=" + pipe[0], "EBADF");
                });
    }

    @Test
    void closeQuietlyReportsTheErrnoInsteadOfThrowing() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        closeBoth(pipe);

        assertThat(LibC.closeQuietly(pipe[0])).isEqualTo(Errno.EBADF);
    }

    @Test
    void aDuplicateReachesTheSamePipe() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        int copy = LibC.dup(pipe[1]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, HELLO);
            MemorySegment in = arena.allocate(HELLO.length);

            LibC.write(copy, out, out.byteSize());

            assertThat(copy).isNotIn(pipe[0], pipe[1]);
            assertThat(LibC.read(pipe[0], in, in.byteSize())).isEqualTo(HELLO.length);
        } finally {
            LibC.close(copy);
            closeBoth(pipe);
        }
    }

    @Test
    void dup2PutsTheCopyOnTheChosenNumber() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        int target = LibC.dup(pipe[0]);
        try {
            int copy = LibC.dup2(pipe[1], target);

            assertThat(copy).isEqualTo(target);
            assertThat(LibC.fcntlGetFl(copy) & 3).isEqualTo(LibC.fcntlGetFl(pipe[1]) & 3);
        } finally {
            LibC.close(target);
            closeBoth(pipe);
        }
    }

    @Test
    void dupOfAClosedDescriptorFailsWithEbadf() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        closeBoth(pipe);

        assertThatThrownBy(() -> LibC.dup(pipe[0]))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }

    @Test
    void getpidIsTheProcessId() {
        assertThat((long) LibC.getpid()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void strerrorGivesDistinctTextsForDistinctErrors() {
        String badDescriptor = LibC.strerror(Errno.EBADF);
        String interrupted = LibC.strerror(Errno.EINTR);

        assertThat(badDescriptor).isNotBlank().isNotEqualTo(interrupted);
    }

    static void closeBoth(int[] fds) {
        LibC.closeQuietly(fds[0]);
        LibC.closeQuietly(fds[1]);
    }
}

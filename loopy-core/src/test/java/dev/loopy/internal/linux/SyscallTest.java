package dev.loopy.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoDescriptorLeaks.class)
class SyscallTest {
    private static final long UNKNOWN_NUMBER = 100_000;

    @Test
    void closeRangeClosesTheDescriptorsInTheRange() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        int low = Math.min(pipe[0], pipe[1]);
        int high = Math.max(pipe[0], pipe[1]);

        long rc = Syscall.call3(Syscall.SYS_close_range, low, high, 0);

        assertThat(rc).isZero();
        assertThat(LibC.closeQuietly(pipe[0])).isEqualTo(Errno.EBADF);
        assertThat(LibC.closeQuietly(pipe[1])).isEqualTo(Errno.EBADF);
    }

    @Test
    void aFailedCallReturnsTheNegatedErrno() {
        long rc = Syscall.call3(Syscall.SYS_close_range, 10, 5, 0);

        assertThat(rc).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void pidfdOpenOfThisProcessGivesADescriptor() {
        long fd = Syscall.call2(Syscall.SYS_pidfd_open, LibC.getpid(), 0);
        assumeTrue(fd != -Errno.ENOSYS, "kernel without pidfd_open");

        assertThat(fd).isNotNegative();
        LibC.close((int) fd);
    }

    @Test
    void sixArgumentsReachTheKernelInOrder() {
        assumeTrue(Epoll.hasPwait2(), "kernel without epoll_pwait2");
        int epfd = Epoll.create1(Epoll.EPOLL_CLOEXEC);
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = Epoll.allocateEvents(arena, 2);
            MemorySegment zero = Timespec.set(arena.allocate(Timespec.TIMESPEC), 0);
            Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, pipe[1], events, Epoll.EPOLLOUT, 77);

            long count = Syscall.call6(Syscall.SYS_epoll_pwait2, epfd, events.address(), 2,
                    zero.address(), 0, 8);

            assertThat(count).isEqualTo(1);
            assertThat(Epoll.data(events, 0)).isEqualTo(77);
        } finally {
            LibC.close(epfd);
            LibCTest.closeBoth(pipe);
        }
    }

    @Test
    void argumentsBeyondWhatTheCallTakesAreIgnored() {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);

        long first = Syscall.call4(Syscall.SYS_close_range, pipe[0], pipe[0], 0, 0);
        long second = Syscall.call5(Syscall.SYS_close_range, pipe[1], pipe[1], 0, 0, 0);

        assertThat(first).isZero();
        assertThat(second).isZero();
        assertThat(LibC.closeQuietly(pipe[0])).isEqualTo(Errno.EBADF);
    }

    @Test
    void anUnknownSystemCallNumberReturnsTheNegatedEnosys() {
        assertThat(Syscall.call1(UNKNOWN_NUMBER, 0)).isEqualTo(-Errno.ENOSYS);
    }
}

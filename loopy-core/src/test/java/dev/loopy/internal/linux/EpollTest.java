package dev.loopy.internal.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loopy.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoDescriptorLeaks.class)
class EpollTest {
    private static final long DATA = 0x1234_5678_9ABC_DEF0L;

    @Test
    void theEventIsPackedOnX86AndNaturallyAlignedOnAarch64() {
        StructLayout x86 = Epoll.eventLayout("amd64");
        StructLayout arm = Epoll.eventLayout("aarch64");

        assertThat(x86.byteSize()).isEqualTo(12);
        assertThat(x86.byteOffset(groupElement("data"))).isEqualTo(4);
        assertThat(arm.byteSize()).isEqualTo(16);
        assertThat(arm.byteOffset(groupElement("data"))).isEqualTo(8);
    }

    @Test
    void aReadablePipeIsReportedWithTheDataItWasRegisteredWith() {
        int epfd = Epoll.create1(Epoll.EPOLL_CLOEXEC);
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = Epoll.allocateEvents(arena, 4);
            Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, pipe[0], events, Epoll.EPOLLIN, DATA);
            LibC.write(pipe[1], arena.allocate(1), 1);

            int count = Epoll.epollWait(epfd, events, 4, 0);

            assertThat(count).isEqualTo(1);
            assertThat(Epoll.events(events, 0) & Epoll.EPOLLIN).isEqualTo(Epoll.EPOLLIN);
            assertThat(Epoll.data(events, 0)).isEqualTo(DATA);
        } finally {
            LibC.close(epfd);
            LibCTest.closeBoth(pipe);
        }
    }

    @Test
    void anIdleInstanceReportsNothingWithAZeroTimeout() {
        int epfd = Epoll.create1(Epoll.EPOLL_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = Epoll.allocateEvents(arena, 1);

            assertThat(Epoll.epollWait(epfd, events, 1, 0)).isZero();
        } finally {
            LibC.close(epfd);
        }
    }

    @Test
    void pwait2WaitsOnATimespecWhenTheKernelHasIt() {
        assumeTrue(Epoll.hasPwait2(), "kernel without epoll_pwait2");
        int epfd = Epoll.create1(Epoll.EPOLL_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = Epoll.allocateEvents(arena, 1);
            MemorySegment timeout = Timespec.set(arena.allocate(Timespec.TIMESPEC), 1_000);

            assertThat(Epoll.epollPwait2(epfd, events, 1, timeout)).isZero();
        } finally {
            LibC.close(epfd);
        }
    }

    @Test
    void registeringAClosedDescriptorFailsWithEbadfNamingEpollCtl() {
        int epfd = Epoll.create1(Epoll.EPOLL_CLOEXEC);
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        LibCTest.closeBoth(pipe);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = Epoll.allocateEvents(arena, 1);

            assertThatThrownBy(() -> Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, pipe[0], scratch,
                    Epoll.EPOLLIN, 0))
                    .isInstanceOfSatisfying(NativeException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EBADF);
                        assertThat(e.syscall()).isEqualTo("epoll_ctl");
                        assertThat(e.getMessage()).contains("op=add", "fd=" + pipe[0]);
                    });
        } finally {
            LibC.close(epfd);
        }
    }

    @Test
    void changingAnUnregisteredDescriptorFailsWithEnoent() {
        int epfd = Epoll.create1(Epoll.EPOLL_CLOEXEC);
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = Epoll.allocateEvents(arena, 1);

            assertThatThrownBy(() -> Epoll.ctl(epfd, Epoll.EPOLL_CTL_MOD, pipe[0], scratch,
                    Epoll.EPOLLIN, 0))
                    .isInstanceOfSatisfying(NativeException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        } finally {
            LibC.close(epfd);
            LibCTest.closeBoth(pipe);
        }
    }

    @Test
    void aWaitForMoreEventsThanTheArrayHoldsIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = Epoll.allocateEvents(arena, 2);

            assertThatThrownBy(() -> Epoll.epollWait(0, events, 3, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxEvents=3");
        }
    }

    @Test
    void anEmptyEventArrayIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> Epoll.allocateEvents(arena, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("count=0");
        }
    }
}

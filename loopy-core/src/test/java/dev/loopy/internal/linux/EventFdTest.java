package dev.loopy.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoDescriptorLeaks.class)
class EventFdTest {
    @Test
    void aReadTakesTheSumOfEveryWriteAndResetsTheCounter() {
        int fd = EventFd.create(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
            EventFd.write(fd, 2);
            EventFd.write(fd, 3);

            int first = EventFd.read(fd, counter);
            long value = counter.get(ValueLayout.JAVA_LONG, 0);
            int second = EventFd.read(fd, counter);

            assertThat(first).isZero();
            assertThat(value).isEqualTo(5);
            assertThat(second).isEqualTo(-Errno.EAGAIN);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void aSemaphoreCounterIsTakenOneAtATime() {
        int fd = EventFd.create(2, EventFd.EFD_CLOEXEC | EventFd.EFD_SEMAPHORE
                | EventFd.EFD_NONBLOCK);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);

            EventFd.read(fd, counter);

            assertThat(counter.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(1);
            assertThat(EventFd.read(fd, counter)).isZero();
            assertThat(EventFd.read(fd, counter)).isEqualTo(-Errno.EAGAIN);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void writingAClosedDescriptorReturnsTheNegatedEbadf() {
        int fd = EventFd.create(0, EventFd.EFD_CLOEXEC);
        LibC.close(fd);

        assertThat(EventFd.write(fd, 1)).isEqualTo(-Errno.EBADF);
    }

    @Test
    void aNegativeInitialValueIsRejected() {
        assertThatThrownBy(() -> EventFd.create(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialValue=-1");
    }

    @Test
    void aCounterBufferShorterThanEightBytesIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tooSmall = arena.allocate(4);

            assertThatThrownBy(() -> EventFd.read(0, tooSmall))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("value.byteSize()=4");
        }
    }
}

package dev.loopy.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.NativeException;
import dev.loopy.Status;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ErrnoTest {
    @Test
    void aKnownErrnoHasItsCName() {
        assertThat(Errno.name(Errno.EAGAIN)).isEqualTo("EAGAIN");
        assertThat(Errno.name(Errno.ECANCELED)).isEqualTo("ECANCELED");
        assertThat(Errno.name(Errno.ETIME)).isEqualTo("ETIME");
    }

    @Test
    void anUnknownErrnoIsNamedByItsNumber() {
        assertThat(Errno.name(4095)).isEqualTo("errno=4095");
    }

    @Test
    void aFailureNamesTheCallTheResourceAndTheErrno() {
        NativeException failure = Native.failure("epoll_ctl", Errno.EBADF, "fd=7");

        assertThat(failure.syscall()).isEqualTo("epoll_ctl");
        assertThat(failure.errno()).isEqualTo(Errno.EBADF);
        assertThat(failure.status()).isEqualTo(Status.INVALID);
        assertThat(failure.getMessage()).contains("epoll_ctl", "fd=7", "EBADF", "errno=9");
    }

    @Test
    void aTimespecHoldsSecondsAndNanoseconds() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(Timespec.TIMESPEC);

            Timespec.set(timespec, 1_500_000_001L);

            assertThat(Timespec.get(timespec)).isEqualTo(1_500_000_001L);
        }
    }

    @Test
    void aNegativeTimespecIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(Timespec.TIMESPEC);

            assertThatThrownBy(() -> Timespec.set(timespec, -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("durationNs=-1");
        }
    }
}

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
class MmanTest {
    private static final long LENGTH = 1 << 16;
    private static final int READ_WRITE = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANONYMOUS = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    @Test
    void anAnonymousMappingStartsZeroedAndCanBeWritten() {
        MemorySegment mapping = Mman.mmap(LENGTH, READ_WRITE, ANONYMOUS, -1, 0);
        try {
            long zeroAtEnd = mapping.get(ValueLayout.JAVA_LONG, LENGTH - 8);
            mapping.set(ValueLayout.JAVA_LONG, 0, 42);

            assertThat(mapping.byteSize()).isEqualTo(LENGTH);
            assertThat(zeroAtEnd).isZero();
            assertThat(mapping.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(42);
        } finally {
            Mman.munmap(mapping);
        }
    }

    @Test
    void aMappingOwnedByAnArenaIsGoneWhenTheArenaCloses() {
        MemorySegment mapping;
        try (Arena arena = Arena.ofConfined()) {
            mapping = Mman.mmap(arena, LENGTH, READ_WRITE, ANONYMOUS, -1, 0);
            mapping.set(ValueLayout.JAVA_INT, 0, 7);
        }

        assertThatThrownBy(() -> mapping.get(ValueLayout.JAVA_INT, 0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSharedMappingOfAnEventFdFailsNamingMmap() {
        int fd = EventFd.create(0, EventFd.EFD_CLOEXEC);
        try {
            assertThatThrownBy(() -> Mman.mmap(LENGTH, READ_WRITE, Mman.MAP_SHARED, fd, 0))
                    .isInstanceOfSatisfying(NativeException.class, e -> {
                        assertThat(e.syscall()).isEqualTo("mmap");
                        assertThat(e.getMessage()).contains("fd=" + fd);
                    });
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void anEmptyMappingIsRejected() {
        assertThatThrownBy(() -> Mman.mmap(0, READ_WRITE, ANONYMOUS, -1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lengthBytes=0");
    }
}

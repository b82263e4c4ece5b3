package dev.loopy.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Memory mappings, as the io_uring rings and provided-buffer rings need them.
 *
 * <p>Any thread may call these methods. Both throw {@link dev.loopy.NativeException} when the
 * call fails.
 *
 * <pre>
 * &lt;sys/mman.h&gt;
 *   void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
 *   int munmap(void *addr, size_t length);
 * </pre>
 *
 * <p>A mapping from {@link #mmap(long, int, int, int, long)} is the caller's to unmap; one
 * from {@link #mmap(Arena, long, int, int, int, long)} is unmapped when its arena closes.
 */
public final class Mman {
    /** Pages may not be accessed. */
    public static final int PROT_NONE = 0;
    /** Pages may be read. */
    public static final int PROT_READ = 1;
    /** Pages may be written. */
    public static final int PROT_WRITE = 2;
    /** Writes are shared with every other mapping of the same object (and the kernel). */
    public static final int MAP_SHARED = 0x01;
    /** Writes are private to this mapping. */
    public static final int MAP_PRIVATE = 0x02;
    /** The mapping is backed by no file; {@code fd} is -1 and the memory starts zeroed. */
    public static final int MAP_ANONYMOUS = 0x20;
    /** Do not reserve swap space for the mapping. */
    public static final int MAP_NORESERVE = 0x4000;
    /** Fault the pages in now, so that the first access does not. */
    public static final int MAP_POPULATE = 0x8000;

    /** What {@code mmap} returns on failure, {@code (void *) -1}. */
    private static final long MAP_FAILED = -1L;

    private static final MethodHandle MMAP = Native.downcall("mmap", FunctionDescriptor.of(
            ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = Native.downcall("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    private Mman() {
    }

    /**
     * Maps memory that the caller unmaps with {@link #munmap}.
     *
     * @param lengthBytes the length of the mapping in bytes, at least 1
     * @param prot {@link #PROT_READ} and {@link #PROT_WRITE}, or {@link #PROT_NONE}
     * @param flags {@link #MAP_SHARED} or {@link #MAP_PRIVATE}, with other {@code MAP_} flags
     * @param fd the descriptor of the mapped object, -1 with {@link #MAP_ANONYMOUS}
     * @param offset where the mapping starts in the object, a multiple of the page size
     * @return a segment of {@code lengthBytes} over the mapping, in the global scope
     * @throws dev.loopy.NativeException if the call fails, for example {@code ENOMEM}
     */
    public static MemorySegment mmap(long lengthBytes, int prot, int flags, int fd,
            long offset) {
        if (lengthBytes < 1) {
            throw new IllegalArgumentException("lengthBytes=" + lengthBytes + " (expected > 0)");
        }
        MemorySegment errno = Native.errnoSegment();
        MemorySegment mapped;
        try {
            mapped = (MemorySegment) MMAP.invokeExact(errno, MemorySegment.NULL, lengthBytes,
                    prot, flags, fd, offset);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (mapped.address() == MAP_FAILED) {
            throw Native.failure("mmap", Native.errno(errno), "fd=" + fd + " length="
                    + lengthBytes + " offset=0x" + Long.toHexString(offset));
        }
        return mapped.reinterpret(lengthBytes);
    }

    /**
     * Maps memory that is unmapped when {@code arena} closes. Accesses after that fail as for
     * any segment of a closed arena.
     *
     * @param arena the owner of the mapping
     * @param lengthBytes the length of the mapping in bytes, at least 1
     * @param prot {@link #PROT_READ} and {@link #PROT_WRITE}, or {@link #PROT_NONE}
     * @param flags {@link #MAP_SHARED} or {@link #MAP_PRIVATE}, with other {@code MAP_} flags
     * @param fd the descriptor of the mapped object, -1 with {@link #MAP_ANONYMOUS}
     * @param offset where the mapping starts in the object, a multiple of the page size
     * @return a segment of {@code lengthBytes} over the mapping, in {@code arena}'s scope
     * @throws dev.loopy.NativeException if the call fails
     */
    public static MemorySegment mmap(Arena arena, long lengthBytes, int prot, int flags,
            int fd, long offset) {
        MemorySegment mapped = mmap(lengthBytes, prot, flags, fd, offset);
        // The cleanup action sees a zero-length segment, so the length is captured here.
        return mapped.reinterpret(arena, start -> munmapQuietly(start, lengthBytes));
    }

    /**
     * Removes a mapping made by {@link #mmap(long, int, int, int, long)}.
     *
     * @param mapping the segment {@code mmap} returned
     * @throws dev.loopy.NativeException if the call fails
     */
    public static void munmap(MemorySegment mapping) {
        int errno = munmapQuietly(mapping, mapping.byteSize());
        if (errno != 0) {
            throw Native.failure("munmap", errno, "address=0x"
                    + Long.toHexString(mapping.address()) + " length=" + mapping.byteSize());
        }
    }

    private static int munmapQuietly(MemorySegment start, long lengthBytes) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) MUNMAP.invokeExact(errno, start, lengthBytes);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        return rc == 0 ? 0 : Native.errno(errno);
    }
}

package dev.loopy.util;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;

/** Argument checks and segment views for the byte-filling methods. Any thread. */
final class Targets {
    private Targets() {
    }

    static int length(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length=" + length + " (expected >= 0)");
        }
        return length;
    }

    static MemorySegment of(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "bytes");
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IllegalArgumentException("offset=" + offset + ", length=" + length
                    + " (expected a range within 0.." + bytes.length + ")");
        }
        return MemorySegment.ofArray(bytes).asSlice(offset, length);
    }

    static MemorySegment of(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("buffer is read-only (expected writable)");
        }
        return MemorySegment.ofBuffer(buffer);
    }

    static MemorySegment of(MemorySegment segment) {
        Objects.requireNonNull(segment, "segment");
        if (segment.isReadOnly()) {
            throw new IllegalArgumentException("segment is read-only (expected writable)");
        }
        return segment;
    }
}

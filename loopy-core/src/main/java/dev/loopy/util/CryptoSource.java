package dev.loopy.util;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Where {@link Random} takes its bytes: the kernel through getrandom, or the JDK's
 * {@link SecureRandom} where getrandom is missing.
 *
 * <p>Any thread; both sources are safe to share.
 */
sealed interface CryptoSource {
    /** Bytes moved per step when the target is not native memory. */
    int CHUNK = 4096;

    /**
     * Picks getrandom when the C library and the kernel have it, else SecureRandom.
     *
     * @return the source for this machine
     */
    static CryptoSource select() {
        try {
            if (GetRandom.available()) {
                return new Kernel();
            }
        } catch (RuntimeException | LinkageError unavailable) {
            return new Jdk(new SecureRandom());
        }
        return new Jdk(new SecureRandom());
    }

    /**
     * Fills a writable segment, native or heap, completely.
     *
     * @param target the memory to fill
     */
    void fill(MemorySegment target);

    /**
     * Returns the name of the source, for reports.
     *
     * @return {@code "getrandom"} or {@code "securerandom"}
     */
    String label();

    /** The kernel's bytes through getrandom. */
    final class Kernel implements CryptoSource {
        private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(
                () -> Arena.ofAuto().allocate(CHUNK));

        private final GetRandom.Call call;

        Kernel() {
            this(GetRandom::call);
        }

        Kernel(GetRandom.Call call) {
            this.call = call;
        }

        @Override
        public void fill(MemorySegment target) {
            if (target.isNative()) {
                GetRandom.fill(target, call);
                return;
            }
            MemorySegment scratch = SCRATCH.get();
            for (long offset = 0; offset < target.byteSize(); offset += CHUNK) {
                long length = Math.min(CHUNK, target.byteSize() - offset);
                MemorySegment piece = scratch.asSlice(0, length);
                GetRandom.fill(piece, call);
                MemorySegment.copy(piece, 0, target, offset, length);
                piece.fill((byte) 0);
            }
        }

        @Override
        public String label() {
            return "getrandom";
        }
    }

    /** The JDK's SecureRandom, where getrandom is missing. */
    final class Jdk implements CryptoSource {
        private final SecureRandom random;

        Jdk(SecureRandom random) {
            this.random = random;
        }

        @Override
        public void fill(MemorySegment target) {
            byte[] chunk = new byte[(int) Math.min(CHUNK, target.byteSize())];
            for (long offset = 0; offset < target.byteSize(); offset += chunk.length) {
                int length = (int) Math.min(chunk.length, target.byteSize() - offset);
                random.nextBytes(chunk);
                MemorySegment.copy(chunk, 0, target, ValueLayout.JAVA_BYTE, offset, length);
            }
            Arrays.fill(chunk, (byte) 0);
        }

        @Override
        public String label() {
            return "securerandom";
        }
    }
}

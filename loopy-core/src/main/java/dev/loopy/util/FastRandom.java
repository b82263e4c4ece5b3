package dev.loopy.util;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A fast, small, non-cryptographic random generator: xoshiro256** (Blackman and Vigna),
 * 256 bits of state, period 2^256 - 1, seeded through SplitMix64.
 *
 * <p>Not for secrets: its output can be predicted from a few values seen. Use
 * {@link Random} for keys, tokens and nonces. Use this for sampling, jitter, shuffling,
 * load generation and test data, where speed matters and a given seed must give the same
 * sequence on every run and machine.
 *
 * <p>One thread at a time: an instance is not safe for concurrent use; give each thread
 * its own. The {@link RandomGenerator} methods ({@code nextInt(bound)},
 * {@code nextDouble()} and so on) are all derived from {@link #nextLong()}. Bytes are
 * produced eight at a time from successive {@code nextLong()} values in little-endian
 * order, so a fill of {@code n} bytes uses {@code ceil(n / 8)} values.
 */
public final class FastRandom implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    /**
     * Creates a generator whose sequence is fixed by the seed.
     *
     * @param seed any value; the four state words are the first four SplitMix64 outputs
     */
    public FastRandom(long seed) {
        long state = seed;
        s0 = splitMix64(state += GOLDEN_GAMMA);
        s1 = splitMix64(state += GOLDEN_GAMMA);
        s2 = splitMix64(state += GOLDEN_GAMMA);
        s3 = splitMix64(state + GOLDEN_GAMMA);
    }

    /** Creates a generator from raw state words, not all zero; for reference vectors. */
    FastRandom(long s0, long s1, long s2, long s3) {
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    /**
     * Creates a generator seeded from {@link Random}, different on every call.
     *
     * @return a new generator
     */
    public static FastRandom create() {
        return new FastRandom(Random.nextLong());
    }

    /**
     * Returns the SplitMix64 output function of a state: a bijection that scrambles bits.
     *
     * @param state the state, already advanced by the golden gamma
     * @return the scrambled value
     */
    static long splitMix64(long state) {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Returns the next value of the sequence.
     *
     * @return 64 random bits
     */
    @Override
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long shifted = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= shifted;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /**
     * Fills an array with random bytes.
     *
     * @param bytes the array, not null
     * @throws NullPointerException if bytes is null
     */
    @Override
    public void nextBytes(byte[] bytes) {
        fill(bytes);
    }

    /**
     * Fills an array with random bytes.
     *
     * @param bytes the array, not null
     * @throws NullPointerException if bytes is null
     */
    public void fill(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        fill(bytes, 0, bytes.length);
    }

    /**
     * Fills part of an array with random bytes, leaving the rest as it is.
     *
     * @param bytes the array, not null
     * @param offset the first index to fill, at least 0
     * @param length how many bytes, at least 0, with offset + length at most bytes.length
     * @throws NullPointerException if bytes is null
     * @throws IllegalArgumentException if the range does not lie within the array
     */
    public void fill(byte[] bytes, int offset, int length) {
        write(Targets.of(bytes, offset, length));
    }

    /**
     * Fills a buffer's remaining bytes and moves its position to its limit.
     *
     * @param buffer a writable buffer, not null
     * @throws NullPointerException if buffer is null
     * @throws IllegalArgumentException if the buffer is read-only
     */
    public void fill(ByteBuffer buffer) {
        write(Targets.of(buffer));
        buffer.position(buffer.limit());
    }

    /**
     * Fills a whole segment with random bytes.
     *
     * @param segment a writable segment, not null
     * @throws NullPointerException if segment is null
     * @throws IllegalArgumentException if the segment is read-only
     */
    public void fill(MemorySegment segment) {
        write(Targets.of(segment));
    }

    private void write(MemorySegment target) {
        long size = target.byteSize();
        long offset = 0;
        for (; offset + Long.BYTES <= size; offset += Long.BYTES) {
            target.set(LONG_LE, offset, nextLong());
        }
        if (offset < size) {
            long last = nextLong();
            for (; offset < size; offset++) {
                target.set(ValueLayout.JAVA_BYTE, offset, (byte) last);
                last >>>= Byte.SIZE;
            }
        }
    }
}

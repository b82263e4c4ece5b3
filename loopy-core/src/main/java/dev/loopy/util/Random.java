package dev.loopy.util;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import dev.loopy.LoopyException;
import dev.loopy.Status;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Cryptographically strong random bytes from the operating system, for keys, tokens,
 * nonces and seeds.
 *
 * <p>Any thread may call any method, concurrently. On Linux the bytes come from the
 * {@code getrandom(2)} system call (flags 0: the urandom pool, which blocks only until it
 * has been seeded once after boot); a call interrupted by a signal or cut short is
 * repeated until the target is full. Where the C library or the kernel lacks getrandom
 * (other systems, Linux before 3.17), the bytes come from the JDK's default
 * {@link java.security.SecureRandom} instead; {@link #source()} says which is in use.
 *
 * <p>The synchronous methods make a system call on the calling thread, one per 4 KiB for
 * heap memory and one in all for native memory: do not call them on a loop thread for
 * large amounts; {@link #bytesAsync} computes the bytes off the loop and delivers them on
 * it. For many non-secret random numbers, {@link FastRandom} is much cheaper.
 *
 * <p>Limitations: the asynchronous requests of the whole process are served one after
 * another by one daemon platform thread, started on first use and kept for the life of
 * the process.
 */
public final class Random {
    private static final System.Logger LOG = System.getLogger(Random.class.getName());
    private static final CryptoSource SOURCE = CryptoSource.select();
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private Random() {
    }

    /**
     * Returns where the bytes come from on this machine.
     *
     * @return {@code "getrandom"}, or {@code "securerandom"} where getrandom is missing
     */
    public static String source() {
        return SOURCE.label();
    }

    /**
     * Fills an array with random bytes.
     *
     * @param bytes the array, not null
     * @throws NullPointerException if bytes is null
     * @throws dev.loopy.NativeException if getrandom fails
     */
    public static void fill(byte[] bytes) {
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
     * @throws dev.loopy.NativeException if getrandom fails
     */
    public static void fill(byte[] bytes, int offset, int length) {
        SOURCE.fill(Targets.of(bytes, offset, length));
    }

    /**
     * Fills a buffer's remaining bytes, from its position to its limit, and moves its
     * position to its limit.
     *
     * @param buffer a writable buffer, heap or direct, not null
     * @throws NullPointerException if buffer is null
     * @throws IllegalArgumentException if the buffer is read-only
     * @throws dev.loopy.NativeException if getrandom fails
     */
    public static void fill(ByteBuffer buffer) {
        SOURCE.fill(Targets.of(buffer));
        buffer.position(buffer.limit());
    }

    /**
     * Fills a whole segment with random bytes; native memory is filled in place.
     *
     * @param segment a writable segment, native or heap, not null
     * @throws NullPointerException if segment is null
     * @throws IllegalArgumentException if the segment is read-only
     * @throws dev.loopy.NativeException if getrandom fails
     */
    public static void fill(MemorySegment segment) {
        SOURCE.fill(Targets.of(segment));
    }

    /**
     * Returns a new array of random bytes.
     *
     * @param length the length, at least 0
     * @return the array
     * @throws IllegalArgumentException if length is negative
     * @throws dev.loopy.NativeException if getrandom fails
     */
    public static byte[] bytes(int length) {
        byte[] bytes = new byte[Targets.length(length)];
        fill(bytes);
        return bytes;
    }

    /**
     * Returns a random {@code long}, every value equally likely.
     *
     * @return the value
     * @throws dev.loopy.NativeException if getrandom fails
     */
    public static long nextLong() {
        byte[] eight = new byte[Long.BYTES];
        fill(eight);
        return MemorySegment.ofArray(eight).get(LONG, 0);
    }

    /**
     * Draws random bytes on another thread and hands them to a callback on the loop's
     * thread. Any thread may call this.
     *
     * <p>The callback is called exactly once if the loop is still open when the bytes are
     * ready; if the loop has been closed by then, it is not called at all.
     *
     * @param loop the loop to deliver on, not null and not closed
     * @param length how many bytes, at least 0
     * @param callback called on the loop's thread with the bytes or the failure, not null
     * @throws NullPointerException if loop or callback is null
     * @throws IllegalArgumentException if length is negative
     * @throws ClosedException if the loop is closed
     */
    public static void bytesAsync(Loop loop, int length, RandomCallback callback) {
        bytesAsync(loop, length, callback, SOURCE);
    }

    static void bytesAsync(Loop loop, int length, RandomCallback callback,
            CryptoSource source) {
        Objects.requireNonNull(loop, "loop");
        Targets.length(length);
        Objects.requireNonNull(callback, "callback");
        if (loop.isClosed()) {
            throw new ClosedException("loop is closed (bytesAsync)");
        }
        Worker.EXECUTOR.execute(() -> draw(loop, length, callback, source));
    }

    private static void draw(Loop loop, int length, RandomCallback callback,
            CryptoSource source) {
        byte[] bytes = new byte[length];
        LoopyException failure = null;
        try {
            source.fill(MemorySegment.ofArray(bytes));
        } catch (LoopyException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new LoopyException(Status.ERROR, "random bytes could not be drawn (length="
                    + length + ")", LoopyException.NO_ERRNO, null, e);
        }
        deliver(loop, callback, failure == null ? bytes : null, failure);
    }

    private static void deliver(Loop loop, RandomCallback callback, byte[] bytes,
            LoopyException failure) {
        try {
            loop.execute(() -> callback.onRandom(bytes, failure));
        } catch (ClosedException closed) {
            LOG.log(System.Logger.Level.DEBUG, "random bytes dropped: loop closed first");
        }
    }

    /** The thread that serves {@link #bytesAsync}, created on first use. */
    private static final class Worker {
        static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("loopy-random").factory());
    }
}

package dev.loopy.cli.stress;

import java.nio.ByteBuffer;

/**
 * One numbered message of a source, with a checksum of both numbers so that a message
 * damaged on its way is told apart from one lost.
 *
 * <p>Immutable; any thread. {@link #encode()} and {@link #decode(byte[])} carry it as
 * {@link #BYTES} bytes for transports that move byte arrays.
 *
 * @param source the sender, at least 0
 * @param sequence the sender's number for it, from 0 up
 * @param checksum {@link #checksumOf(int, long)} when intact
 */
public record StressMessage(int source, long sequence, long checksum) {
    /** The encoded length. */
    public static final int BYTES = Integer.BYTES + 2 * Long.BYTES;

    /**
     * Creates an intact message.
     *
     * @param source the sender
     * @param sequence the sender's number for it
     * @return the message
     */
    public static StressMessage of(int source, long sequence) {
        return new StressMessage(source, sequence, checksumOf(source, sequence));
    }

    /**
     * Returns the checksum an intact message carries: a 64-bit mix of both numbers.
     *
     * @param source the sender
     * @param sequence the sender's number for the message
     * @return the checksum
     */
    public static long checksumOf(int source, long sequence) {
        long mixed = (sequence + 0x632BE59BD9B4E019L) * 0x9E3779B97F4A7C15L;
        mixed ^= (long) source << 40 | source;
        mixed = (mixed ^ (mixed >>> 29)) * 0xBF58476D1CE4E5B9L;
        return mixed ^ (mixed >>> 32);
    }

    /**
     * Reads a message written by {@link #encode()}.
     *
     * @param bytes at least {@link #BYTES} bytes
     * @return the message, intact or not
     * @throws IllegalArgumentException if bytes is shorter
     */
    public static StressMessage decode(byte[] bytes) {
        if (bytes.length < BYTES) {
            throw new IllegalArgumentException("bytes.length=" + bytes.length
                    + " (expected >= " + BYTES + ")");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new StressMessage(buffer.getInt(), buffer.getLong(), buffer.getLong());
    }

    /**
     * Writes this message as {@link #BYTES} bytes, big-endian.
     *
     * @return a new array
     */
    public byte[] encode() {
        return ByteBuffer.allocate(BYTES).putInt(source).putLong(sequence).putLong(checksum)
                .array();
    }

    /**
     * Tells whether the checksum matches the numbers.
     *
     * @return true if intact
     */
    public boolean intact() {
        return checksum == checksumOf(source, sequence);
    }
}

package dev.loopy.util;

/**
 * The sliding window log: at most {@code limit} permits in any interval of
 * {@code window} ns, kept as the admission time of each permit still inside the window.
 *
 * <p>Called only under the stripe monitor (see {@link LimitRule}). A permit admitted at
 * {@code t} counts against every request made before {@code t + window}. A refused request
 * for {@code p} permits, with {@code n} permits in the window, may retry when the oldest
 * {@code n + p - limit} of them have left it, which the log tells exactly.
 *
 * <p>The log of a key is a ring of {@code long}s, one per permit, grown by doubling as the
 * key uses more, up to {@code limit} entries; it is kept when the key's slot is reused.
 */
final class SlidingWindowRule implements LimitRule<SlidingWindowRule.Log> {
    /** The largest limit accepted: the log of one key stays under 8 MiB. */
    static final long MAX_LIMIT = 1L << 20;

    private static final int FIRST_CAPACITY = 4;

    /** The state of one key: admission times in a ring, oldest at {@code head}. */
    static final class Log {
        long[] admittedNs = new long[0];
        int head;
        int count;
    }

    private final int limit;
    private final long windowNs;

    SlidingWindowRule(long limit, long windowNs) {
        if (limit > MAX_LIMIT) {
            throw new IllegalArgumentException("permits=" + limit
                    + " (expected at most " + MAX_LIMIT + " for sliding_window)");
        }
        this.limit = (int) limit;
        this.windowNs = windowNs;
    }

    @Override
    public Log newState() {
        return new Log();
    }

    @Override
    public void rest(Log log, long nowNs) {
        log.head = 0;
        log.count = 0;
    }

    @Override
    public long maxPermits() {
        return limit;
    }

    @Override
    public long decide(Log log, int permits, long nowNs, boolean consume) {
        expire(log, nowNs);
        int mustLeave = log.count + permits - limit;
        if (mustLeave > 0) {
            long lastToLeaveNs = log.admittedNs[position(log, mustLeave - 1)];
            return lastToLeaveNs + windowNs - nowNs;
        }
        if (consume) {
            append(log, permits, nowNs);
        }
        return RateLimiter.ADMITTED;
    }

    /** Drops the permits that left the window; they would never count again. */
    private void expire(Log log, long nowNs) {
        while (log.count > 0 && nowNs - log.admittedNs[log.head] >= windowNs) {
            log.head = position(log, 1);
            log.count--;
        }
    }

    private void append(Log log, int permits, long nowNs) {
        int needed = log.count + permits;
        if (needed > log.admittedNs.length) {
            grow(log, needed);
        }
        long stampNs = log.count == 0
                ? nowNs : Math.max(nowNs, log.admittedNs[position(log, log.count - 1)]);
        for (int i = 0; i < permits; i++) {
            log.admittedNs[position(log, log.count)] = stampNs;
            log.count++;
        }
    }

    private void grow(Log log, int needed) {
        long doubled = Math.max(FIRST_CAPACITY, 2L * log.admittedNs.length);
        int capacity = (int) Math.min(limit, Math.max(needed, doubled));
        long[] ring = new long[capacity];
        for (int i = 0; i < log.count; i++) {
            ring[i] = log.admittedNs[position(log, i)];
        }
        log.admittedNs = ring;
        log.head = 0;
    }

    /** Returns the ring position of the {@code nth} oldest entry, counting from 0. */
    private static int position(Log log, int nth) {
        int position = log.head + nth;
        int length = log.admittedNs.length;
        return position >= length ? position - length : position;
    }
}

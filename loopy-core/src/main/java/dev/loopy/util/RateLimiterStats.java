package dev.loopy.util;

/**
 * A snapshot of a {@link RateLimiter}'s counters since it was created.
 *
 * <p>Taken with {@link RateLimiter#stats()} from any thread. The counters are read one lock
 * stripe after another, so a snapshot taken under load is not one instant, but each
 * counter is exact for the calls it includes.
 *
 * @param allowed the number of acquire calls that were admitted
 * @param denied the number of acquire calls that were refused
 * @param keys the number of keys whose state is held now
 * @param evictions the number of keys dropped to make room for new ones
 */
public record RateLimiterStats(long allowed, long denied, int keys, long evictions) {
}

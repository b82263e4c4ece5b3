package dev.loopy.util;

/**
 * A snapshot of a {@link ConcurrencyLimiter}'s counters since it was created.
 *
 * <p>Taken with {@link ConcurrencyLimiter#stats()} from any thread; under load the counters
 * are read one after another, not at one instant.
 *
 * @param acquired the slots taken
 * @param keyLimited the acquires refused because the key was at its limit
 * @param globalLimited the acquires refused because the limiter was at its limit
 * @param released the slots given back
 * @param inFlight the slots held now
 * @param peakInFlight the most slots held at once
 * @param keys the keys holding at least one slot now
 */
public record ConcurrencyStats(long acquired, long keyLimited, long globalLimited,
        long released, int inFlight, int peakInFlight, int keys) {
}

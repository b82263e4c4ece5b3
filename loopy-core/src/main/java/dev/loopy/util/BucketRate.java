package dev.loopy.util;

/**
 * The exact integer arithmetic of the two bucket algorithms.
 *
 * <p>Immutable; any thread. A rate of {@code permits} per {@code periodNs} is kept in
 * scaled units so that refill is exact and never rounds: one permit is
 * {@code unitsPerPermit} units, and every nanosecond adds (or drains) {@code unitsPerNs}
 * units. The ratio is reduced by the greatest common divisor to leave room for large
 * bursts.
 *
 * @param unitsPerNs the units refilled or drained per nanosecond, at least 1
 * @param unitsPerPermit the units one permit costs, at least 1
 * @param capacityUnits the size of the bucket in units, burst times unitsPerPermit
 * @param burst the size of the bucket in permits
 */
record BucketRate(long unitsPerNs, long unitsPerPermit, long capacityUnits, long burst) {
    static BucketRate of(long permits, long periodNs, long burst) {
        long divisor = gcd(permits, periodNs);
        long unitsPerNs = permits / divisor;
        long unitsPerPermit = periodNs / divisor;
        try {
            long capacity = Math.multiplyExact(burst, unitsPerPermit);
            Math.addExact(capacity, unitsPerNs);
            return new BucketRate(unitsPerNs, unitsPerPermit, capacity, burst);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("burst=" + burst + " with rate=" + permits
                    + "/" + periodNs + "ns (expected burst * period / gcd to fit in 63 bits)",
                    overflow);
        }
    }

    /** Returns the units a request for {@code permits} costs. */
    long units(int permits) {
        return permits * unitsPerPermit;
    }

    /**
     * Moves a level towards capacity by the elapsed time, saturating at capacity.
     *
     * @param level the level at the last update, in units
     * @param elapsedNs the time since then, clamped at 0
     * @return the level refilled towards capacity
     */
    long refill(long level, long elapsedNs) {
        if (elapsedNs <= 0) {
            return level;
        }
        long room = capacityUnits - level;
        if (elapsedNs >= Limits.ceilDiv(room, unitsPerNs)) {
            return capacityUnits;
        }
        return level + elapsedNs * unitsPerNs;
    }

    /**
     * Moves a level towards zero by the elapsed time, saturating at zero.
     *
     * @param level the level at the last update, in units
     * @param elapsedNs the time since then, clamped at 0
     * @return the level drained towards zero
     */
    long drain(long level, long elapsedNs) {
        if (elapsedNs <= 0) {
            return level;
        }
        if (elapsedNs >= Limits.ceilDiv(level, unitsPerNs)) {
            return 0;
        }
        return level - elapsedNs * unitsPerNs;
    }

    /** Returns the nanoseconds until {@code deficit} units have been refilled or drained. */
    long waitNs(long deficitUnits) {
        return Limits.ceilDiv(deficitUnits, unitsPerNs);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long rest = a % b;
            a = b;
            b = rest;
        }
        return a;
    }
}

package dev.loopy.util;

/**
 * The leaky bucket as a meter: admitted permits pour in, the bucket drains continuously,
 * and a request is admitted when its permits fit under {@code burst}.
 *
 * <p>Called only under the stripe monitor (see {@link LimitRule}). The level is kept in the
 * exact units of {@link BucketRate}: after {@code t} ns it is exactly
 * {@code max(0, level - t * rate)}.
 */
final class LeakyBucketRule implements LimitRule<LeakyBucketRule.Meter> {
    /** The state of one key. */
    static final class Meter {
        long levelUnits;
        long updatedNs;
    }

    private final BucketRate rate;

    LeakyBucketRule(BucketRate rate) {
        this.rate = rate;
    }

    @Override
    public Meter newState() {
        return new Meter();
    }

    @Override
    public void rest(Meter meter, long nowNs) {
        meter.levelUnits = 0;
        meter.updatedNs = nowNs;
    }

    @Override
    public long maxPermits() {
        return rate.burst();
    }

    @Override
    public long decide(Meter meter, int permits, long nowNs, boolean consume) {
        long elapsedNs = nowNs - meter.updatedNs;
        long level = rate.drain(meter.levelUnits, elapsedNs);
        long cost = rate.units(permits);
        long room = rate.capacityUnits() - level;
        if (cost > room) {
            return rate.waitNs(cost - room);
        }
        if (consume) {
            meter.levelUnits = level + cost;
            meter.updatedNs = Math.max(nowNs, meter.updatedNs);
        }
        return RateLimiter.ADMITTED;
    }
}

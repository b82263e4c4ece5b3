package dev.loopy.util;

/**
 * The token bucket: a bucket of up to {@code burst} permits that refills continuously.
 *
 * <p>Called only under the stripe monitor (see {@link LimitRule}). The level is kept in the
 * exact units of {@link BucketRate}, so no fraction of a permit is ever lost to rounding:
 * the bucket after {@code t} ns holds exactly {@code min(capacity, level + t * rate)}.
 */
final class TokenBucketRule implements LimitRule<TokenBucketRule.Bucket> {
    /** The state of one key. */
    static final class Bucket {
        long tokenUnits;
        long updatedNs;
    }

    private final BucketRate rate;

    TokenBucketRule(BucketRate rate) {
        this.rate = rate;
    }

    @Override
    public Bucket newState() {
        return new Bucket();
    }

    @Override
    public void rest(Bucket bucket, long nowNs) {
        bucket.tokenUnits = rate.capacityUnits();
        bucket.updatedNs = nowNs;
    }

    @Override
    public long maxPermits() {
        return rate.burst();
    }

    @Override
    public long decide(Bucket bucket, int permits, long nowNs, boolean consume) {
        long elapsedNs = nowNs - bucket.updatedNs;
        long tokens = rate.refill(bucket.tokenUnits, elapsedNs);
        long cost = rate.units(permits);
        if (tokens < cost) {
            return rate.waitNs(cost - tokens);
        }
        if (consume) {
            bucket.tokenUnits = tokens - cost;
            bucket.updatedNs = Math.max(nowNs, bucket.updatedNs);
        }
        return RateLimiter.ADMITTED;
    }
}

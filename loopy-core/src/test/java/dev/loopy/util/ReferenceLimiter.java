package dev.loopy.util;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately plain model of each algorithm, for comparison with the real limiters:
 * unbounded integers, lists of admissions, a brute-force search for the retry-after, and a
 * LinkedHashMap in access order for eviction (exact when the limiter has one stripe).
 */
final class ReferenceLimiter {
    private final RateLimitAlgorithm algorithm;
    private final long permits;
    private final long periodNs;
    private final long burst;
    private final long originNs;
    private final Map<String, KeyModel> keys;

    ReferenceLimiter(RateLimitAlgorithm algorithm, long permits, long periodNs, long burst,
            int maxKeys, long originNs) {
        this.algorithm = algorithm;
        this.permits = permits;
        this.periodNs = periodNs;
        this.burst = burst;
        this.originNs = originNs;
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, KeyModel> eldest) {
                return size() > maxKeys;
            }
        };
    }

    long tryAcquire(String key, int asked, long nowNs) {
        KeyModel model = keys.computeIfAbsent(key, k -> newModel(nowNs));
        return decide(model, asked, nowNs, true);
    }

    long peek(String key, int asked, long nowNs) {
        KeyModel model = withoutTouching(key);
        return decide(model == null ? newModel(nowNs) : model, asked, nowNs, false);
    }

    int size() {
        return keys.size();
    }

    /** Finds a key's model without moving it in the access order, as a peek must not. */
    private KeyModel withoutTouching(String key) {
        for (Map.Entry<String, KeyModel> entry : keys.entrySet()) {
            if (entry.getKey().equals(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private long decide(KeyModel model, int asked, long nowNs, boolean consume) {
        if (asked > model.maxPermits()) {
            return RateLimiter.NEVER;
        }
        long outcome = model.waitNs(asked, nowNs);
        if (outcome == RateLimiter.ADMITTED && consume) {
            model.take(asked, nowNs);
        }
        return outcome;
    }

    private KeyModel newModel(long nowNs) {
        return switch (algorithm) {
            case TOKEN_BUCKET -> new TokenModel(nowNs);
            case LEAKY_BUCKET -> new LeakyModel(nowNs);
            case FIXED_WINDOW -> new FixedModel();
            case SLIDING_WINDOW -> new SlidingModel();
        };
    }

    private interface KeyModel {
        long maxPermits();

        long waitNs(int asked, long nowNs);

        void take(int asked, long nowNs);
    }

    /** Tokens times periodNs; grows by {@code permits} every ns, up to burst times periodNs. */
    private final class TokenModel implements KeyModel {
        private BigInteger scaled;
        private long lastNs;

        TokenModel(long nowNs) {
            scaled = big(burst).multiply(big(periodNs));
            lastNs = nowNs;
        }

        @Override
        public long maxPermits() {
            return burst;
        }

        private BigInteger at(long nowNs) {
            BigInteger grown = scaled.add(big(nowNs - lastNs).multiply(big(permits)));
            return grown.min(big(burst).multiply(big(periodNs)));
        }

        @Override
        public long waitNs(int asked, long nowNs) {
            BigInteger need = big(asked).multiply(big(periodNs));
            BigInteger have = at(nowNs);
            if (have.compareTo(need) >= 0) {
                return RateLimiter.ADMITTED;
            }
            return ceil(need.subtract(have), big(permits));
        }

        @Override
        public void take(int asked, long nowNs) {
            scaled = at(nowNs).subtract(big(asked).multiply(big(periodNs)));
            lastNs = nowNs;
        }
    }

    /** Queued work times periodNs; shrinks by {@code permits} every ns, down to zero. */
    private final class LeakyModel implements KeyModel {
        private BigInteger scaled = BigInteger.ZERO;
        private long lastNs;

        LeakyModel(long nowNs) {
            lastNs = nowNs;
        }

        @Override
        public long maxPermits() {
            return burst;
        }

        private BigInteger at(long nowNs) {
            return scaled.subtract(big(nowNs - lastNs).multiply(big(permits)))
                    .max(BigInteger.ZERO);
        }

        @Override
        public long waitNs(int asked, long nowNs) {
            BigInteger after = at(nowNs).add(big(asked).multiply(big(periodNs)));
            BigInteger excess = after.subtract(big(burst).multiply(big(periodNs)));
            if (excess.signum() <= 0) {
                return RateLimiter.ADMITTED;
            }
            return ceil(excess, big(permits));
        }

        @Override
        public void take(int asked, long nowNs) {
            scaled = at(nowNs).add(big(asked).multiply(big(periodNs)));
            lastNs = nowNs;
        }
    }

    private record Admission(long atNs, int permits) {
    }

    /** Every admission kept; the window of a time is found by division from the origin. */
    private final class FixedModel implements KeyModel {
        private final List<Admission> admissions = new ArrayList<>();

        @Override
        public long maxPermits() {
            return permits;
        }

        @Override
        public long waitNs(int asked, long nowNs) {
            long window = Math.floorDiv(nowNs - originNs, periodNs);
            long used = 0;
            for (Admission admission : admissions) {
                if (Math.floorDiv(admission.atNs() - originNs, periodNs) == window) {
                    used += admission.permits();
                }
            }
            if (used + asked <= permits) {
                return RateLimiter.ADMITTED;
            }
            return originNs + (window + 1) * periodNs - nowNs;
        }

        @Override
        public void take(int asked, long nowNs) {
            admissions.add(new Admission(nowNs, asked));
        }
    }

    /** Every admission kept; the retry-after is the first expiry at which the request fits. */
    private final class SlidingModel implements KeyModel {
        private final List<Admission> admissions = new ArrayList<>();

        @Override
        public long maxPermits() {
            return permits;
        }

        private long inWindow(long nowNs) {
            long count = 0;
            for (Admission admission : admissions) {
                if (nowNs - admission.atNs() < periodNs) {
                    count += admission.permits();
                }
            }
            return count;
        }

        @Override
        public long waitNs(int asked, long nowNs) {
            if (inWindow(nowNs) + asked <= permits) {
                return RateLimiter.ADMITTED;
            }
            long best = Long.MAX_VALUE;
            for (Admission admission : admissions) {
                long delayNs = admission.atNs() + periodNs - nowNs;
                if (delayNs > 0 && delayNs < best
                        && inWindow(nowNs + delayNs) + asked <= permits) {
                    best = delayNs;
                }
            }
            return best;
        }

        @Override
        public void take(int asked, long nowNs) {
            admissions.add(new Admission(nowNs, asked));
        }
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    private static long ceil(BigInteger dividend, BigInteger divisor) {
        BigInteger[] quotientAndRemainder = dividend.divideAndRemainder(divisor);
        BigInteger quotient = quotientAndRemainder[0];
        if (quotientAndRemainder[1].signum() > 0) {
            quotient = quotient.add(BigInteger.ONE);
        }
        return quotient.longValueExact();
    }
}

package dev.loopy.util;

/**
 * The fixed window: at most {@code limit} permits per window, windows laid end to end from
 * the limiter's creation.
 *
 * <p>Called only under the stripe monitor (see {@link LimitRule}). Window {@code n} covers
 * {@code [origin + n * window, origin + (n + 1) * window)}; a refused request may retry at
 * the start of the next window.
 */
final class FixedWindowRule implements LimitRule<FixedWindowRule.Window> {
    /** The state of one key. */
    static final class Window {
        long number;
        long usedPermits;
    }

    private final long limit;
    private final long windowNs;
    private final long originNs;

    FixedWindowRule(long limit, long windowNs, long originNs) {
        this.limit = limit;
        this.windowNs = windowNs;
        this.originNs = originNs;
    }

    @Override
    public Window newState() {
        return new Window();
    }

    @Override
    public void rest(Window window, long nowNs) {
        window.number = windowOf(nowNs);
        window.usedPermits = 0;
    }

    @Override
    public long maxPermits() {
        return limit;
    }

    @Override
    public long decide(Window window, int permits, long nowNs, boolean consume) {
        long number = Math.max(window.number, windowOf(nowNs));
        long used = number == window.number ? window.usedPermits : 0;
        if (used + permits > limit) {
            return originNs + (number + 1) * windowNs - nowNs;
        }
        if (consume) {
            window.number = number;
            window.usedPermits = used + permits;
        }
        return RateLimiter.ADMITTED;
    }

    private long windowOf(long nowNs) {
        return Math.floorDiv(nowNs - originNs, windowNs);
    }
}

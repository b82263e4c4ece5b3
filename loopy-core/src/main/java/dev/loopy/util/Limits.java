package dev.loopy.util;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the limiters. Any thread. */
final class Limits {
    private Limits() {
    }

    static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + "=" + value + " (expected > 0)");
        }
        return value;
    }

    static int permits(int permits) {
        if (permits <= 0) {
            throw new IllegalArgumentException("permits=" + permits + " (expected > 0)");
        }
        return permits;
    }

    static long toNanos(Duration period) {
        Objects.requireNonNull(period, "period");
        try {
            return period.toNanos();
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException("period=" + period
                    + " (expected at most " + Long.MAX_VALUE + " ns)", tooLong);
        }
    }

    /** Returns ceil(dividend / divisor) for a non-negative dividend and a positive divisor. */
    static long ceilDiv(long dividend, long divisor) {
        return Math.ceilDiv(dividend, divisor);
    }
}

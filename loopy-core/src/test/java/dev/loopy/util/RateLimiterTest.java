package dev.loopy.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RateLimiterTest {
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long MS_NS = 1_000_000L;

    private final ManualClock clock = new ManualClock();

    private RateLimiter<String> limiter(RateLimitAlgorithm algorithm, long permits) {
        return RateLimiter.builder(algorithm, permits, Duration.ofSeconds(1))
                .clock(clock).build();
    }

    private RateLimiter<String> bucket(RateLimitAlgorithm algorithm, long rate, long burst) {
        return RateLimiter.builder(algorithm, rate, Duration.ofSeconds(1)).burst(burst)
                .clock(clock).build();
    }

    @Test
    void aFreshTokenBucketAdmitsItsBurstThenRefusesUntilTheNextToken() {
        RateLimiter<String> limiter = bucket(RateLimitAlgorithm.TOKEN_BUCKET, 10, 5);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("a")).isEqualTo(RateLimiter.ADMITTED);
        }

        assertThat(limiter.tryAcquire("a")).isEqualTo(100 * MS_NS);
    }

    @Test
    void aTokenBucketRefillsContinuouslyWithoutLosingFractions() {
        RateLimiter<String> limiter = bucket(RateLimitAlgorithm.TOKEN_BUCKET, 3, 3);
        limiter.tryAcquire("a", 3);

        clock.advanceNs(SECOND_NS / 3);
        clock.advanceNs(SECOND_NS / 3);

        assertThat(limiter.tryAcquire("a", 1)).isEqualTo(RateLimiter.ADMITTED);
        assertThat(limiter.tryAcquire("a", 1)).isEqualTo(1L);
    }

    @Test
    void aTokenBucketNeverHoldsMoreThanItsBurst() {
        RateLimiter<String> limiter = bucket(RateLimitAlgorithm.TOKEN_BUCKET, 100, 4);
        limiter.tryAcquire("a", 4);

        clock.advance(Duration.ofDays(365));

        assertThat(limiter.tryAcquire("a", 4)).isEqualTo(RateLimiter.ADMITTED);
        assertThat(limiter.tryAcquire("a")).isEqualTo(10 * MS_NS);
    }

    @Test
    void aLeakyBucketAdmitsItsDepthThenOnePermitPerDrainInterval() {
        RateLimiter<String> limiter = bucket(RateLimitAlgorithm.LEAKY_BUCKET, 100, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("a")).isEqualTo(RateLimiter.ADMITTED);
        }
        assertThat(limiter.tryAcquire("a")).isEqualTo(10 * MS_NS);

        clock.advanceNs(10 * MS_NS);

        assertThat(limiter.tryAcquire("a")).isEqualTo(RateLimiter.ADMITTED);
        assertThat(limiter.tryAcquire("a")).isEqualTo(10 * MS_NS);
    }

    @Test
    void aFixedWindowRefusesUntilTheNextWindowStarts() {
        RateLimiter<String> limiter = limiter(RateLimitAlgorithm.FIXED_WINDOW, 3);
        clock.advanceNs(400 * MS_NS);
        limiter.tryAcquire("a", 3);

        assertThat(limiter.tryAcquire("a")).isEqualTo(600 * MS_NS);
        clock.advanceNs(600 * MS_NS);
        assertThat(limiter.tryAcquire("a", 3)).isEqualTo(RateLimiter.ADMITTED);
    }

    @Test
    void aFixedWindowIsAnchoredAtTheLimitersCreation() {
        clock.advanceNs(250 * MS_NS);
        RateLimiter<String> limiter = limiter(RateLimitAlgorithm.FIXED_WINDOW, 1);
        limiter.tryAcquire("a");

        clock.advanceNs(900 * MS_NS);

        assertThat(limiter.tryAcquire("a")).isEqualTo(100 * MS_NS);
    }

    @Test
    void aSlidingWindowCountsOnlyThePermitsOfTheLastPeriod() {
        RateLimiter<String> limiter = limiter(RateLimitAlgorithm.SLIDING_WINDOW, 3);
        limiter.tryAcquire("a");
        clock.advanceNs(300 * MS_NS);
        limiter.tryAcquire("a", 2);
        clock.advanceNs(500 * MS_NS);

        assertThat(limiter.tryAcquire("a")).isEqualTo(200 * MS_NS);
        assertThat(limiter.tryAcquire("a", 3)).isEqualTo(500 * MS_NS);
        clock.advanceNs(200 * MS_NS);
        assertThat(limiter.tryAcquire("a")).isEqualTo(RateLimiter.ADMITTED);
    }

    @ParameterizedTest
    @EnumSource(RateLimitAlgorithm.class)
    void aRequestLargerThanTheLimitIsNeverAdmitted(RateLimitAlgorithm algorithm) {
        RateLimiter<String> limiter = limiter(algorithm, 5);

        assertThat(limiter.tryAcquire("a", 6)).isEqualTo(RateLimiter.NEVER);
        assertThat(limiter.peek("a", 6)).isEqualTo(RateLimiter.NEVER);
        assertThat(limiter.tryAcquire("a", 5)).isEqualTo(RateLimiter.ADMITTED);
    }

    @ParameterizedTest
    @EnumSource(RateLimitAlgorithm.class)
    void peekConsumesNothingAndAddsNoKey(RateLimitAlgorithm algorithm) {
        RateLimiter<String> limiter = limiter(algorithm, 2);

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.peek("a")).isEqualTo(RateLimiter.ADMITTED);
        }

        assertThat(limiter.stats()).isEqualTo(new RateLimiterStats(0, 0, 0, 0));
        assertThat(limiter.tryAcquire("a", 2)).isEqualTo(RateLimiter.ADMITTED);
        assertThat(limiter.peek("a")).isPositive();
    }

    @ParameterizedTest
    @EnumSource(RateLimitAlgorithm.class)
    void eachKeyHasItsOwnLimit(RateLimitAlgorithm algorithm) {
        RateLimiter<String> limiter = limiter(algorithm, 1);

        assertThat(limiter.tryAcquire("a")).isEqualTo(RateLimiter.ADMITTED);
        assertThat(limiter.tryAcquire("b")).isEqualTo(RateLimiter.ADMITTED);
        assertThat(limiter.tryAcquire("a")).isPositive();
        assertThat(limiter.tryAcquire("b")).isPositive();
    }

    @Test
    void statsCountAdmittedAndRefusedCallsButNotPeeks() {
        RateLimiter<String> limiter = limiter(RateLimitAlgorithm.TOKEN_BUCKET, 3);

        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("a");
            limiter.peek("a");
        }
        limiter.tryAcquire("b", 4);

        assertThat(limiter.stats()).isEqualTo(new RateLimiterStats(3, 3, 2, 0));
    }

    @Test
    void theLeastRecentlyUsedKeyIsEvictedWhenTheLimiterIsFull() {
        RateLimiter<String> limiter = RateLimiter.builder(RateLimitAlgorithm.FIXED_WINDOW, 1,
                Duration.ofSeconds(1)).maxKeys(2).clock(clock).build();
        limiter.tryAcquire("a");
        limiter.tryAcquire("b");
        limiter.tryAcquire("a");

        limiter.tryAcquire("c");

        assertThat(limiter.peek("a")).isPositive();
        assertThat(limiter.peek("b")).isEqualTo(RateLimiter.ADMITTED);
        assertThat(limiter.stats()).isEqualTo(new RateLimiterStats(3, 1, 2, 1));
    }

    @Test
    void manyDistinctKeysNeverGrowTheLimiterPastItsMaximum() {
        RateLimiter<Integer> limiter = RateLimiter.builder(RateLimitAlgorithm.SLIDING_WINDOW,
                10, Duration.ofSeconds(1)).maxKeys(1_000).clock(clock).build();

        for (int key = 0; key < 100_000; key++) {
            limiter.tryAcquire(key);
        }

        RateLimiterStats stats = limiter.stats();
        assertThat(stats.keys()).isBetween(900, 1_000);
        assertThat(stats.evictions()).isEqualTo(100_000L - stats.keys());
        assertThat(stats.allowed()).isEqualTo(100_000L);
    }

    @Test
    void resetForgetsAKeySoItStartsAfresh() {
        RateLimiter<String> limiter = limiter(RateLimitAlgorithm.TOKEN_BUCKET, 1);
        limiter.tryAcquire("a");

        assertThat(limiter.reset("a")).isTrue();

        assertThat(limiter.reset("a")).isFalse();
        assertThat(limiter.tryAcquire("a")).isEqualTo(RateLimiter.ADMITTED);
    }

    @Test
    void aKeyEvictedAndResetManyTimesKeepsTheTableConsistent() {
        RateLimiter<Integer> limiter = RateLimiter.builder(RateLimitAlgorithm.FIXED_WINDOW, 1,
                Duration.ofSeconds(1)).maxKeys(50).clock(clock).build();

        for (int round = 0; round < 2_000; round++) {
            int key = (round * 7919) % 120;
            if (round % 3 == 0) {
                limiter.reset(key);
            } else {
                limiter.tryAcquire(key);
            }
            assertThat(limiter.peek(key)).isGreaterThanOrEqualTo(RateLimiter.ADMITTED);
        }

        assertThat(limiter.stats().keys()).isLessThanOrEqualTo(50);
    }

    @Test
    void aLimiterWorksOnTheSystemClockByDefault() {
        RateLimiter<String> limiter = RateLimiter.builder(RateLimitAlgorithm.TOKEN_BUCKET, 1,
                Duration.ofHours(1)).build();

        assertThat(limiter.tryAcquire("a")).isEqualTo(RateLimiter.ADMITTED);
        assertThat(limiter.tryAcquire("a")).isPositive();
        assertThat(limiter.algorithm()).isEqualTo(RateLimitAlgorithm.TOKEN_BUCKET);
        assertThat(limiter.maxKeys()).isEqualTo(RateLimiter.DEFAULT_MAX_KEYS);
    }

    @Test
    void algorithmLabelsAreStableLowerCaseNames() {
        assertThat(RateLimitAlgorithm.values()).extracting(RateLimitAlgorithm::label)
                .containsExactly("token_bucket", "leaky_bucket", "fixed_window",
                        "sliding_window");
        assertThat(RateLimiter.isAdmitted(RateLimiter.ADMITTED)).isTrue();
        assertThat(RateLimiter.isAdmitted(5L)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(RateLimitAlgorithm.class)
    void steadyStateAcquiresAllocateNothing(RateLimitAlgorithm algorithm) {
        long[] nowNs = {0};
        RateLimiter<String> limiter = RateLimiter.builder(algorithm, 1_000,
                Duration.ofMillis(1)).maxKeys(8).clock(() -> nowNs[0]).build();
        String[] keys = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
        exercise(limiter, keys, nowNs, 20_000);

        long before = allocatedBytes();
        exercise(limiter, keys, nowNs, 20_000);
        long allocated = allocatedBytes() - before;

        assertThat(allocated).isLessThan(1_024);
    }

    /** Cycles ten keys through a limiter of eight, so that every call evicts or touches. */
    private static void exercise(RateLimiter<String> limiter, String[] keys, long[] nowNs,
            int calls) {
        for (int i = 0; i < calls; i++) {
            String key = keys[i % keys.length];
            limiter.tryAcquire(key, 1 + i % 3);
            limiter.peek(key);
            nowNs[0] += 1_000;
        }
    }

    private static long allocatedBytes() {
        return Allocations.currentThreadBytes();
    }

    @Test
    void badArgumentsAreRefusedWithTheirRule() {
        RateLimiter<String> limiter = limiter(RateLimitAlgorithm.TOKEN_BUCKET, 5);

        assertThatThrownBy(() -> limiter.tryAcquire("a", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits=0 (expected > 0)");
        assertThatThrownBy(() -> limiter.peek("a", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits=-1 (expected > 0)");
        assertThatThrownBy(() -> limiter.tryAcquire(null))
                .isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> limiter.peek(null))
                .isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> limiter.reset(null))
                .isInstanceOf(NullPointerException.class).hasMessage("key");
    }

    @Test
    void badBuilderSettingsAreRefusedWithTheirRule() {
        Duration second = Duration.ofSeconds(1);
        RateLimitAlgorithm token = RateLimitAlgorithm.TOKEN_BUCKET;

        assertThatThrownBy(() -> RateLimiter.builder(null, 1, second))
                .isInstanceOf(NullPointerException.class).hasMessage("algorithm");
        assertThatThrownBy(() -> RateLimiter.builder(token, 0, second))
                .hasMessage("permits=0 (expected > 0)");
        assertThatThrownBy(() -> RateLimiter.builder(token, 1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("period");
        assertThatThrownBy(() -> RateLimiter.builder(token, 1, Duration.ZERO))
                .hasMessage("period=0 (expected > 0)");
        assertThatThrownBy(() -> RateLimiter.builder(token, 1, second).burst(0))
                .hasMessage("burst=0 (expected > 0)");
        assertThatThrownBy(() -> RateLimiter.builder(token, 1, second).maxKeys(0))
                .hasMessage("maxKeys=0 (expected 1..67108864)");
        assertThatThrownBy(() -> RateLimiter.builder(token, 1, second).clock(null))
                .isInstanceOf(NullPointerException.class).hasMessage("clock");
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtBuild() {
        assertThatThrownBy(() -> RateLimiter.builder(RateLimitAlgorithm.FIXED_WINDOW, 1,
                Duration.ofSeconds(1)).burst(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("burst applies to bucket algorithms only (algorithm=fixed_window)");
        assertThatThrownBy(() -> RateLimiter.builder(RateLimitAlgorithm.TOKEN_BUCKET, 1,
                Duration.ofDays(365)).burst(Long.MAX_VALUE / 2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("burst=");
        assertThatThrownBy(() -> RateLimiter.builder(RateLimitAlgorithm.SLIDING_WINDOW,
                SlidingWindowRule.MAX_LIMIT + 1, Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits=1048577 (expected at most 1048576 for sliding_window)");
        assertThatThrownBy(() -> RateLimiter.builder(RateLimitAlgorithm.TOKEN_BUCKET, 1,
                Duration.ofDays(365L * 300)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("period=");
    }
}

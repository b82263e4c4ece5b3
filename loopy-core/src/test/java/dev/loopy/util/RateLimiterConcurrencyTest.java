package dev.loopy.util;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopy.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many threads on one limiter, lined up by a latch: no algorithm ever over-admits. */
class RateLimiterConcurrencyTest {
    private static final int THREADS = 6;
    private static final int ATTEMPTS = 5_000;
    private static final long LIMIT = 1_000;
    private static final long PERIOD_NS = 1_000_000L;

    @ParameterizedTest
    @EnumSource(RateLimitAlgorithm.class)
    void manyThreadsOnOneKeyAreAdmittedExactlyTheLimitWhileTimeStandsStill(
            RateLimitAlgorithm algorithm) throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            RateLimiter<String> limiter = RateLimiter.builder(algorithm, LIMIT,
                    Duration.ofNanos(PERIOD_NS)).clock(new ManualClock()).build();

            long admitted = race(limiter, () -> { });

            assertThat(admitted).isEqualTo(LIMIT);
            assertThat(limiter.stats().allowed()).isEqualTo(LIMIT);
            assertThat(limiter.stats().denied()).isEqualTo(THREADS * ATTEMPTS - LIMIT);
        }
    }

    @ParameterizedTest
    @EnumSource(RateLimitAlgorithm.class)
    void manyThreadsNeverOutrunTheRateWhileTimeMoves(RateLimitAlgorithm algorithm)
            throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            ManualClock clock = new ManualClock();
            RateLimiter<String> limiter = RateLimiter.builder(algorithm, LIMIT,
                    Duration.ofNanos(PERIOD_NS)).clock(clock).build();

            long admitted = race(limiter, () -> clock.advanceNs(PERIOD_NS / 2_000));

            long periods = Math.ceilDiv(clock.nanoTime(), PERIOD_NS);
            assertThat(periods).isEqualTo(THREADS * ATTEMPTS / 2_000);
            assertThat(admitted).isBetween(LIMIT, LIMIT * (periods + 1));
            assertThat(limiter.stats().denied()).isPositive();
        }
    }

    @RepeatedTest(5)
    void keysRacedFromManyThreadsStayWithinTheirMaximum() throws InterruptedException {
        RateLimiter<Integer> limiter = RateLimiter.builder(RateLimitAlgorithm.TOKEN_BUCKET,
                1, Duration.ofSeconds(1)).maxKeys(512).clock(new ManualClock()).build();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t * 1_000_000;
            threads.add(Thread.ofPlatform().start(() -> {
                await(start);
                for (int key = 0; key < ATTEMPTS; key++) {
                    limiter.tryAcquire(offset + key);
                }
            }));
        }

        start.countDown();
        joinAll(threads);

        RateLimiterStats stats = limiter.stats();
        assertThat(stats.keys()).isLessThanOrEqualTo(512);
        assertThat(stats.allowed()).isEqualTo((long) THREADS * ATTEMPTS);
        assertThat(stats.evictions()).isEqualTo((long) THREADS * ATTEMPTS - stats.keys());
    }

    /**
     * Lets THREADS threads hammer one key, each running {@code between} after every
     * attempt, and returns how many attempts were admitted.
     */
    private static long race(RateLimiter<String> limiter, Runnable between)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        LongAdder admitted = new LongAdder();
        AtomicBoolean wrongOutcome = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                await(start);
                for (int i = 0; i < ATTEMPTS; i++) {
                    long outcome = limiter.tryAcquire("shared");
                    if (outcome == RateLimiter.ADMITTED) {
                        admitted.increment();
                    } else if (outcome < 0 || outcome > PERIOD_NS) {
                        wrongOutcome.set(true);
                    }
                    between.run();
                }
            }));
        }
        start.countDown();
        joinAll(threads);
        assertThat(wrongOutcome).isFalse();
        return admitted.sum();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("start latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofSeconds(20))).isTrue();
        }
    }
}

package dev.loopy.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {
    @Test
    void slotsAreTakenUpToTheGlobalLimitThenRefused() {
        ConcurrencyLimiter<String> limiter = ConcurrencyLimiter.create(3, 10);

        assertThat(limiter.tryAcquire("a")).isEqualTo(ConcurrencyOutcome.ACQUIRED);
        assertThat(limiter.tryAcquire("b")).isEqualTo(ConcurrencyOutcome.ACQUIRED);
        assertThat(limiter.tryAcquire("c")).isEqualTo(ConcurrencyOutcome.ACQUIRED);

        assertThat(limiter.tryAcquire("d")).isEqualTo(ConcurrencyOutcome.GLOBAL_LIMIT);
        assertThat(limiter.inFlight()).isEqualTo(3);
    }

    @Test
    void aKeyAtItsLimitIsRefusedWhileOtherKeysStillAcquire() {
        ConcurrencyLimiter<String> limiter = ConcurrencyLimiter.create(10, 2);
        limiter.tryAcquire("a");
        limiter.tryAcquire("a");

        assertThat(limiter.tryAcquire("a")).isEqualTo(ConcurrencyOutcome.KEY_LIMIT);

        assertThat(limiter.tryAcquire("b")).isEqualTo(ConcurrencyOutcome.ACQUIRED);
        assertThat(limiter.inFlight("a")).isEqualTo(2);
        assertThat(limiter.inFlight()).isEqualTo(3);
    }

    @Test
    void aReleaseGivesTheSlotBack() {
        ConcurrencyLimiter<String> limiter = ConcurrencyLimiter.create(1, 1);
        limiter.tryAcquire("a");

        assertThat(limiter.release("a")).isTrue();

        assertThat(limiter.tryAcquire("b")).isEqualTo(ConcurrencyOutcome.ACQUIRED);
    }

    @Test
    void aReleaseForAKeyHoldingNothingChangesNothing() {
        ConcurrencyLimiter<String> limiter = ConcurrencyLimiter.create(2, 2);
        limiter.tryAcquire("a");

        assertThat(limiter.release("b")).isFalse();

        assertThat(limiter.inFlight()).isEqualTo(1);
        assertThat(limiter.stats().released()).isZero();
    }

    @Test
    void aKeyIsForgottenOnceItHoldsNothing() {
        ConcurrencyLimiter<Integer> limiter = ConcurrencyLimiter.create(4, 4);

        for (int key = 0; key < 10_000; key++) {
            limiter.tryAcquire(key);
            limiter.release(key);
        }

        assertThat(limiter.stats().keys()).isZero();
        assertThat(limiter.inFlight(7)).isZero();
    }

    @Test
    void statsCountEveryOutcome() {
        ConcurrencyLimiter<String> limiter = ConcurrencyLimiter.create(2, 1);
        limiter.tryAcquire("a");
        limiter.tryAcquire("a");
        limiter.tryAcquire("b");
        limiter.tryAcquire("c");
        limiter.release("a");

        assertThat(limiter.stats()).isEqualTo(new ConcurrencyStats(2, 1, 1, 1, 1, 2, 1));
    }

    @Test
    void outcomeLabelsAreStableLowerCaseNames() {
        assertThat(ConcurrencyOutcome.values()).extracting(ConcurrencyOutcome::label)
                .containsExactly("acquired", "key_limit", "global_limit");
    }

    @Test
    void aPerKeyLimitAboveTheGlobalLimitIsCappedByIt() {
        ConcurrencyLimiter<String> limiter = ConcurrencyLimiter.create(2, 100);

        assertThat(limiter.perKeyLimit()).isEqualTo(2);
        assertThat(limiter.globalLimit()).isEqualTo(2);
    }

    @Test
    void badArgumentsAreRefusedWithTheirRule() {
        assertThatThrownBy(() -> ConcurrencyLimiter.create(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("globalLimit=0 (expected > 0)");
        assertThatThrownBy(() -> ConcurrencyLimiter.create(1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perKeyLimit=-1 (expected > 0)");
        ConcurrencyLimiter<String> limiter = ConcurrencyLimiter.create(1, 1);
        assertThatThrownBy(() -> limiter.tryAcquire(null))
                .isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> limiter.release(null))
                .isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> limiter.inFlight(null))
                .isInstanceOf(NullPointerException.class).hasMessage("key");
    }

    @RepeatedTest(5)
    void manyThreadsNeverHoldMoreThanEitherLimit() throws InterruptedException {
        int globalLimit = 5;
        int perKeyLimit = 2;
        int keys = 4;
        ConcurrencyLimiter<Integer> limiter = ConcurrencyLimiter.create(globalLimit,
                perKeyLimit);
        AtomicInteger holders = new AtomicInteger();
        AtomicIntegerArray keyHolders = new AtomicIntegerArray(keys);
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int first = t;
            threads.add(Thread.ofPlatform().start(() -> {
                awaitStart(start);
                for (int i = 0; i < 20_000; i++) {
                    int key = (first + i) % keys;
                    if (limiter.tryAcquire(key) != ConcurrencyOutcome.ACQUIRED) {
                        continue;
                    }
                    acquired.incrementAndGet();
                    if (holders.incrementAndGet() > globalLimit
                            | keyHolders.incrementAndGet(key) > perKeyLimit) {
                        violations.incrementAndGet();
                    }
                    keyHolders.decrementAndGet(key);
                    holders.decrementAndGet();
                    limiter.release(key);
                }
            }));
        }

        start.countDown();
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofSeconds(20))).isTrue();
        }

        assertThat(violations).hasValue(0);
        ConcurrencyStats stats = limiter.stats();
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.keys()).isZero();
        assertThat(stats.acquired()).isEqualTo(acquired.get()).isEqualTo(stats.released());
        assertThat(stats.peakInFlight()).isBetween(1, globalLimit);
    }

    private static void awaitStart(CountDownLatch start) {
        try {
            if (!start.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("start latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

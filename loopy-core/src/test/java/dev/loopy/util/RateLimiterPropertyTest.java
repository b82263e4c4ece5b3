package dev.loopy.util;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopy.ManualClock;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Every limiter, driven by random steps under a manual clock, against its reference model.
 */
class RateLimiterPropertyTest {
    private static final int KEYS = 4;

    /** The parameters of one limiter. */
    record Config(RateLimitAlgorithm algorithm, long permits, long periodNs, long burst,
            int maxKeys, long startNs) {
        boolean isBucket() {
            return algorithm == RateLimitAlgorithm.TOKEN_BUCKET
                    || algorithm == RateLimitAlgorithm.LEAKY_BUCKET;
        }

        long maxPermits() {
            return isBucket() ? burst : permits;
        }
    }

    /** One thing done to a limiter and its model. */
    sealed interface Step {
    }

    record Advance(long ns) implements Step {
    }

    record Acquire(int key, int permits) implements Step {
    }

    record Peek(int key, int permits) implements Step {
    }

    /** A limiter and its model under one clock. */
    private static final class Pair {
        final ManualClock clock;
        final RateLimiter<String> limiter;
        final ReferenceLimiter model;

        Pair(Config config) {
            clock = new ManualClock(config.startNs());
            RateLimiter.Builder builder = RateLimiter.builder(config.algorithm(),
                    config.permits(), Duration.ofNanos(config.periodNs()))
                    .maxKeys(config.maxKeys()).clock(clock);
            if (config.isBucket()) {
                builder.burst(config.burst());
            }
            limiter = builder.build();
            model = new ReferenceLimiter(config.algorithm(), config.permits(),
                    config.periodNs(), config.burst(), config.maxKeys(), config.startNs());
        }

        void apply(Step step) {
            switch (step) {
                case Advance advance -> clock.advanceNs(advance.ns());
                case Acquire acquire -> assertThat(
                        limiter.tryAcquire(key(acquire.key()), acquire.permits()))
                        .as("%s at %d", acquire, clock.nanoTime())
                        .isEqualTo(model.tryAcquire(key(acquire.key()), acquire.permits(),
                                clock.nanoTime()));
                case Peek peek -> assertThat(limiter.peek(key(peek.key()), peek.permits()))
                        .as("%s at %d", peek, clock.nanoTime())
                        .isEqualTo(model.peek(key(peek.key()), peek.permits(),
                                clock.nanoTime()));
            }
        }
    }

    @Property(tries = 400)
    void everyAlgorithmAgreesWithItsReferenceModel(@ForAll("configs") Config config,
            @ForAll("stepLists") List<Step> steps) {
        Pair pair = new Pair(config);

        for (Step step : steps) {
            pair.apply(step);
        }

        assertThat(pair.limiter.stats().keys()).isEqualTo(pair.model.size());
    }

    @Property(tries = 300)
    void aRefusedRequestIsAdmittedAtItsRetryAfterAndNotOneNanosecondBefore(
            @ForAll("configs") Config config, @ForAll("stepLists") List<Step> steps) {
        Pair pair = new Pair(config);
        for (Step step : steps) {
            pair.apply(step);
        }
        int permits = (int) Math.min(config.maxPermits(), 1 + steps.size() % 3);

        for (int key = 0; key < KEYS; key++) {
            long retryAfterNs = pair.limiter.peek(key(key), permits);
            if (retryAfterNs == RateLimiter.ADMITTED) {
                continue;
            }
            pair.clock.advanceNs(retryAfterNs - 1);
            assertThat(pair.limiter.peek(key(key), permits)).isEqualTo(1L);
            assertThat(pair.limiter.tryAcquire(key(key), permits)).isEqualTo(1L);
            pair.clock.advanceNs(1);
            assertThat(pair.limiter.tryAcquire(key(key), permits))
                    .isEqualTo(RateLimiter.ADMITTED);
        }
    }

    @Property(tries = 200)
    void peekingBetweenStepsChangesNoOutcome(@ForAll("configs") Config config,
            @ForAll("stepLists") List<Step> steps) {
        Pair quiet = new Pair(config);
        Pair peeked = new Pair(config);

        for (Step step : steps) {
            if (step instanceof Acquire acquire) {
                for (int key = 0; key < KEYS; key++) {
                    peeked.limiter.peek(key(key), acquire.permits());
                }
            }
            quiet.apply(step);
            peeked.apply(step);
        }

        assertThat(peeked.limiter.stats()).isEqualTo(quiet.limiter.stats());
    }

    @Provide
    Arbitrary<Config> configs() {
        return Combinators.combine(
                Arbitraries.of(RateLimitAlgorithm.class),
                Arbitraries.longs().between(1, 8),
                Arbitraries.longs().between(1, 5_000),
                Arbitraries.longs().between(1, 8),
                Arbitraries.integers().between(1, 3),
                Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L))
                .as(Config::new);
    }

    @Provide
    Arbitrary<List<Step>> stepLists() {
        Arbitrary<Integer> keys = Arbitraries.integers().between(0, KEYS - 1);
        Arbitrary<Integer> permits = Arbitraries.integers().between(1, 9);
        Arbitrary<Step> advance = Arbitraries.longs().between(0, 12_000)
                .map(Advance::new);
        Arbitrary<Step> acquire = Combinators.combine(keys, permits).as(Acquire::new);
        Arbitrary<Step> peek = Combinators.combine(keys, permits).as(Peek::new);
        return Arbitraries.frequencyOf(
                Tuple.of(3, advance),
                Tuple.of(5, acquire),
                Tuple.of(2, peek))
                .list().ofMaxSize(80);
    }

    private static String key(int number) {
        return "key-" + number;
    }
}

package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ConcurrencyPoolPropertyTest {
    private static final int TENANTS = 3;

    /** One step of a random script: acquire or release some slots of one tenant. */
    record Step(boolean acquire, int tenant, int slots) {
    }

    @Property(tries = 300)
    void theOutcomesMatchASimpleModelOfTheLimits(
            @ForAll("scripts") List<Step> script,
            @ForAll @IntRange(min = 0, max = 6) int tenantLimit,
            @ForAll @IntRange(min = 0, max = 10) int globalLimit) {
        ConcurrencyPool pool = ConcurrencyPool.create(
                ConcurrencyPoolOptions.builder().globalLimit(globalLimit).build());
        int[] held = new int[TENANTS];
        for (int tenant = 0; tenant < TENANTS; tenant++) {
            pool.addTenant("t" + tenant, tenantLimit);
        }

        for (Step step : script) {
            String id = "t" + step.tenant();
            if (step.acquire()) {
                ConcurrencyPoolOutcome expected = expected(held, step, tenantLimit, globalLimit);
                assertThat(pool.tryAcquire(id, step.slots())).isEqualTo(expected);
                held[step.tenant()] += expected.granted() ? step.slots() : 0;
            } else if (held[step.tenant()] >= step.slots()) {
                assertThat(pool.release(id, step.slots())).isTrue();
                held[step.tenant()] -= step.slots();
            }
            assertThat(pool.active()).isEqualTo(sum(held));
        }
    }

    @Provide
    Arbitrary<List<Step>> scripts() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.integers().between(0, TENANTS - 1),
                Arbitraries.integers().between(1, 3)).as(Step::new);
        return step.list().ofMaxSize(60);
    }

    private static ConcurrencyPoolOutcome expected(int[] held, Step step, int tenantLimit,
            int globalLimit) {
        if (held[step.tenant()] + step.slots() > tenantLimit) {
            return ConcurrencyPoolOutcome.TENANT_LIMIT;
        }
        if (sum(held) + step.slots() > globalLimit) {
            return ConcurrencyPoolOutcome.GLOBAL_LIMIT;
        }
        return ConcurrencyPoolOutcome.OK;
    }

    private static int sum(int[] held) {
        int total = 0;
        for (int slots : held) {
            total += slots;
        }
        return total;
    }
}

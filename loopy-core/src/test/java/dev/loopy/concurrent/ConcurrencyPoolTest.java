package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.ClosedException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ConcurrencyPoolTest {
    private static ConcurrencyPoolOptions global(int slots) {
        return ConcurrencyPoolOptions.builder().globalLimit(slots).build();
    }

    @Test
    void aTenantIsRefusedAtItsLimitAndGrantedAgainAfterARelease() {
        ConcurrencyPool pool = ConcurrencyPool.create();
        pool.addTenant("alice", 2);

        assertThat(pool.tryAcquire("alice")).isEqualTo(ConcurrencyPoolOutcome.OK);
        assertThat(pool.tryAcquire("alice")).isEqualTo(ConcurrencyPoolOutcome.OK);
        assertThat(pool.tryAcquire("alice")).isEqualTo(ConcurrencyPoolOutcome.TENANT_LIMIT);
        assertThat(pool.release("alice")).isTrue();

        assertThat(pool.tryAcquire("alice")).isEqualTo(ConcurrencyPoolOutcome.OK);
        assertThat(pool.active()).isEqualTo(2);
    }

    @Test
    void theGlobalLimitRefusesEveryTenantOnceReached() {
        ConcurrencyPool pool = ConcurrencyPool.create(global(5));
        pool.addTenant("alice", 10);
        pool.addTenant("bob", 10);

        assertThat(pool.tryAcquire("alice", 3)).isEqualTo(ConcurrencyPoolOutcome.OK);
        assertThat(pool.tryAcquire("bob", 2)).isEqualTo(ConcurrencyPoolOutcome.OK);

        assertThat(pool.tryAcquire("alice")).isEqualTo(ConcurrencyPoolOutcome.GLOBAL_LIMIT);
        assertThat(pool.tryAcquire("bob")).isEqualTo(ConcurrencyPoolOutcome.GLOBAL_LIMIT);
        assertThat(pool.available()).isZero();
        assertThat(pool.tenant("alice").orElseThrow().available()).isZero();
    }

    @Test
    void whenBothLimitsAreReachedTheTenantLimitIsReported() {
        ConcurrencyPool pool = ConcurrencyPool.create(global(2));
        pool.addTenant("alice", 2);
        pool.tryAcquire("alice", 2);

        assertThat(pool.tryAcquire("alice")).isEqualTo(ConcurrencyPoolOutcome.TENANT_LIMIT);
    }

    @Test
    void severalSlotsAreGrantedAllOrNone() {
        ConcurrencyPool pool = ConcurrencyPool.create(global(4));
        Tenant alice = pool.addTenant("alice", 3);

        assertThat(alice.tryAcquire(2)).isEqualTo(ConcurrencyPoolOutcome.OK);
        assertThat(alice.tryAcquire(2)).isEqualTo(ConcurrencyPoolOutcome.TENANT_LIMIT);
        assertThat(alice.active()).isEqualTo(2);
        assertThat(pool.addTenant("bob", 5).tryAcquire(3))
                .isEqualTo(ConcurrencyPoolOutcome.GLOBAL_LIMIT);

        assertThat(pool.active()).isEqualTo(2);
    }

    @Test
    void anUnknownTenantIsRefusedAndNotCreated() {
        ConcurrencyPool pool = ConcurrencyPool.create();

        assertThat(pool.tryAcquire("ghost")).isEqualTo(ConcurrencyPoolOutcome.UNKNOWN_TENANT);
        assertThat(pool.release("ghost")).isFalse();

        assertThat(pool.tenantCount()).isZero();
        assertThat(pool.stats().refusedUnknownTenant()).isEqualTo(1);
    }

    @Test
    void autoCreationAddsAnUnknownTenantWithTheDefaultLimit() {
        ConcurrencyPool pool = ConcurrencyPool.create(ConcurrencyPoolOptions.builder()
                .autoCreateTenants(true).defaultTenantLimit(1).build());

        assertThat(pool.tryAcquire("carol")).isEqualTo(ConcurrencyPoolOutcome.OK);
        assertThat(pool.tryAcquire("carol")).isEqualTo(ConcurrencyPoolOutcome.TENANT_LIMIT);

        assertThat(pool.tenant("carol").orElseThrow().limit()).isEqualTo(1);
    }

    @Test
    void autoCreationStopsAtTheTenantBound() {
        ConcurrencyPool pool = ConcurrencyPool.create(ConcurrencyPoolOptions.builder()
                .autoCreateTenants(true).maxTenants(2).build());
        pool.tryAcquire("a");
        pool.tryAcquire("b");

        assertThat(pool.tryAcquire("c")).isEqualTo(ConcurrencyPoolOutcome.UNKNOWN_TENANT);
        assertThatThrownBy(() -> pool.addTenant("d"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maxTenants=2");
        assertThat(pool.removeTenant("a")).isTrue();

        assertThat(pool.tryAcquire("c")).isEqualTo(ConcurrencyPoolOutcome.OK);
    }

    @Test
    void removingATenantGivesItsSlotsBackAndRefusesItsHandle() {
        ConcurrencyPool pool = ConcurrencyPool.create(global(3));
        Tenant alice = pool.addTenant("alice", 3);
        alice.tryAcquire(3);

        assertThat(pool.removeTenant("alice")).isTrue();

        assertThat(pool.active()).isZero();
        assertThat(alice.isRemoved()).isTrue();
        assertThat(alice.active()).isZero();
        assertThat(alice.tryAcquire()).isEqualTo(ConcurrencyPoolOutcome.UNKNOWN_TENANT);
        assertThat(alice.release()).isFalse();
        assertThat(pool.removeTenant("alice")).isFalse();
        assertThat(pool.addTenant("bob", 3).tryAcquire(3)).isEqualTo(ConcurrencyPoolOutcome.OK);
    }

    @Test
    void loweringALimitRevokesNothingAndRaisingItAdmitsAgain() {
        ConcurrencyPool pool = ConcurrencyPool.create(global(4));
        Tenant alice = pool.addTenant("alice", 4);
        alice.tryAcquire(3);

        alice.setLimit(1);
        pool.setGlobalLimit(2);
        assertThat(alice.active()).isEqualTo(3);
        alice.release(2);
        assertThat(alice.tryAcquire()).isEqualTo(ConcurrencyPoolOutcome.TENANT_LIMIT);

        alice.setLimit(5);
        assertThat(alice.tryAcquire()).isEqualTo(ConcurrencyPoolOutcome.OK);
        assertThat(alice.tryAcquire()).isEqualTo(ConcurrencyPoolOutcome.GLOBAL_LIMIT);
        pool.setGlobalLimit(ConcurrencyPool.UNLIMITED);
        assertThat(alice.tryAcquire()).isEqualTo(ConcurrencyPoolOutcome.OK);
    }

    @Test
    void aZeroLimitRefusesEveryAcquisition() {
        ConcurrencyPool pool = ConcurrencyPool.create();
        Tenant paused = pool.addTenant("paused", 0);

        assertThat(paused.tryAcquire()).isEqualTo(ConcurrencyPoolOutcome.TENANT_LIMIT);
        assertThat(paused.available()).isZero();
    }

    @Test
    void releasingMoreThanIsHeldIsRefusedWithTheRule() {
        ConcurrencyPool pool = ConcurrencyPool.create();
        Tenant alice = pool.addTenant("alice", 3);
        alice.tryAcquire();

        assertThatThrownBy(() -> alice.release(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slots=2 (expected <= 1, the slots tenant=alice holds)");
        assertThat(alice.active()).isEqualTo(1);
        assertThat(pool.active()).isEqualTo(1);
    }

    @Test
    void badArgumentsAreRefusedWithTheirRule() {
        ConcurrencyPool pool = ConcurrencyPool.create();
        pool.addTenant("alice");

        assertThatThrownBy(() -> pool.tryAcquire("alice", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slots=0 (expected >= 1)");
        assertThatThrownBy(() -> pool.addTenant("bob", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit=-1 (expected >= 0)");
        assertThatThrownBy(() -> pool.addTenant(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> pool.addTenant("alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenantId=alice");
        assertThatThrownBy(() -> pool.tryAcquire(null))
                .isInstanceOf(NullPointerException.class).hasMessage("tenantId");
        assertThatThrownBy(() -> pool.setGlobalLimit(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("globalLimit=-2 (expected >= 0)");
        assertThatThrownBy(() -> ConcurrencyPoolOptions.builder().maxTenants(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTenants=0 (expected >= 1)");
    }

    @Test
    void statisticsCountEveryOutcomeAndReset() {
        ConcurrencyPool pool = ConcurrencyPool.create(global(3));
        Tenant alice = pool.addTenant("alice", 2);
        Tenant bob = pool.addTenant("bob", 2);
        alice.tryAcquire();
        alice.tryAcquire();
        alice.tryAcquire();
        bob.tryAcquire();
        bob.tryAcquire();
        alice.release();
        pool.tryAcquire("ghost");

        assertThat(alice.stats()).isEqualTo(new TenantStats("alice", 2, 1, 2, 2, 1, 1, 0));
        assertThat(bob.stats()).isEqualTo(new TenantStats("bob", 2, 1, 1, 1, 0, 0, 1));
        ConcurrencyPoolStats stats = pool.stats();
        assertThat(stats.active()).isEqualTo(2);
        assertThat(stats.peak()).isEqualTo(3);
        assertThat(stats.acquired()).isEqualTo(3);
        assertThat(stats.released()).isEqualTo(1);
        assertThat(stats.refusedTenantLimit()).isEqualTo(1);
        assertThat(stats.refusedGlobalLimit()).isEqualTo(1);
        assertThat(stats.refusedUnknownTenant()).isEqualTo(1);
        assertThat(stats.tenants()).isEqualTo(2);

        pool.resetStats();
        alice.resetStats();
        assertThat(pool.stats().acquired()).isZero();
        assertThat(pool.stats().peak()).isEqualTo(2);
        assertThat(alice.stats()).isEqualTo(new TenantStats("alice", 2, 1, 1, 0, 0, 0, 0));
    }

    @Test
    void tenantsAreListedInIdOrder() {
        ConcurrencyPool pool = ConcurrencyPool.create();
        pool.addTenant("carol");
        pool.addTenant("alice");
        pool.addTenant("bob");

        List<String> ids = pool.tenants().stream().map(Tenant::id).toList();

        assertThat(ids).containsExactly("alice", "bob", "carol");
    }

    @Test
    void aClosedPoolRefusesAcquisitionsButTakesSlotsBack() {
        ConcurrencyPool pool = ConcurrencyPool.create();
        Tenant alice = pool.addTenant("alice");
        alice.tryAcquire();

        pool.close();
        pool.close();

        assertThat(alice.tryAcquire()).isEqualTo(ConcurrencyPoolOutcome.CLOSED);
        assertThat(pool.tryAcquire("nobody")).isEqualTo(ConcurrencyPoolOutcome.CLOSED);
        assertThat(alice.release()).isTrue();
        assertThat(pool.active()).isZero();
        assertThatThrownBy(() -> pool.addTenant("bob")).isInstanceOf(ClosedException.class);
    }

    @Test
    void everyOutcomeHasALowerCaseLabel() {
        assertThat(ConcurrencyPoolOutcome.TENANT_LIMIT.label()).isEqualTo("tenant_limit");
        assertThat(ConcurrencyPoolOutcome.UNKNOWN_TENANT.label()).isEqualTo("unknown_tenant");
        for (ConcurrencyPoolOutcome outcome : ConcurrencyPoolOutcome.values()) {
            assertThat(outcome.label()).isEqualTo(outcome.name().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void acquiringAndReleasingAllocateNothing() throws ReflectiveOperationException {
        ConcurrencyPool pool = ConcurrencyPool.create(global(100));
        Tenant alice = pool.addTenant("alice", 1);
        Method allocated = allocationCounter();
        Object bean = Class.forName("java.lang.management.ManagementFactory")
                .getMethod("getThreadMXBean").invoke(null);
        cycle(pool, alice, 50_000);

        long overhead = -(long) allocated.invoke(bean) + (long) allocated.invoke(bean);
        long before = (long) allocated.invoke(bean);
        cycle(pool, alice, 10_000);
        long after = (long) allocated.invoke(bean);

        assertThat(after - before - overhead).as("bytes for 10000 cycles").isLessThan(256);
    }

    /** Grant, refusal by the tenant limit, release: by id and through the handle. */
    private static void cycle(ConcurrencyPool pool, Tenant alice, int times) {
        for (int i = 0; i < times; i++) {
            pool.tryAcquire("alice");
            alice.tryAcquire();
            pool.release("alice");
            pool.tryAcquire("nobody");
        }
    }

    private static Method allocationCounter() throws ReflectiveOperationException {
        return Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getCurrentThreadAllocatedBytes");
    }
}

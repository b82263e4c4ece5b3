package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyPoolRaceTest {
    private static final int THREADS = 8;
    private static final int TENANTS = 3;
    private static final int TENANT_LIMIT = 3;
    private static final int GLOBAL_LIMIT = 5;

    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void threadsReleasedTogetherAreNeverGrantedMoreThanEitherLimit() throws Exception {
        ConcurrencyPool pool = poolOfThreeTenants();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        CyclicBarrier granted = new CyclicBarrier(THREADS);
        AtomicIntegerArray held = new AtomicIntegerArray(TENANTS);
        AtomicInteger violations = new AtomicInteger();
        int rounds = 300;

        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int tenant = t % TENANTS;
            workers.add(threads.submit(() -> {
                for (int round = 0; round < rounds; round++) {
                    start.await(5, TimeUnit.SECONDS);
                    boolean ok = pool.tryAcquire("t" + tenant).granted();
                    if (ok) {
                        held.incrementAndGet(tenant);
                    }
                    granted.await(5, TimeUnit.SECONDS);
                    if (overAdmitted(held, pool)) {
                        violations.incrementAndGet();
                    }
                    granted.await(5, TimeUnit.SECONDS);
                    if (ok) {
                        held.decrementAndGet(tenant);
                        pool.release("t" + tenant);
                    }
                }
                return null;
            }));
        }
        awaitAll(workers);

        assertThat(violations.get()).isZero();
        assertThat(pool.active()).isZero();
        assertThat(pool.stats().peak()).isLessThanOrEqualTo(GLOBAL_LIMIT);
        assertThat(pool.stats().acquired()).isEqualTo(pool.stats().released());
    }

    @Test
    void randomAcquiresAndReleasesNeverExceedEitherLimit() throws Exception {
        ConcurrencyPool pool = poolOfThreeTenants();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        AtomicIntegerArray held = new AtomicIntegerArray(TENANTS);
        AtomicInteger heldInAll = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();

        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 17L * t + 1;
            workers.add(threads.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                start.await(5, TimeUnit.SECONDS);
                for (int op = 0; op < 20_000; op++) {
                    int tenant = random.nextInt(TENANTS);
                    int slots = 1 + random.nextInt(2);
                    if (!pool.tryAcquire("t" + tenant, slots).granted()) {
                        continue;
                    }
                    // Counted after the grant and uncounted before the release, so the
                    // shadow counts never exceed what the pool really lends out.
                    int tenantHeld = held.addAndGet(tenant, slots);
                    int allHeld = heldInAll.addAndGet(slots);
                    if (tenantHeld > TENANT_LIMIT || allHeld > GLOBAL_LIMIT
                            || pool.active() > GLOBAL_LIMIT) {
                        violations.incrementAndGet();
                    }
                    heldInAll.addAndGet(-slots);
                    held.addAndGet(tenant, -slots);
                    pool.release("t" + tenant, slots);
                }
                return null;
            }));
        }
        awaitAll(workers);

        assertThat(violations.get()).isZero();
        assertThat(pool.active()).isZero();
        for (Tenant tenant : pool.tenants()) {
            assertThat(tenant.stats().peak()).isLessThanOrEqualTo(TENANT_LIMIT);
        }
    }

    @Test
    void removingTenantsWhileOthersAcquireLeavesNoSlotBehind() throws Exception {
        for (int round = 0; round < 50; round++) {
            ConcurrencyPool pool = poolOfThreeTenants();
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS - 1; t++) {
                int tenant = t % TENANTS;
                workers.add(threads.submit(() -> churnSlots(pool, tenant, start)));
            }
            workers.add(threads.submit(() -> churnTenants(pool, start)));
            awaitAll(workers);

            assertThat(pool.active()).isZero();
            assertThat(pool.stats().peak()).isLessThanOrEqualTo(GLOBAL_LIMIT);
        }
    }

    private static Void churnSlots(ConcurrencyPool pool, int tenant, CyclicBarrier start)
            throws Exception {
        start.await(5, TimeUnit.SECONDS);
        for (int op = 0; op < 500; op++) {
            Tenant handle = pool.tenant("t" + tenant).orElse(null);
            if (handle != null && handle.tryAcquire().granted()) {
                handle.release();
            }
        }
        return null;
    }

    private static Void churnTenants(ConcurrencyPool pool, CyclicBarrier start)
            throws Exception {
        start.await(5, TimeUnit.SECONDS);
        for (int op = 0; op < 200; op++) {
            String id = "t" + (op % TENANTS);
            pool.removeTenant(id);
            pool.addTenant(id, TENANT_LIMIT);
        }
        for (int tenant = 0; tenant < TENANTS; tenant++) {
            pool.removeTenant("t" + tenant);
        }
        return null;
    }

    private static ConcurrencyPool poolOfThreeTenants() {
        ConcurrencyPool pool = ConcurrencyPool.create(
                ConcurrencyPoolOptions.builder().globalLimit(GLOBAL_LIMIT).build());
        for (int tenant = 0; tenant < TENANTS; tenant++) {
            pool.addTenant("t" + tenant, TENANT_LIMIT);
        }
        return pool;
    }

    private static boolean overAdmitted(AtomicIntegerArray held, ConcurrencyPool pool) {
        int total = 0;
        for (int tenant = 0; tenant < held.length(); tenant++) {
            int slots = held.get(tenant);
            if (slots > TENANT_LIMIT) {
                return true;
            }
            total += slots;
        }
        return total > GLOBAL_LIMIT || pool.active() > GLOBAL_LIMIT;
    }

    private static void awaitAll(List<Future<?>> workers) throws Exception {
        for (Future<?> worker : workers) {
            worker.get(20, TimeUnit.SECONDS);
        }
    }
}

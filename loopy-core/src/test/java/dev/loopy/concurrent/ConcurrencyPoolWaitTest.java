package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import dev.loopy.LoopOptions;
import dev.loopy.ManualClock;
import dev.loopy.RunMode;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyPoolWaitTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final int fdsBefore = openFds();
    private final ManualClock clock = new ManualClock();
    private final Loop loop = Loop.create(LoopOptions.builder().clock(clock).build());
    private final ConcurrencyPool pool = ConcurrencyPool.create(
            ConcurrencyPoolOptions.builder().globalLimit(3).build());
    private final Tenant alice = pool.addTenant("alice", 1);
    private final List<String> outcomes = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
        assertThat(openFds()).isEqualTo(fdsBefore);
    }

    @Test
    void aWaiterIsGrantedOnTheLoopWhenASlotIsReleased() {
        alice.tryAcquire();
        ConcurrencyPoolWaiter waiter = waitFor("alice", "w1");
        settle();
        assertThat(outcomes).isEmpty();
        assertThat(pool.stats().waiting()).isEqualTo(1);

        alice.release();
        settle();

        assertThat(outcomes).containsExactly("w1:ok");
        assertThat(waiter.outcome()).contains(ConcurrencyPoolOutcome.OK);
        assertThat(alice.active()).isEqualTo(1);
        assertThat(pool.stats().waited()).isEqualTo(1);
        assertThat(pool.stats().waiting()).isZero();
    }

    @Test
    void freeSlotsAreGrantedAtOnceOnTheNextIteration() {
        waitFor("alice", "w1");
        assertThat(outcomes).isEmpty();

        settle();

        assertThat(outcomes).containsExactly("w1:ok");
        assertThat(pool.stats().waited()).isZero();
    }

    @Test
    void aWaiterTimesOutUnderTheVirtualClock() {
        alice.tryAcquire();
        waitFor("alice", "w1");

        advance(Duration.ofMillis(9_999));
        assertThat(outcomes).isEmpty();
        advance(Duration.ofMillis(1));

        assertThat(outcomes).containsExactly("w1:timeout");
        alice.release();
        settle();
        assertThat(outcomes).containsExactly("w1:timeout");
        assertThat(alice.active()).isZero();
        assertThat(pool.stats().timedOut()).isEqualTo(1);
    }

    @Test
    void aZeroTimeoutTriesOnce() {
        alice.tryAcquire();
        pool.acquire("alice", 1, Duration.ZERO, loop, outcome -> outcomes.add(outcome.label()));

        settle();

        assertThat(outcomes).containsExactly("timeout");
    }

    @Test
    void waitersAreGrantedInArrivalOrder() {
        alice.tryAcquire();
        waitFor("alice", "w1");
        waitFor("alice", "w2");
        waitFor("alice", "w3");

        for (int i = 0; i < 3; i++) {
            alice.release();
            settle();
        }

        assertThat(outcomes).containsExactly("w1:ok", "w2:ok", "w3:ok");
    }

    @Test
    void aWaiterThatDoesNotFitLetsALaterOneThatFitsGoFirst() {
        Tenant bob = pool.addTenant("bob", 3);
        bob.tryAcquire(3);
        pool.acquire("bob", 2, TEN_SECONDS, loop,
                outcome -> outcomes.add("two:" + outcome.label()));
        waitFor("alice", "one");

        bob.release();
        settle();

        assertThat(outcomes).containsExactly("one:ok");
    }

    @Test
    void aCancelledWaiterSettlesOnceAndIsNeverGranted() {
        alice.tryAcquire();
        ConcurrencyPoolWaiter waiter = waitFor("alice", "w1");

        assertThat(waiter.cancel()).isTrue();
        assertThat(waiter.cancel()).isFalse();
        alice.release();
        advance(TEN_SECONDS);

        assertThat(outcomes).containsExactly("w1:cancelled");
        assertThat(alice.active()).isZero();
    }

    @Test
    void raisingALimitGrantsWaiters() {
        alice.tryAcquire();
        waitFor("alice", "w1");
        waitFor("alice", "w2");

        alice.setLimit(3);
        settle();

        assertThat(outcomes).containsExactly("w1:ok", "w2:ok");
        assertThat(pool.active()).isEqualTo(3);
    }

    @Test
    void removingTheTenantOrClosingThePoolEndsItsWaiters() {
        Tenant bob = pool.addTenant("bob", 0);
        alice.tryAcquire();
        waitFor("alice", "alice");
        waitFor("bob", "bob");

        pool.removeTenant("bob");
        settle();
        pool.close();
        settle();

        assertThat(outcomes).containsExactly("bob:unknown_tenant", "alice:closed");
        assertThat(bob.isRemoved()).isTrue();
        assertThat(pool.stats().waiting()).isZero();
    }

    @Test
    void anUnknownTenantIsReportedOnTheLoop() {
        waitFor("ghost", "ghost");

        settle();

        assertThat(outcomes).containsExactly("ghost:unknown_tenant");
    }

    @Test
    void badArgumentsAndAClosedLoopAreRefused() {
        assertThatThrownBy(() -> pool.acquire("alice", 1, Duration.ofMillis(-1), loop, o -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout=PT-0.001S (expected >= 0 and <= PT720H)");
        assertThatThrownBy(() -> pool.acquire("alice", 0, TEN_SECONDS, loop, o -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.acquire("alice", 1, TEN_SECONDS, loop, null))
                .isInstanceOf(NullPointerException.class).hasMessage("callback");
        Loop closed = Loop.create();
        closed.close();
        assertThatThrownBy(() -> waitFor(closed, "alice"))
                .isInstanceOf(ClosedException.class);
        assertThat(alice.active()).isZero();
    }

    @Test
    void racingReleasesAndWaitersNeverOverAdmitAndSettleEachWaiterOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            raceOnce();
        }
    }

    private void raceOnce() throws Exception {
        Loop running = Loop.create();
        Thread loopThread = running.start("wait-race-loop");
        ConcurrencyPool shared = ConcurrencyPool.create();
        Tenant tenant = shared.addTenant("t", 2);
        int threads = 4;
        int perThread = 50;
        AtomicInteger held = new AtomicInteger();
        AtomicInteger overAdmitted = new AtomicInteger();
        AtomicInteger settledTwice = new AtomicInteger();
        CountDownLatch settled = new CountDownLatch(threads * perThread);
        CyclicBarrier start = new CyclicBarrier(threads);

        List<Thread> requesters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            requesters.add(Thread.ofPlatform().start(() -> {
                await(start);
                for (int i = 0; i < perThread; i++) {
                    AtomicInteger calls = new AtomicInteger();
                    shared.acquire("t", 1, Duration.ofSeconds(30), running, outcome -> {
                        if (calls.incrementAndGet() > 1) {
                            settledTwice.incrementAndGet();
                        }
                        if (held.incrementAndGet() > 2) {
                            overAdmitted.incrementAndGet();
                        }
                        held.decrementAndGet();
                        tenant.release();
                        settled.countDown();
                    });
                    if (tenant.tryAcquire().granted()) {
                        tenant.release();
                    }
                }
            }));
        }

        assertThat(settled.await(20, TimeUnit.SECONDS)).isTrue();
        for (Thread requester : requesters) {
            requester.join(5_000);
        }
        running.stop();
        loopThread.join(5_000);
        assertThat(overAdmitted.get()).isZero();
        assertThat(settledTwice.get()).isZero();
        assertThat(tenant.active()).isZero();
        assertThat(shared.stats().waiting()).isZero();
    }

    private ConcurrencyPoolWaiter waitFor(String tenantId, String name) {
        return pool.acquire(tenantId, 1, TEN_SECONDS, loop,
                outcome -> outcomes.add(name + ":" + outcome.label()));
    }

    private ConcurrencyPoolWaiter waitFor(Loop target, String tenantId) {
        return pool.acquire(tenantId, 1, TEN_SECONDS, target, outcome -> { });
    }

    private void settle() {
        for (int i = 0; i < 3; i++) {
            loop.run(RunMode.NOWAIT);
        }
    }

    private void advance(Duration delta) {
        clock.advance(delta);
        settle();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}

package dev.loopy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backend must show through the loop. Each backend has a subclass that
 * names it and says how to make a pair of connected descriptors.
 */
abstract class LoopContract {
    private static final long DEADLINE_S = 10;

    private int fdsBefore;
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** The backend under test. */
    abstract Backend backend();

    /** Makes a connected pair whose near end the loop can watch. */
    abstract DuplexPair pair(Loop loop);

    @BeforeEach
    void countFds() {
        // Warm up what the JDK opens lazily on first use, so only the test's own fds count.
        try (Loop warm = loop(); DuplexPair pair = pair(warm)) {
            warm.register(pair.fd(), Interest.READ, (fd, ready) -> { });
            warm.run(RunMode.NOWAIT);
        }
        fdsBefore = OpenFds.count();
    }

    @AfterEach
    void noFdIsLeft() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
        assertThat(OpenFds.count()).as("open fds after the test: %s", OpenFds.describe()).isEqualTo(fdsBefore);
    }

    Loop loop() {
        return Loop.create(LoopOptions.builder().backend(backend()).build());
    }

    Loop loop(Clock clock) {
        return track(Loop.create(LoopOptions.builder().backend(backend()).clock(clock).build()));
    }

    <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    Loop tracked() {
        return track(loop());
    }

    DuplexPair trackedPair(Loop loop) {
        return track(pair(loop));
    }

    // ------------------------------------------------------------ creation and backend

    @Test
    void aLoopRunsOnTheBackendItWasAskedFor() {
        Loop loop = tracked();

        assertThat(loop.backend()).isEqualTo(backend());
        assertThat(loop.capacity()).isEqualTo(LoopOptions.DEFAULT_CAPACITY);
        assertThat(loop.maxFd()).isEqualTo(-1);
    }

    @Test
    void creatingAndClosingManyLoopsLeavesNoDescriptorBehind() {
        for (int i = 0; i < 200; i++) {
            Loop loop = loop();
            loop.schedule(Duration.ofSeconds(1), t -> { });
            loop.async(h -> { }).send();
            loop.run(RunMode.NOWAIT);
            loop.close();
        }
    }

    @Test
    void tasksHandedOverBeforeCloseStillRun() {
        Loop loop = loop();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            loop.execute(ran::incrementAndGet);
        }

        loop.close();

        assertThat(ran.get()).isEqualTo(10);
    }

    @Test
    void closeIsIdempotentAndAClosedLoopRefusesWork() {
        Loop loop = loop();
        loop.close();
        loop.close();

        assertThat(loop.isClosed()).isTrue();
        assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(ClosedException.class)
                .hasMessageContaining("execute");
        assertThatThrownBy(() -> loop.schedule(Duration.ZERO, t -> { }))
                .isInstanceOf(ClosedException.class);
        assertThatThrownBy(loop::run).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> loop.async(h -> { })).isInstanceOf(ClosedException.class);
    }

    // ------------------------------------------------------------ descriptors

    @Test
    void readAndWriteCallbacksOfOneDescriptorRunInOneIterationReadFirst() {
        Loop loop = tracked();
        DuplexPair pair = trackedPair(loop);
        List<String> calls = new ArrayList<>();
        AtomicLong iteration = new AtomicLong();
        loop.prepare(hook -> iteration.incrementAndGet());
        loop.register(pair.fd(), Interest.READ, (fd, ready) -> {
            calls.add("read@" + iteration.get());
            pair.drainNear();
        });
        loop.register(pair.fd(), Interest.WRITE, (fd, ready) -> {
            calls.add("write@" + iteration.get());
            loop.unregister(fd, Interest.WRITE);
        });
        pair.writeFar(new byte[] {1, 2, 3});

        runUntil(loop, () -> calls.size() >= 2);

        assertThat(calls).containsExactly("read@1", "write@1");
    }

    @Test
    void aCallbackThatUnregistersALaterDescriptorOfTheBatchSuppressesIt() {
        Loop loop = tracked();
        DuplexPair first = trackedPair(loop);
        DuplexPair second = trackedPair(loop);
        List<Integer> called = new ArrayList<>();
        IoCallback callback = (fd, ready) -> {
            called.add(fd);
            int other = fd == first.fd() ? second.fd() : first.fd();
            loop.unregister(other, Interest.BOTH);
            loop.unregister(fd, Interest.BOTH);
        };
        loop.register(first.fd(), Interest.READ, callback);
        loop.register(second.fd(), Interest.READ, callback);
        first.writeFar(new byte[] {1});
        second.writeFar(new byte[] {1});
        awaitBothReady(loop, called);

        assertThat(called).hasSize(1);
        assertThat(loop.interest(first.fd())).isZero();
        assertThat(loop.interest(second.fd())).isZero();
    }

    private static void awaitBothReady(Loop loop, List<Integer> called) {
        runUntil(loop, () -> !called.isEmpty());
        loop.run(RunMode.NOWAIT);
    }

    @Test
    void readinessIsLevelTriggeredUntilTheDataIsRead() {
        Loop loop = tracked();
        DuplexPair pair = trackedPair(loop);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger bytes = new AtomicInteger();
        loop.register(pair.fd(), Interest.READ, (fd, ready) -> {
            calls.incrementAndGet();
            bytes.addAndGet(pair.readNear(1));
        });
        pair.writeFar(new byte[] {1, 2, 3});

        runUntil(loop, () -> bytes.get() == 3);

        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void theInterestMaskFollowsRegistrationsInEachDirection() {
        Loop loop = tracked();
        DuplexPair pair = trackedPair(loop);
        int fd = pair.fd();

        loop.register(fd, Interest.READ, (f, r) -> { });
        assertThat(loop.interest(fd)).isEqualTo(Interest.READ);
        assertThat(loop.registerWriteIfAbsent(fd, (f, r) -> { })).isTrue();
        assertThat(loop.registerWriteIfAbsent(fd, (f, r) -> { })).isFalse();
        assertThat(loop.interest(fd)).isEqualTo(Interest.BOTH);
        loop.unregister(fd, Interest.READ);
        assertThat(loop.interest(fd)).isEqualTo(Interest.WRITE);
        loop.unregister(fd, Interest.WRITE);
        assertThat(loop.interest(fd)).isZero();
        assertThat(loop.maxFd()).isEqualTo(-1);
    }

    @Test
    void theHighestRegisteredDescriptorIsTracked() {
        Loop loop = tracked();
        DuplexPair a = trackedPair(loop);
        DuplexPair b = trackedPair(loop);
        DuplexPair c = trackedPair(loop);
        int low = Math.min(a.fd(), Math.min(b.fd(), c.fd()));
        int high = Math.max(a.fd(), Math.max(b.fd(), c.fd()));
        for (DuplexPair pair : List.of(a, b, c)) {
            loop.register(pair.fd(), Interest.READ, (f, r) -> { });
        }
        assertThat(loop.maxFd()).isEqualTo(high);

        for (DuplexPair pair : List.of(a, b, c)) {
            if (pair.fd() != low) {
                loop.unregister(pair.fd(), Interest.READ);
            }
        }

        assertThat(loop.maxFd()).isEqualTo(low);
        assertThat(loop.interest(low)).isEqualTo(Interest.READ);
    }

    @Test
    void theTableGrowsOnDemandAndAShrinkBelowARegisteredDescriptorIsRefused() {
        Loop loop = track(Loop.create(LoopOptions.builder().backend(backend()).capacity(1).build()));
        trackedPair(loop);
        DuplexPair pair = trackedPair(loop);

        loop.register(pair.fd(), Interest.READ, (f, r) -> { });

        assertThat(loop.capacity()).isGreaterThan(pair.fd());
        assertThat(loop.resize(pair.fd())).isFalse();
        assertThat(loop.resize(pair.fd() + 100)).isTrue();
        assertThat(loop.capacity()).isEqualTo(pair.fd() + 100);
    }

    @Test
    void unregisteringADescriptorBeyondTheTableDoesNothing() {
        Loop loop = tracked();

        loop.unregister(100_000, Interest.BOTH);

        assertThat(loop.interest(100_000)).isZero();
        assertThat(loop.capacity()).isEqualTo(LoopOptions.DEFAULT_CAPACITY);
    }

    @Test
    void aHangUpOfThePeerIsReportedToTheReader() {
        Loop loop = tracked();
        DuplexPair pair = trackedPair(loop);
        AtomicInteger eof = new AtomicInteger();
        loop.register(pair.fd(), Interest.READ, (fd, ready) -> {
            if (pair.readNear(16) == 0) {
                eof.incrementAndGet();
                loop.unregister(fd, Interest.READ);
            }
        });

        pair.closeFar();
        runUntil(loop, () -> eof.get() == 1);

        assertThat(eof.get()).isEqualTo(1);
    }

    // ------------------------------------------------------------ bad input

    @Test
    void badDescriptorArgumentsAreRefusedNamingTheArgument() {
        Loop loop = tracked();

        assertThatThrownBy(() -> loop.register(-1, Interest.READ, (f, r) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("fd=-1 (expected >= 0)");
        assertThatThrownBy(() -> loop.unregister(-2, Interest.READ))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fd=-2");
        assertThatThrownBy(() -> loop.interest(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fd=-3");
        assertThatThrownBy(() -> loop.register(0, 4, (f, r) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interest=4");
        assertThatThrownBy(() -> loop.register(0, Interest.NONE, (f, r) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interest=0");
        assertThatThrownBy(() -> loop.register(0, Interest.READ, null))
                .isInstanceOf(NullPointerException.class).hasMessage("callback");
        assertThatThrownBy(() -> loop.resize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity=0");
    }

    @Test
    void anUnknownDescriptorIsRefusedWithATypedError() {
        Loop loop = tracked();
        int unknown = 4_000;

        assertThatThrownBy(() -> loop.register(unknown, Interest.READ, (f, r) -> { }))
                .isInstanceOf(LoopyException.class)
                .hasMessageContaining("fd=" + unknown);
        assertThat(loop.interest(unknown)).isZero();
        assertThat(loop.maxFd()).isEqualTo(-1);
    }

    @Test
    void callsFromAnotherThreadAreRefused() throws Exception {
        Loop loop = tracked();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                loop.schedule(Duration.ofSeconds(1), t -> { });
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        other.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));

        assertThat(failure.get()).isInstanceOf(WrongThreadException.class)
                .hasMessageContaining("timer");
        assertThat(((LoopyException) failure.get()).status()).isEqualTo(Status.WRONG_THREAD);
    }

    @Test
    void badTimerArgumentsAreRefusedNamingTheArgument() {
        Loop loop = tracked();

        assertThatThrownBy(() -> loop.schedule(-1, TimeUnit.MILLISECONDS, t -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay=-1 (expected >= 0)");
        assertThatThrownBy(() -> loop.schedule(Duration.ofMillis(-5), t -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay=");
        assertThatThrownBy(() -> loop.schedulePeriodic(Duration.ZERO, Duration.ZERO, t -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period=");
        assertThatThrownBy(() -> loop.schedule(Duration.ZERO, null))
                .isInstanceOf(NullPointerException.class).hasMessage("callback");
        assertThatThrownBy(() -> loop.schedule(null, t -> { }))
                .isInstanceOf(NullPointerException.class).hasMessage("delay");
        assertThatThrownBy(() -> loop.execute(null))
                .isInstanceOf(NullPointerException.class).hasMessage("task");
        assertThatThrownBy(() -> loop.run(null))
                .isInstanceOf(NullPointerException.class).hasMessage("mode");
    }

    // ------------------------------------------------------------ stop, run modes, threads

    @Test
    void stopFromAnotherThreadWakesABlockedPoll() throws Exception {
        Loop loop = loop();
        CountDownLatch running = new CountDownLatch(1);
        loop.prepare(hook -> {
            running.countDown();
            hook.stop();
        });
        Thread thread = loop.start("stop-test");

        assertThat(running.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));

        assertThat(thread.isAlive()).isFalse();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void aStopRightAfterStartIsNotLost() throws Exception {
        for (int round = 0; round < 20; round++) {
            Loop loop = loop();
            Thread thread = loop.start("stop-after-start-" + round);
            loop.stop();
            thread.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));

            assertThat(thread.isAlive()).isFalse();
            assertThat(loop.isClosed()).isTrue();
        }
    }

    @Test
    void runClearsAnEarlierStop() {
        Loop loop = tracked();
        AtomicInteger fired = new AtomicInteger();
        loop.stop();
        loop.schedule(Duration.ZERO, t -> {
            fired.incrementAndGet();
            loop.stop();
        });

        loop.run();

        assertThat(fired.get()).isEqualTo(1);
    }

    @Test
    void aStopFromACallbackEndsRunAfterTheIteration() {
        Loop loop = tracked();
        List<String> calls = new ArrayList<>();
        loop.schedulePeriodic(Duration.ofMillis(1), Duration.ofMillis(1), t -> { });
        loop.beforeSleep(() -> {
            calls.add("before");
            if (calls.size() > 2) {
                loop.stop();
            }
        });

        loop.run();

        assertThat(calls).containsExactly("before", "before", "before");
    }

    @Test
    void executeRunsTasksFromOtherThreadsOnTheLoopThreadInOrder() throws Exception {
        Loop loop = loop();
        int count = 10_000;
        List<Integer> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        Thread thread = loop.start("execute-test");
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < count; i++) {
                int value = i;
                loop.execute(() -> {
                    loopThread.set(Thread.currentThread());
                    seen.add(value);
                    if (value == count - 1) {
                        done.countDown();
                    }
                });
            }
        });

        assertThat(done.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));
        producer.join();

        assertThat(loopThread.get()).isSameAs(thread);
        assertThat(seen).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
        assertThat(loop.metrics().tasksRun()).isEqualTo(count);
    }

    @Test
    void manyAsyncSendsCoalesceIntoOneCallbackPerIterationAndNoneIsLost() throws Exception {
        Loop loop = loop();
        int sends = 20_000;
        AtomicInteger sent = new AtomicInteger();
        AtomicLong lastIteration = new AtomicLong(-1);
        AtomicInteger doubleCalls = new AtomicInteger();
        AtomicInteger callbacks = new AtomicInteger();
        CountDownLatch allSeen = new CountDownLatch(1);
        AtomicLong iteration = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<AsyncHandle> handle = new AtomicReference<>();
        loop.prepare(hook -> iteration.incrementAndGet());
        handle.set(loop.async(h -> {
            callbacks.incrementAndGet();
            if (lastIteration.getAndSet(iteration.get()) == iteration.get()) {
                doubleCalls.incrementAndGet();
            }
            if (sent.get() == sends) {
                allSeen.countDown();
            }
        }));
        loop.execute(ready::countDown);
        Thread thread = loop.start("async-test");
        assertThat(ready.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < sends; i++) {
            sent.incrementAndGet();
            assertThat(handle.get().send()).isTrue();
        }

        assertThat(allSeen.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));
        assertThat(doubleCalls.get()).isZero();
        assertThat(callbacks.get()).isBetween(1, sends);
        assertThat(handle.get().send()).isFalse();
    }

    @Test
    void aClosedAsyncHandleRefusesSendsAndItsPendingCallbackDoesNotRun() {
        Loop loop = tracked();
        AtomicInteger calls = new AtomicInteger();
        AsyncHandle handle = loop.async(h -> calls.incrementAndGet());

        assertThat(handle.send()).isTrue();
        assertThat(handle.isPending()).isTrue();
        handle.close();
        handle.close();
        loop.run(RunMode.NOWAIT);

        assertThat(handle.send()).isFalse();
        assertThat(calls.get()).isZero();
    }

    // ------------------------------------------------------------ iteration order and hooks

    @Test
    void oneIterationRunsItsStepsInTheDocumentedOrder() {
        Loop loop = tracked();
        List<String> order = new ArrayList<>();
        loop.prepare(h -> order.add("prepare"));
        Hook idle = loop.idle(h -> order.add("idle"));
        loop.check(h -> order.add("check"));
        loop.beforeSleep(() -> order.add("before-sleep"));
        loop.afterSleep(() -> order.add("after-sleep"));
        loop.execute(() -> order.add("task"));
        loop.schedule(Duration.ZERO, t -> order.add("timer"));

        loop.run(RunMode.NOWAIT);
        idle.close();

        assertThat(order).containsExactly("prepare", "idle", "before-sleep", "task", "timer",
                "check", "after-sleep");
    }

    @Test
    void anActiveIdleHookKeepsThePollFromWaiting() {
        Loop loop = tracked();
        AtomicInteger idles = new AtomicInteger();
        loop.schedule(Duration.ofDays(1), t -> { });
        loop.idle(hook -> {
            if (idles.incrementAndGet() == 3) {
                loop.stop();
            }
        });

        loop.run();

        assertThat(idles.get()).isEqualTo(3);
    }

    @Test
    void aHookStoppedFromItsCallbackDoesNotRunAgain() {
        Loop loop = tracked();
        AtomicInteger calls = new AtomicInteger();
        Hook hook = loop.check(h -> {
            calls.incrementAndGet();
            h.stop();
        });

        loop.run(RunMode.NOWAIT);
        loop.run(RunMode.NOWAIT);

        assertThat(calls.get()).isEqualTo(1);
        assertThat(hook.isActive()).isFalse();
        hook.close();
        assertThatThrownBy(hook::start).isInstanceOf(ClosedException.class);
    }

    @Test
    void aFailingCallbackGoesToTheErrorHandlerAndTheLoopGoesOn() {
        List<RuntimeException> failures = new ArrayList<>();
        Loop loop = track(Loop.create(LoopOptions.builder().backend(backend())
                .errorHandler((l, failure) -> failures.add(failure)).build()));
        AtomicInteger after = new AtomicInteger();
        loop.schedule(Duration.ZERO, t -> {
            throw new IllegalStateException("boom");
        });
        loop.schedule(Duration.ZERO, t -> after.incrementAndGet());
        loop.execute(() -> {
            throw new UnsupportedOperationException("bang");
        });

        loop.run(RunMode.NOWAIT);

        assertThat(failures).extracting(Throwable::getMessage).containsExactlyInAnyOrder("boom", "bang");
        assertThat(after.get()).isEqualTo(1);
        assertThat(loop.metrics().callbackFailures()).isEqualTo(2);
    }

    @Test
    void anErrorThrownByACallbackEndsRun() {
        Loop loop = tracked();
        loop.schedule(Duration.ZERO, t -> {
            throw new AssertionError("fatal");
        });

        assertThatThrownBy(() -> loop.run(RunMode.NOWAIT)).isInstanceOf(AssertionError.class);
        assertThat(loop.isRunning()).isFalse();
        loop.run(RunMode.NOWAIT);
    }

    @Test
    void closeFromACallbackTakesEffectWhenRunReturns() {
        Loop loop = loop();
        AtomicInteger after = new AtomicInteger();
        loop.schedule(Duration.ZERO, t -> {
            loop.close();
            after.incrementAndGet();
        });

        loop.run();

        assertThat(after.get()).isEqualTo(1);
        assertThat(loop.isClosed()).isTrue();
    }

    // ------------------------------------------------------------ timers

    @Test
    void aZeroDelayTimerFiresInTheNextIteration() {
        Loop loop = tracked();
        AtomicInteger fired = new AtomicInteger();
        AtomicInteger innerFired = new AtomicInteger();
        loop.schedule(Duration.ZERO, t -> {
            fired.incrementAndGet();
            loop.schedule(Duration.ZERO, inner -> innerFired.incrementAndGet());
        });

        loop.run(RunMode.NOWAIT);
        assertThat(fired.get()).isEqualTo(1);
        assertThat(innerFired.get()).isZero();

        loop.run(RunMode.ONCE);
        assertThat(innerFired.get()).isEqualTo(1);
    }

    @Test
    void aOneShotTimerFiresOnceThenIsInactive() {
        Loop loop = tracked();
        AtomicInteger fired = new AtomicInteger();
        AtomicReference<Timer> seen = new AtomicReference<>();
        Timer timer = loop.schedule(1, TimeUnit.MILLISECONDS, t -> {
            fired.incrementAndGet();
            seen.set(t);
        });
        assertThat(timer.isActive()).isTrue();

        runUntil(loop, () -> fired.get() == 1);
        loop.run(RunMode.NOWAIT);

        assertThat(fired.get()).isEqualTo(1);
        assertThat(seen.get()).isSameAs(timer);
        assertThat(timer.isActive()).isFalse();
        assertThat(loop.activeTimers()).isZero();
    }

    @Test
    void aMicrosecondTimerFiresAfterItsDeadlineAndNotBefore() {
        Loop loop = tracked();
        AtomicLong firedAt = new AtomicLong();
        long scheduledAt = loop.nowNs();
        loop.schedule(200, TimeUnit.MICROSECONDS, t -> firedAt.set(loop.nowNs()));

        runUntil(loop, () -> firedAt.get() != 0);

        assertThat(firedAt.get() - scheduledAt).isGreaterThanOrEqualTo(200_000);
    }

    @Test
    void periodicTimersKeepTheirPhaseUnderTheVirtualClock() {
        ManualClock clock = new ManualClock();
        Loop loop = loop(clock);
        List<Long> fired = new ArrayList<>();
        loop.schedulePeriodic(Duration.ofMillis(5), Duration.ofMillis(10),
                t -> fired.add(loop.nowNs()));

        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(3));
            loop.run(RunMode.NOWAIT);
        }

        // 300 ms of virtual time: deadlines 5, 15, ..., 295 ms.
        assertThat(fired).hasSize(30);
        for (int k = 0; k < fired.size(); k++) {
            long deadline = TimeUnit.MILLISECONDS.toNanos(5 + 10L * k);
            assertThat(fired.get(k)).isBetween(deadline, deadline + TimeUnit.MILLISECONDS.toNanos(3));
        }
    }

    @Test
    void aPeriodicTimerCatchesUpOnePeriodPerIterationAfterAStall() {
        ManualClock clock = new ManualClock();
        Loop loop = loop(clock);
        AtomicInteger fired = new AtomicInteger();
        Timer timer = loop.schedulePeriodic(Duration.ofMillis(10), Duration.ofMillis(10),
                t -> fired.incrementAndGet());

        clock.advance(Duration.ofMillis(50));
        for (int i = 0; i < 10; i++) {
            loop.run(RunMode.NOWAIT);
        }

        assertThat(fired.get()).isEqualTo(5);
        assertThat(timer.deadlineNs()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(60));
    }

    @Test
    void aTimerCancelledFromInsideACallbackDoesNotFire() {
        ManualClock clock = new ManualClock();
        Loop loop = loop(clock);
        AtomicInteger victimFired = new AtomicInteger();
        AtomicInteger selfFired = new AtomicInteger();
        Timer victim = loop.schedule(Duration.ofMillis(2), t -> victimFired.incrementAndGet());
        loop.schedule(Duration.ofMillis(1), t -> assertThat(victim.cancel()).isTrue());
        loop.schedulePeriodic(Duration.ofMillis(1), Duration.ofMillis(1), t -> {
            selfFired.incrementAndGet();
            t.cancel();
        });

        clock.advance(Duration.ofMillis(5));
        loop.run(RunMode.NOWAIT);
        loop.run(RunMode.NOWAIT);

        assertThat(victimFired.get()).isZero();
        assertThat(selfFired.get()).isEqualTo(1);
        assertThat(victim.isActive()).isFalse();
        assertThat(victim.cancel()).isFalse();
        assertThat(loop.activeTimers()).isZero();
    }

    @Test
    void aHundredThousandTimersAreScheduledAndCancelled() {
        ManualClock clock = new ManualClock();
        Loop loop = loop(clock);
        AtomicInteger fired = new AtomicInteger();
        List<Timer> timers = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            timers.add(loop.schedule(1 + i % 5_000, TimeUnit.MILLISECONDS, t -> fired.incrementAndGet()));
        }
        assertThat(loop.activeTimers()).isEqualTo(100_000);

        for (int i = 0; i < timers.size(); i += 2) {
            assertThat(timers.get(i).cancel()).isTrue();
        }
        clock.advance(Duration.ofSeconds(10));
        loop.run(RunMode.NOWAIT);

        assertThat(fired.get()).isEqualTo(50_000);
        assertThat(loop.activeTimers()).isZero();
    }

    @Test
    void timersBeyondTheTopLevelOfTheWheelFireOnTime() {
        ManualClock clock = new ManualClock();
        Loop loop = loop(clock);
        AtomicLong firedAt = new AtomicLong(-1);
        long delayNs = Duration.ofDays(60).toNanos();
        loop.schedule(Duration.ofDays(60), t -> firedAt.set(loop.nowNs()));

        clock.advanceNs(delayNs - 1);
        loop.run(RunMode.NOWAIT);
        assertThat(firedAt.get()).isEqualTo(-1);

        clock.advanceNs(1);
        loop.run(RunMode.NOWAIT);
        assertThat(firedAt.get()).isEqualTo(delayNs);
    }

    @Test
    void advancingTheVirtualClockWakesALoopBlockedOnAVirtualDeadline() throws Exception {
        // Repeated: the advance races with the loop going to sleep.
        for (int round = 0; round < 20; round++) {
            ManualClock clock = new ManualClock();
            Loop loop = Loop.create(LoopOptions.builder().backend(backend()).clock(clock).build());
            CountDownLatch fired = new CountDownLatch(1);
            CountDownLatch scheduled = new CountDownLatch(1);
            loop.execute(() -> {
                loop.schedule(Duration.ofHours(1), t -> fired.countDown());
                scheduled.countDown();
            });
            Thread thread = loop.start("virtual-clock-test-" + round);
            assertThat(scheduled.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();

            clock.advance(Duration.ofHours(1));

            assertThat(fired.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
            loop.stop();
            thread.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));
        }
    }

    @Test
    void aTimerCanBeRestartedWithoutBeingCreatedAgain() {
        ManualClock clock = new ManualClock();
        Loop loop = loop(clock);
        AtomicInteger fired = new AtomicInteger();
        Timer timer = loop.timer(t -> fired.incrementAndGet());
        assertThat(timer.isActive()).isFalse();

        timer.start(Duration.ofMillis(10));
        clock.advance(Duration.ofMillis(5));
        timer.start(Duration.ofMillis(10));
        clock.advance(Duration.ofMillis(6));
        loop.run(RunMode.NOWAIT);
        assertThat(fired.get()).isZero();

        clock.advance(Duration.ofMillis(4));
        loop.run(RunMode.NOWAIT);
        assertThat(fired.get()).isEqualTo(1);
    }

    // ------------------------------------------------------------ completions and metrics

    @Test
    void aNopCompletesWithZeroInALaterIteration() {
        Loop loop = tracked();
        AtomicInteger result = new AtomicInteger(Integer.MIN_VALUE);

        loop.submitNop(result::set);
        runUntil(loop, () -> result.get() != Integer.MIN_VALUE);

        assertThat(result.get()).isZero();
    }

    @Test
    void aBackendTimeoutCompletesAfterItsDelayAndACancelledOneReportsCancelled() {
        Loop loop = tracked();
        AtomicInteger expired = new AtomicInteger(Integer.MIN_VALUE);
        AtomicInteger cancelled = new AtomicInteger(Integer.MIN_VALUE);
        long start = System.nanoTime();
        AtomicLong doneAt = new AtomicLong();

        loop.submitTimeout(TimeUnit.MILLISECONDS.toNanos(2), r -> {
            expired.set(r);
            doneAt.set(System.nanoTime());
        });
        long token = loop.submitTimeout(TimeUnit.HOURS.toNanos(1), cancelled::set);
        assertThat(loop.cancelSubmitted(token)).isTrue();
        runUntil(loop, () -> expired.get() != Integer.MIN_VALUE && cancelled.get() != Integer.MIN_VALUE);

        assertThat(expired.get()).isEqualTo(-62);
        assertThat(doneAt.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2));
        assertThat(cancelled.get()).isEqualTo(-125);
        assertThat(loop.cancelSubmitted(token)).isFalse();
    }

    @Test
    void closingTheLoopFailsPendingCompletionsOnce() {
        Loop loop = loop();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger result = new AtomicInteger();
        loop.submitTimeout(TimeUnit.HOURS.toNanos(1), r -> {
            calls.incrementAndGet();
            result.set(r);
        });

        loop.close();
        loop.close();

        assertThat(calls.get()).isEqualTo(1);
        assertThat(result.get()).isEqualTo(-125);
    }

    @Test
    void metricsCountIterationsEventsAndTimers() {
        Loop loop = tracked();
        DuplexPair pair = trackedPair(loop);
        loop.register(pair.fd(), Interest.READ, (fd, ready) -> pair.drainNear());
        loop.schedule(Duration.ZERO, t -> { });
        pair.writeFar(new byte[] {7});

        // runUntil's own guard timer may fire as well, so the timers count at least ours.
        runUntil(loop, () -> loop.metrics().events() >= 1 && loop.metrics().timersFired() >= 1);
        LoopMetrics metrics = loop.metrics();

        assertThat(metrics.iterations()).isPositive();
        assertThat(metrics.events()).isGreaterThanOrEqualTo(1);
        assertThat(metrics.timersFired()).isGreaterThanOrEqualTo(1);
        assertThat(metrics.runTimeNs()).isGreaterThanOrEqualTo(metrics.pollTimeNs());
        assertThat(metrics.busyRatio()).isBetween(0.0, 1.0);
    }

    // ------------------------------------------------------------ helpers

    /** Runs single iterations until the condition holds, failing after a deadline. */
    static void runUntil(Loop loop, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        Timer guard = loop.schedule(Duration.ofMillis(20), t -> { });
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + DEADLINE_S + " s");
            }
            if (!guard.isActive()) {
                guard.start(Duration.ofMillis(20));
            }
            loop.run(RunMode.ONCE);
        }
        guard.cancel();
    }
}

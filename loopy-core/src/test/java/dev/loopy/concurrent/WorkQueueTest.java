package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import dev.loopy.LoopOptions;
import dev.loopy.WrongThreadException;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    private static final long WAIT_S = 5;

    private final List<WorkResult<?>> results = new CopyOnWriteArrayList<>();
    private final List<Thread> callbackThreads = new CopyOnWriteArrayList<>();
    private final List<RuntimeException> loopFailures = new CopyOnWriteArrayList<>();
    private final Semaphore delivered = new Semaphore(0);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private int fdsBefore;
    private Loop loop;
    private Thread loopThread;
    private WorkQueue queue;

    @BeforeEach
    void startLoop() {
        fdsBefore = openFds();
        loop = Loop.create(LoopOptions.builder()
                .errorHandler((failing, failure) -> loopFailures.add(failure)).build());
        loopThread = loop.start("work-test-loop");
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        release.countDown();
        if (queue != null) {
            queue.shutdownNow();
            assertThat(queue.awaitTermination(Duration.ofSeconds(WAIT_S))).isTrue();
        }
        loop.stop();
        loopThread.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        assertThat(loopThread.isAlive()).isFalse();
        assertThat(openFds()).isEqualTo(fdsBefore);
    }

    @Test
    void aValueIsComputedOnAWorkerAndDeliveredOnTheLoopThread() throws Exception {
        queue = WorkQueue.create(loop);
        AtomicReference<Thread> worker = new AtomicReference<>();

        WorkHandle handle = queue.submit(() -> {
            worker.set(Thread.currentThread());
            return 42;
        }, this::record);
        awaitDeliveries(1);

        assertThat(handle.id()).isEqualTo(1);
        assertThat(handle.state()).isEqualTo(WorkState.COMPLETED);
        assertThat(results).containsExactly(new WorkResult<>(WorkState.COMPLETED, 42, null));
        assertThat(callbackThreads).containsExactly(loopThread);
        assertThat(worker.get().getName()).startsWith("loopy-work-");
        assertThat(worker.get().isVirtual()).isFalse();
    }

    @Test
    void aFailureIsDeliveredWithWhatTheWorkThrew() throws Exception {
        queue = WorkQueue.create(loop);
        IOException boom = new IOException("disk gone");

        WorkHandle handle = queue.submit(() -> {
            throw boom;
        }, this::record);
        awaitDeliveries(1);

        assertThat(handle.state()).isEqualTo(WorkState.FAILED);
        assertThat(results).containsExactly(new WorkResult<>(WorkState.FAILED, null, boom));
        assertThat(queue.stats().failed()).isEqualTo(1);
    }

    @Test
    void theTwoArgumentFormReceivesTheValueOrTheFailure() throws Exception {
        queue = oneThread(4);
        List<String> seen = new CopyOnWriteArrayList<>();
        WorkCallback<String> callback = WorkCallback.of((value, failure) -> {
            seen.add(value + "/" + (failure == null ? null : failure.getClass().getSimpleName()));
            delivered.release();
        });

        queue.submit(this::blockUntilReleased, callback);
        started.await(WAIT_S, TimeUnit.SECONDS);
        queue.submit(() -> "never", callback).cancel();
        release.countDown();
        queue.submit(() -> {
            throw new IllegalStateException();
        }, callback);
        awaitDeliveries(3);

        assertThat(seen).containsExactly("null/CancellationException", "done/null",
                "null/IllegalStateException");
    }

    @Test
    void aFullQueueRefusesVisiblyWithoutThrowing() throws Exception {
        queue = oneThread(2);
        queue.submit(this::blockUntilReleased, this::record);
        started.await(WAIT_S, TimeUnit.SECONDS);
        queue.submit(() -> "a", this::record);
        queue.submit(() -> "b", this::record);

        WorkHandle refused = queue.submit(() -> "c", this::record);

        assertThat(refused).isSameAs(WorkHandle.REFUSED);
        assertThat(refused.isRefused()).isTrue();
        assertThat(refused.state()).isEqualTo(WorkState.REFUSED);
        assertThat(refused.cancel(true)).isFalse();
        WorkQueueStats stats = queue.stats();
        assertThat(stats.refused()).isEqualTo(1);
        assertThat(stats.submitted()).isEqualTo(3);
        assertThat(stats.queued()).isEqualTo(2);
        assertThat(stats.running()).isEqualTo(1);
        release.countDown();
        awaitDeliveries(3);
        assertThat(results).extracting(result -> (Object) result.value())
                .containsExactly("done", "a", "b");
    }

    @Test
    void cancellingQueuedWorkSettlesItOnceAndItNeverRuns() throws Exception {
        queue = oneThread(4);
        queue.submit(this::blockUntilReleased, this::record);
        started.await(WAIT_S, TimeUnit.SECONDS);
        List<String> ran = new CopyOnWriteArrayList<>();
        WorkHandle queued = queue.submit(() -> ran.add("queued"), this::record);

        assertThat(queued.cancel()).isTrue();
        assertThat(queued.cancel(true)).isFalse();
        awaitDeliveries(1);
        release.countDown();
        awaitDeliveries(1);

        assertThat(queued.state()).isEqualTo(WorkState.CANCELLED);
        assertThat(results).extracting(WorkResult::state)
                .containsExactly(WorkState.CANCELLED, WorkState.COMPLETED);
        assertThat(ran).isEmpty();
        assertThat(queue.stats().cancelled()).isEqualTo(1);
        assertThat(queue.queued()).isZero();
    }

    @Test
    void runningWorkIsInterruptedOnlyWhenAsked() throws Exception {
        queue = oneThread(4);
        CountDownLatch interrupted = new CountDownLatch(1);
        WorkHandle running = queue.submit(() -> {
            started.countDown();
            try {
                release.await();
                return "not interrupted";
            } catch (InterruptedException expected) {
                interrupted.countDown();
                return "returned after the interrupt";
            }
        }, this::record);
        started.await(WAIT_S, TimeUnit.SECONDS);

        assertThat(running.cancel()).isFalse();
        assertThat(running.state()).isEqualTo(WorkState.RUNNING);
        assertThat(running.cancel(true)).isTrue();
        assertThat(interrupted.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        awaitDeliveries(1);

        assertThat(results).containsExactly(new WorkResult<>(WorkState.CANCELLED, null, null));
        queue.submit(() -> Thread.currentThread().isInterrupted(), this::record);
        awaitDeliveries(1);
        assertThat(results.get(1).value()).isEqualTo(false);
    }

    @Test
    void closeCancelsQueuedWorkLetsRunningWorkFinishAndSettlesEachOnce() throws Exception {
        queue = oneThread(8);
        queue.submit(this::blockUntilReleased, this::record);
        started.await(WAIT_S, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            queue.submit(() -> "queued", this::record);
        }

        queue.close();
        queue.close();
        awaitDeliveries(5);
        assertThat(queue.isTerminated()).isFalse();
        release.countDown();
        awaitDeliveries(1);

        assertThat(queue.awaitTermination(Duration.ofSeconds(WAIT_S))).isTrue();
        assertThat(results).extracting(WorkResult::state).containsExactly(
                WorkState.CANCELLED, WorkState.CANCELLED, WorkState.CANCELLED,
                WorkState.CANCELLED, WorkState.CANCELLED, WorkState.COMPLETED);
        drainLoop();
        assertThat(results).hasSize(6);
        assertThatThrownBy(() -> queue.submit(() -> 1, this::record))
                .isInstanceOf(ClosedException.class)
                .hasMessage("work queue is closed (submit)");
    }

    @Test
    void shutdownNowInterruptsRunningWorkAndSettlesItAsCancelled() throws Exception {
        queue = oneThread(8);
        queue.submit(this::blockUntilReleased, this::record);
        started.await(WAIT_S, TimeUnit.SECONDS);
        queue.submit(() -> "queued", this::record);

        assertThat(queue.shutdownNow()).isEqualTo(1);
        awaitDeliveries(2);

        assertThat(queue.awaitTermination(Duration.ofSeconds(WAIT_S))).isTrue();
        assertThat(results).extracting(WorkResult::state)
                .containsExactly(WorkState.CANCELLED, WorkState.CANCELLED);
        assertThat(queue.stats().cancelled()).isEqualTo(2);
        assertThat(queue.running()).isZero();
    }

    @Test
    void virtualModeStartsOneVirtualThreadPerPieceOfWorkWithinTheBound() throws Exception {
        queue = WorkQueue.create(loop, WorkQueueOptions.builder().virtualThreads(3)
                .capacity(16).threadName("io-").build());
        List<Thread> threads = new CopyOnWriteArrayList<>();
        AtomicInteger live = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch threeRunning = new CountDownLatch(3);

        for (int i = 0; i < 12; i++) {
            queue.submit(() -> {
                threads.add(Thread.currentThread());
                peak.accumulateAndGet(live.incrementAndGet(), Math::max);
                threeRunning.countDown();
                release.await();
                live.decrementAndGet();
                return null;
            }, this::record);
        }
        assertThat(threeRunning.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.stats().queued()).isEqualTo(9);
        release.countDown();
        awaitDeliveries(12);

        assertThat(queue.mode()).isEqualTo(WorkQueueMode.VIRTUAL);
        assertThat(peak.get()).isEqualTo(3);
        assertThat(threads).hasSize(12).doesNotHaveDuplicates().allMatch(Thread::isVirtual)
                .allMatch(thread -> thread.getName().startsWith("io-"));
        assertThat(results).allMatch(WorkResult::isCompleted);
    }

    @Test
    void virtualModeRefusesBeyondItsBoundAndItsQueue() throws Exception {
        queue = WorkQueue.create(loop,
                WorkQueueOptions.builder().virtualThreads(1).capacity(1).build());
        queue.submit(this::blockUntilReleased, this::record);
        queue.submit(() -> "queued", this::record);

        assertThat(queue.submit(() -> "refused", this::record).isRefused()).isTrue();
        release.countDown();
        awaitDeliveries(2);
        assertThat(queue.stats().refused()).isEqualTo(1);
    }

    @Test
    void aCallbackThatThrowsDoesNotStopTheDeliveryOfOthers() throws Exception {
        queue = WorkQueue.create(loop);
        IllegalStateException boom = new IllegalStateException("callback failed");
        queue.submit(() -> 1, result -> {
            delivered.release();
            throw boom;
        });
        queue.submit(() -> 2, this::record);

        awaitDeliveries(2);
        drainLoop();

        assertThat(results).extracting(result -> (Object) result.value()).containsExactly(2);
        assertThat(loopFailures).containsExactly(boom);
    }

    @Test
    void waitingForTerminationOnTheLoopThreadIsRefused() throws Exception {
        queue = WorkQueue.create(loop);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        loop.execute(() -> {
            try {
                queue.awaitTermination(Duration.ofSeconds(1));
            } catch (Throwable refused) {
                failure.set(refused);
            }
            delivered.release();
        });

        awaitDeliveries(1);

        assertThat(failure.get()).isInstanceOf(WrongThreadException.class);
    }

    @Test
    void badArgumentsAreRefusedWithTheirRule() {
        queue = WorkQueue.create(loop);

        assertThatThrownBy(() -> queue.submit(null, this::record))
                .isInstanceOf(NullPointerException.class).hasMessage("work");
        assertThatThrownBy(() -> queue.submit(() -> 1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("callback");
        assertThatThrownBy(() -> WorkQueueOptions.builder().capacity(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity=0 (expected >= 1)");
        assertThatThrownBy(() -> WorkQueueOptions.builder().virtualThreads(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("virtualThreads=-1 (expected >= 1)");
        assertThatThrownBy(() -> WorkQueueOptions.builder().platformThreads(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkResult<>(WorkState.FAILED, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WorkState.REFUSED.label()).isEqualTo("refused");
        assertThat(WorkQueueMode.VIRTUAL.label()).isEqualTo("virtual");
    }

    private WorkQueue oneThread(int capacity) {
        return WorkQueue.create(loop,
                WorkQueueOptions.builder().platformThreads(1).capacity(capacity).build());
    }

    private String blockUntilReleased() throws InterruptedException {
        started.countDown();
        release.await();
        return "done";
    }

    private void record(WorkResult<?> result) {
        results.add(result);
        callbackThreads.add(Thread.currentThread());
        delivered.release();
    }

    private void awaitDeliveries(int count) throws InterruptedException {
        assertThat(delivered.tryAcquire(count, WAIT_S, TimeUnit.SECONDS))
                .as("%d deliveries", count).isTrue();
    }

    /** Waits until the loop ran every task handed to it before this call. */
    private void drainLoop() throws InterruptedException {
        CountDownLatch drained = new CountDownLatch(1);
        loop.execute(drained::countDown);
        assertThat(drained.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}

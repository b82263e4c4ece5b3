package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopy.Loop;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueRaceTest {
    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 400;

    /** One submission and the number of times its callback ran. */
    private record Submission(WorkHandle handle, AtomicInteger deliveries) {
    }

    @Test
    void producersCancellersAndACloseNeverLoseOrRepeatAnOutcome() throws Exception {
        int fdsBefore = openFds();
        for (int round = 0; round < 12; round++) {
            WorkQueueMode mode = round % 2 == 0 ? WorkQueueMode.PLATFORM : WorkQueueMode.VIRTUAL;
            runRound(mode, round);
        }
        assertThat(openFds()).isEqualTo(fdsBefore);
    }

    private static void runRound(WorkQueueMode mode, long seed) throws Exception {
        Loop loop = Loop.create();
        Thread loopThread = loop.start("race-loop");
        WorkQueueOptions.Builder options = WorkQueueOptions.builder().capacity(32);
        WorkQueue queue = WorkQueue.create(loop, mode == WorkQueueMode.PLATFORM
                ? options.platformThreads(2).build() : options.virtualThreads(4).build());
        List<Submission> submissions = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CyclicBarrier start = new CyclicBarrier(PRODUCERS);

        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            SplittableRandom random = new SplittableRandom(seed * 31 + p);
            producers.add(Thread.ofPlatform().uncaughtExceptionHandler((t, e) -> failures.add(e))
                    .start(() -> produce(queue, submissions, start, random)));
        }
        for (Thread producer : producers) {
            producer.join(10_000);
        }
        queue.close();
        assertThat(queue.awaitTermination(Duration.ofSeconds(10))).isTrue();
        drain(loop);

        assertThat(failures).isEmpty();
        check(queue.stats(), submissions);
        loop.stop();
        loopThread.join(5_000);
    }

    private static void check(WorkQueueStats stats, List<Submission> submissions) {
        long accepted = submissions.stream().filter(s -> !s.handle().isRefused()).count();
        assertThat(submissions).hasSize(PRODUCERS * PER_PRODUCER);
        assertThat(stats.submitted()).isEqualTo(accepted);
        assertThat(stats.refused()).isEqualTo(submissions.size() - accepted);
        assertThat(stats.completed() + stats.failed() + stats.cancelled()).isEqualTo(accepted);
        for (Submission submission : submissions) {
            int expected = submission.handle().isRefused() ? 0 : 1;
            assertThat(submission.deliveries().get()).as("%s", submission.handle())
                    .isEqualTo(expected);
            assertThat(submission.handle().state().isSettled()).isTrue();
        }
        assertThat(stats.queued()).isZero();
        assertThat(stats.running()).isZero();
    }

    private static void produce(WorkQueue queue, List<Submission> submissions,
            CyclicBarrier start, SplittableRandom random) {
        try {
            start.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < PER_PRODUCER; i++) {
            boolean fail = random.nextInt(5) == 0;
            AtomicInteger deliveries = new AtomicInteger();
            WorkHandle handle = queue.submit(() -> {
                if (fail) {
                    throw new IllegalStateException("planned");
                }
                return null;
            }, result -> deliveries.incrementAndGet());
            submissions.add(new Submission(handle, deliveries));
            if (random.nextInt(3) == 0) {
                handle.cancel(random.nextBoolean());
            }
        }
    }

    private static void drain(Loop loop) throws InterruptedException {
        CountDownLatch drained = new CountDownLatch(1);
        loop.execute(drained::countDown);
        assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}

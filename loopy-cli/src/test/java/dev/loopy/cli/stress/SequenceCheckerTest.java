package dev.loopy.cli.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.util.FastRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SequenceCheckerTest {
    @Test
    void aCompleteDeliveryInOrderPasses() {
        SequenceChecker checker = new SequenceChecker("test", 3, 100);
        SequenceChecker.Observer observer = checker.observer(true);

        for (long sequence = 0; sequence < 100; sequence++) {
            for (int source = 0; source < 3; source++) {
                observer.record(StressMessage.of(source, sequence));
            }
        }

        SequenceReport report = checker.verify(new long[] {100, 100, 100});
        assertThat(report.passed()).isTrue();
        assertThat(report.sent()).isEqualTo(300);
        assertThat(report.received()).isEqualTo(300);
        assertThat(report.summary()).isEqualTo("ok   test: 300 sent, 300 received");
    }

    @Test
    void anInjectedLossIsFoundWithItsSourceAndFirstSequence() {
        SequenceChecker checker = new SequenceChecker("test", 2, 1_000);
        SequenceChecker.Observer observer = checker.observer(true);
        for (long sequence = 0; sequence < 1_000; sequence++) {
            boolean dropped = sequence >= 500 && sequence < 503;
            if (!dropped) {
                observer.record(1, sequence);
            }
            observer.record(0, sequence);
        }

        SequenceReport report = checker.verify(new long[] {1_000, 1_000});

        assertThat(report.passed()).isFalse();
        assertThat(report.lost()).isEqualTo(3);
        assertThat(report.examples()).containsExactly(new Violation(ViolationKind.LOSS, 1,
                500, "3 in a row never arrived (of 1000 sent)"));
    }

    @Test
    void messagesSentButNeverReceivedAtTheTailAreLost() {
        SequenceChecker checker = new SequenceChecker("test", 1, 1_000);
        SequenceChecker.Observer observer = checker.observer(true);
        for (long sequence = 0; sequence < 990; sequence++) {
            observer.record(0, sequence);
        }

        SequenceReport report = checker.verify(new long[] {1_000});

        assertThat(report.lost()).isEqualTo(10);
        assertThat(report.examples()).extracting(Violation::sequence).containsExactly(990L);
    }

    @Test
    void anInjectedDuplicateIsFoundWithinOneObserver() {
        SequenceChecker checker = new SequenceChecker("test", 1, 10);
        SequenceChecker.Observer observer = checker.observer(true);
        for (long sequence = 0; sequence < 10; sequence++) {
            observer.record(0, sequence);
        }
        observer.record(0, 4);

        SequenceReport report = checker.verify(new long[] {10});

        assertThat(report.duplicated()).isEqualTo(1);
        assertThat(report.reordered()).isZero();
        assertThat(report.examples()).containsExactly(
                new Violation(ViolationKind.DUPLICATE, 0, 4, "arrived again"));
    }

    @Test
    void aDuplicateSeenByTwoDifferentObserversIsFound() {
        SequenceChecker checker = new SequenceChecker("test", 1, 10);
        SequenceChecker.Observer first = checker.observer(false);
        SequenceChecker.Observer second = checker.observer(false);
        for (long sequence = 0; sequence < 10; sequence++) {
            (sequence % 2 == 0 ? first : second).record(0, sequence);
        }
        second.record(0, 6);

        SequenceReport report = checker.verify(new long[] {10});

        assertThat(report.duplicated()).isEqualTo(1);
        assertThat(report.received()).isEqualTo(11);
    }

    @Test
    void anInjectedReorderIsFoundWhereOrderIsPromised() {
        SequenceChecker checker = new SequenceChecker("test", 2, 10);
        SequenceChecker.Observer observer = checker.observer(true);
        long[] arrival = {0, 1, 3, 2, 4, 5, 6, 7, 8, 9};
        for (long sequence : arrival) {
            observer.record(1, sequence);
            observer.record(0, sequence == 2 ? 3 : sequence == 3 ? 2 : sequence);
        }

        SequenceReport report = checker.verify(new long[] {10, 10});

        assertThat(report.reordered()).isEqualTo(1);
        assertThat(report.lost()).isZero();
        assertThat(report.examples()).containsExactly(new Violation(ViolationKind.REORDER, 1,
                2, "arrived after sequence 3"));
    }

    @Test
    void anInterleavingOfSharedMessagesIsNoReorderWhereOrderIsNotPromised() {
        SequenceChecker checker = new SequenceChecker("test", 1, 10);
        SequenceChecker.Observer observer = checker.observer(false);

        for (long sequence = 9; sequence >= 0; sequence--) {
            observer.record(0, sequence);
        }

        assertThat(checker.verify(new long[] {10}).passed()).isTrue();
    }

    @Test
    void gapsSeenByOneOfSeveralOrderedObserversAreNoReorder() {
        SequenceChecker checker = new SequenceChecker("test", 1, 10);
        SequenceChecker.Observer even = checker.observer(true);
        SequenceChecker.Observer odd = checker.observer(true);

        for (long sequence = 0; sequence < 10; sequence++) {
            (sequence % 2 == 0 ? even : odd).record(0, sequence);
        }

        assertThat(checker.verify(new long[] {10}).passed()).isTrue();
    }

    @Test
    void aCorruptedMessageIsFound() {
        SequenceChecker checker = new SequenceChecker("test", 1, 2);
        SequenceChecker.Observer observer = checker.observer(true);
        StressMessage intact = StressMessage.of(0, 1);

        observer.record(StressMessage.of(0, 0));
        observer.record(new StressMessage(0, 1, intact.checksum() ^ 1));

        SequenceReport report = checker.verify(new long[] {2});
        assertThat(report.corrupt()).isEqualTo(1);
        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.examples()).first().extracting(Violation::kind)
                .isEqualTo(ViolationKind.CORRUPT);
    }

    @Test
    void aMessageThatWasNeverSentIsAPhantom() {
        SequenceChecker checker = new SequenceChecker("test", 2, 100);
        SequenceChecker.Observer observer = checker.observer(true);
        observer.record(0, 0);
        observer.record(0, 50);
        observer.record(5, 0);
        observer.record(1, 100);

        SequenceReport report = checker.verify(new long[] {1, 0});

        assertThat(report.phantom()).isEqualTo(3);
        assertThat(report.lost()).isZero();
    }

    @Test
    void everyViolationIsCountedButOnlyTheFirstAreKept() {
        SequenceChecker checker = new SequenceChecker("test", 1, 100);
        SequenceChecker.Observer observer = checker.observer(true);
        for (long sequence = 0; sequence < 100; sequence++) {
            observer.record(0, sequence);
            observer.record(0, sequence);
        }

        SequenceReport report = checker.verify(new long[] {100});

        assertThat(report.duplicated()).isEqualTo(100);
        assertThat(report.examples()).hasSize(SequenceChecker.MAX_EXAMPLES);
        assertThat(report.summary()).startsWith("FAIL test: 100 sent, 200 received; "
                + "lost 0, duplicated 100");
    }

    @RepeatedTest(10)
    void randomInjectedFaultsAreCountedExactly() {
        FastRandom random = new FastRandom(System.nanoTime());
        int sources = 1 + random.nextInt(4);
        int perSource = 1 + random.nextInt(3_000);
        SequenceChecker checker = new SequenceChecker("random", sources, perSource);
        SequenceChecker.Observer observer = checker.observer(true);
        long lost = 0;
        long duplicated = 0;
        long reordered = 0;
        for (int source = 0; source < sources; source++) {
            long held = -1;
            for (long sequence = 0; sequence < perSource; sequence++) {
                int fault = random.nextInt(100);
                if (fault < 3) {
                    lost++;
                } else if (fault < 6) {
                    observer.record(source, sequence);
                    observer.record(source, sequence);
                    duplicated++;
                } else if (fault < 9 && held < 0 && sequence + 1 < perSource) {
                    held = sequence;
                } else {
                    observer.record(source, sequence);
                    if (held >= 0) {
                        observer.record(source, held);
                        reordered++;
                        held = -1;
                    }
                }
            }
            if (held >= 0) {
                lost++;
            }
        }
        long[] sent = new long[sources];
        java.util.Arrays.fill(sent, perSource);

        SequenceReport report = checker.verify(sent);

        assertThat(report.lost()).isEqualTo(lost);
        assertThat(report.duplicated()).isEqualTo(duplicated);
        assertThat(report.reordered()).isEqualTo(reordered);
        assertThat(report.passed()).isEqualTo(lost + duplicated + reordered == 0);
    }

    @RepeatedTest(3)
    void observersOnManyThreadsFindEveryDuplicateAmongThem() throws InterruptedException {
        int threads = 4;
        int perSource = 50_000;
        SequenceChecker checker = new SequenceChecker("threads", 1, perSource);
        ConcurrentLinkedQueue<Long> work = new ConcurrentLinkedQueue<>();
        for (long sequence = 0; sequence < perSource; sequence++) {
            work.add(sequence);
            if (sequence % 1_000 == 0) {
                work.add(sequence);
            }
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SequenceChecker.Observer observer = checker.observer(false);
            workers.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                for (Long sequence = work.poll(); sequence != null; sequence = work.poll()) {
                    observer.record(0, sequence);
                }
            }));
        }

        start.countDown();
        for (Thread worker : workers) {
            assertThat(worker.join(Duration.ofSeconds(20))).isTrue();
        }

        SequenceReport report = checker.verify(new long[] {perSource});
        assertThat(report.duplicated()).isEqualTo(50);
        assertThat(report.lost()).isZero();
        assertThat(report.received()).isEqualTo(perSource + 50);
    }

    @Test
    void badArgumentsAreRefusedWithTheirRule() {
        assertThatThrownBy(() -> new SequenceChecker("x", 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sources=0 (expected > 0)");
        assertThatThrownBy(() -> new SequenceChecker("x", 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceChecker(null, 1, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> new SequenceChecker("x", 2, 1).verify(new long[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sent.length=1 (expected 2)");
    }

    @Test
    void aMessageSurvivesItsEncoding() {
        StressMessage message = StressMessage.of(7, 123_456_789_012L);

        StressMessage decoded = StressMessage.decode(message.encode());

        assertThat(decoded).isEqualTo(message);
        assertThat(decoded.intact()).isTrue();
        assertThat(new StressMessage(7, 123_456_789_013L, message.checksum()).intact())
                .isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

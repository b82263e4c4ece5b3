package dev.loopy.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopy.Loop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class LoopDeliveryTest {
    private long fdsBefore;
    private Loop loop;
    private Thread loopThread;
    private PubSub hub;

    @BeforeEach
    void startLoop() throws IOException {
        fdsBefore = openFds();
        loop = Loop.create();
        loopThread = loop.start("subscriber-loop");
        hub = PubSub.embedded();
    }

    @AfterEach
    void stopLoop() throws Exception {
        hub.close();
        loop.stop();
        loopThread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(loopThread.isAlive()).isFalse();
        loop.close();
        assertThat(openFds()).isEqualTo(fdsBefore);
    }

    @Test
    void theHandlerRunsOnTheLoopThread() throws InterruptedException {
        AtomicBoolean onLoop = new AtomicBoolean();
        CountDownLatch delivered = new CountDownLatch(1);
        hub.subscribe("t", SubscriptionOptions.builder().deliverOn(loop).build(), message -> {
            onLoop.set(loop.inLoopThread());
            delivered.countDown();
        });

        hub.publish("t", "x");

        assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(onLoop).isTrue();
    }

    @RepeatedTest(3)
    void messagesFromSeveralPublishersAllArriveInEachPublishersOrder() throws Exception {
        int publishers = 3;
        int perPublisher = 2_000;
        List<Integer> received = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(publishers * perPublisher);
        hub.subscribe("t.#", SubscriptionOptions.builder().deliverOn(loop).capacity(128)
                .overflow(OverflowPolicy.BACK_PRESSURE).build(), message -> {
                    received.add((Integer) message.payload());
                    all.countDown();
                });
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[publishers];
        for (int p = 0; p < publishers; p++) {
            int base = p * perPublisher;
            threads[p] = Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perPublisher; i++) {
                    hub.publish("t.p", base + i, java.time.Duration.ofSeconds(30));
                }
            });
        }

        start.countDown();

        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        for (int p = 0; p < publishers; p++) {
            int base = p * perPublisher;
            List<Integer> mine = received.stream()
                    .filter(id -> id >= base && id < base + perPublisher).toList();
            assertThat(mine).hasSize(perPublisher).isSorted();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @RepeatedTest(3)
    void subscribersSharingTheLoopEachGetEveryMessageInEachPublishersOrder()
            throws Exception {
        int publishers = 3;
        int perPublisher = 2_000;
        int subscribers = 5;
        List<List<Integer>> received = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(publishers * perPublisher * subscribers);
        SubscriptionOptions shared = SubscriptionOptions.builder().deliverOn(loop)
                .capacity(publishers * perPublisher).build();
        for (int s = 0; s < subscribers; s++) {
            List<Integer> mine = new ArrayList<>();
            received.add(mine);
            hub.subscribe("t.#", shared, message -> {
                mine.add((Integer) message.payload());
                all.countDown();
            });
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int base = p * perPublisher;
            threads.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perPublisher; i++) {
                    hub.publish("t.p", base + i);
                }
            }));
        }

        start.countDown();

        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        CountDownLatch seen = new CountDownLatch(1);
        loop.execute(seen::countDown);
        assertThat(seen.await(10, TimeUnit.SECONDS)).isTrue();
        for (List<Integer> mine : received) {
            assertThat(mine).hasSize(publishers * perPublisher);
            for (int p = 0; p < publishers; p++) {
                int base = p * perPublisher;
                assertThat(mine.stream().filter(id -> id >= base && id < base + perPublisher)
                        .toList()).hasSize(perPublisher).isSorted();
            }
        }
        assertThat(hub.stats().dropped()).isZero();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void aHandlerOnTheLoopIsNeverMadeToWaitForAQueueTheSameLoopDrains() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        List<PublishOutcome> outcomes = new CopyOnWriteArrayList<>();
        SubscriptionOptions full = SubscriptionOptions.builder().deliverOn(loop).capacity(1)
                .overflow(OverflowPolicy.BACK_PRESSURE).build();
        hub.subscribe("sink", full, message -> { });
        hub.subscribe("go", SubscriptionOptions.builder().deliverOn(loop).build(), message -> {
            for (int i = 0; i < 3; i++) {
                outcomes.add(hub.publish("sink", i).outcome());
            }
            done.countDown();
        });

        hub.publish("go", "now");

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(outcomes).containsExactly(PublishOutcome.DELIVERED, PublishOutcome.BUSY,
                PublishOutcome.BUSY);
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

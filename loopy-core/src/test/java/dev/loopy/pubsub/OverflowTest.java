package dev.loopy.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class OverflowTest {
    private final PubSub hub = PubSub.embedded();
    private final ManualExecutor loop = new ManualExecutor();
    private final List<Object> received = new ArrayList<>();

    @AfterEach
    void closeHub() {
        hub.close();
    }

    @Test
    void dropNewestDiscardsTheMessageThatFindsTheQueueFull() {
        Subscription subscription = subscribe(OverflowPolicy.DROP_NEWEST, 2);

        PublishResult first = hub.publish("t", 1);
        hub.publish("t", 2);
        PublishResult third = hub.publish("t", 3);
        loop.runAll();

        assertThat(first.outcome()).isEqualTo(PublishOutcome.DELIVERED);
        assertThat(third).isEqualTo(PublishResult.of(PublishOutcome.DROPPED, 0));
        assertThat(received).containsExactly(1, 2);
        assertThat(subscription.stats().dropped()).isEqualTo(1);
        assertThat(hub.stats().dropped()).isEqualTo(1);
    }

    @Test
    void dropNewestStillReachesTheSubscriptionsThatHadRoom() {
        subscribe(OverflowPolicy.DROP_NEWEST, 1);
        hub.subscribe("t", message -> { });
        hub.publish("t", 1);

        PublishResult second = hub.publish("t", 2);

        assertThat(second).isEqualTo(PublishResult.of(PublishOutcome.DROPPED, 1));
    }

    @Test
    void dropOldestMakesRoomByDiscardingTheHeadOfTheQueue() {
        Subscription subscription = subscribe(OverflowPolicy.DROP_OLDEST, 2);

        hub.publish("t", 1);
        hub.publish("t", 2);
        PublishResult third = hub.publish("t", 3);
        loop.runAll();

        assertThat(third.outcome()).isEqualTo(PublishOutcome.DELIVERED);
        assertThat(received).containsExactly(2, 3);
        assertThat(subscription.stats().dropped()).isEqualTo(1);
    }

    @Test
    void backPressureMakesTryPublishReportBusyAndDropsNothing() {
        Subscription subscription = subscribe(OverflowPolicy.BACK_PRESSURE, 2);
        hub.tryPublish("t", 1);
        hub.tryPublish("t", 2);

        PublishResult busy = hub.tryPublish("t", 3);
        loop.runAll();
        PublishResult after = hub.tryPublish("t", 4);

        assertThat(busy).isEqualTo(PublishResult.of(PublishOutcome.BUSY, 0));
        assertThat(after.outcome()).isEqualTo(PublishOutcome.DELIVERED);
        assertThat(subscription.stats().dropped()).isZero();
        assertThat(subscription.stats().queued()).isEqualTo(1);
    }

    @Test
    void backPressureTimesOutWhenNobodyDrains() {
        subscribe(OverflowPolicy.BACK_PRESSURE, 1);
        hub.publish("t", 1);

        PublishResult result = hub.publish("t", 2, Duration.ofMillis(20));

        assertThat(result).isEqualTo(PublishResult.of(PublishOutcome.TIMEOUT, 0));
    }

    @RepeatedTest(3)
    void aBlockedPublisherContinuesAsTheQueueDrains() throws Exception {
        subscribe(OverflowPolicy.BACK_PRESSURE, 4);
        int messages = 200;
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Integer> delivered = CompletableFuture.supplyAsync(() -> {
            int count = 0;
            for (int i = 0; i < messages; i++) {
                count += hub.publish("t", i, Duration.ofSeconds(30)).delivered();
            }
            done.set(true);
            return count;
        });

        while (!done.get()) {
            loop.runAll();
            Thread.onSpinWait();
        }
        loop.runAll();

        assertThat(delivered.get(30, TimeUnit.SECONDS)).isEqualTo(messages);
        assertThat(received).hasSize(messages);
        assertThat(received).isSortedAccordingTo((a, b) -> (Integer) a - (Integer) b);
        assertThat(hub.stats().dropped()).isZero();
    }

    @RepeatedTest(3)
    void closingTheSubscriptionReleasesAPublisherWaitingForRoom() throws Exception {
        Subscription subscription = subscribe(OverflowPolicy.BACK_PRESSURE, 1);
        hub.publish("t", 1);
        Thread[] publisher = new Thread[1];
        CompletableFuture<PublishResult> blocked = CompletableFuture.supplyAsync(() -> {
            publisher[0] = Thread.currentThread();
            return hub.publish("t", 2, Duration.ofSeconds(60));
        });
        awaitWaiting(blocked, publisher);

        subscription.close();

        PublishResult result = blocked.get(30, TimeUnit.SECONDS);
        assertThat(result.delivered()).isZero();
        assertThat(result.outcome()).isEqualTo(PublishOutcome.NO_SUBSCRIBERS);
    }

    @Test
    void closingTheHubReleasesAPublisherWaitingForRoom() throws Exception {
        subscribe(OverflowPolicy.BACK_PRESSURE, 1);
        hub.publish("t", 1);
        Thread[] publisher = new Thread[1];
        CompletableFuture<PublishResult> blocked = CompletableFuture.supplyAsync(() -> {
            publisher[0] = Thread.currentThread();
            return hub.publish("t", 2, Duration.ofSeconds(60));
        });
        awaitWaiting(blocked, publisher);

        hub.close();

        assertThat(blocked.get(30, TimeUnit.SECONDS).delivered()).isZero();
        assertThat(hub.publish("t", 3).outcome()).isEqualTo(PublishOutcome.CLOSED);
    }

    @Test
    void synchronousSubscriptionsNeverOverflow() {
        Subscription subscription = hub.subscribe("t", SubscriptionOptions.builder()
                .capacity(1).overflow(OverflowPolicy.BACK_PRESSURE).build(), message -> { });

        for (int i = 0; i < 10; i++) {
            assertThat(hub.tryPublish("t", i).isDelivered()).isTrue();
        }

        assertThat(subscription.stats().delivered()).isEqualTo(10);
    }

    private Subscription subscribe(OverflowPolicy policy, int capacity) {
        return hub.subscribe("t", SubscriptionOptions.builder().deliverOn(loop)
                .capacity(capacity).overflow(policy).build(),
                message -> received.add(message.payload()));
    }

    /** Waits, with a deadline, until the publisher parks in its timed wait for room. */
    private static void awaitWaiting(CompletableFuture<?> blocked, Thread[] publisher) {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (publisher[0] == null || publisher[0].getState() != Thread.State.TIMED_WAITING) {
            assertThat(blocked).isNotDone();
            assertThat(System.nanoTime()).isLessThan(deadlineNs);
            Thread.onSpinWait();
        }
    }
}

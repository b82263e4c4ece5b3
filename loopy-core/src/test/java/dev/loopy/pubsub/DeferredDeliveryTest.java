package dev.loopy.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeferredDeliveryTest {
    private final PubSub hub = PubSub.embedded();

    @AfterEach
    void closeHub() {
        hub.close();
    }

    @Test
    void theHandlerRunsOnTheSubscriptionsExecutorThread() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(
                task -> new Thread(task, "subscriber-loop"));
        try {
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch delivered = new CountDownLatch(1);
            hub.subscribe("t", SubscriptionOptions.builder().deliverOn(executor).build(),
                    message -> {
                        thread.set(Thread.currentThread().getName());
                        delivered.countDown();
                    });

            hub.publish("t", "x");

            assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(thread).hasValue("subscriber-loop");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void manyPublishesShareOneWakeUpAndArriveInOrder() {
        ManualExecutor loop = new ManualExecutor();
        List<Object> received = new ArrayList<>();
        Subscription subscription = hub.subscribe("t",
                SubscriptionOptions.builder().deliverOn(loop).build(),
                message -> received.add(message.payload()));

        for (int i = 0; i < 10; i++) {
            hub.publish("t", i);
        }

        assertThat(loop.submitted()).isEqualTo(1);
        assertThat(subscription.stats().queued()).isEqualTo(10);
        loop.runAll();
        assertThat(received).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(subscription.stats().queued()).isZero();
        assertThat(subscription.stats().delivered()).isEqualTo(10);
    }

    @Test
    void aLongQueueIsDrainedInSeveralTurnsSoTheLoopStaysResponsive() {
        ManualExecutor loop = new ManualExecutor();
        List<Object> received = new ArrayList<>();
        hub.subscribe("t", SubscriptionOptions.builder().deliverOn(loop).build(),
                message -> received.add(message.payload()));
        for (int i = 0; i < 1000; i++) {
            hub.publish("t", i);
        }

        int turns = loop.runAll();

        assertThat(turns).isGreaterThan(1);
        assertThat(received).hasSize(1000);
    }

    @Test
    void aHandlerPublishingIntoItsOwnFullQueueIsToldBusyInsteadOfWaitingForItself() {
        ManualExecutor loop = new ManualExecutor();
        List<PublishOutcome> outcomes = new ArrayList<>();
        hub.subscribe("t", SubscriptionOptions.builder().deliverOn(loop).capacity(1)
                .overflow(OverflowPolicy.BACK_PRESSURE).build(), message -> {
                    if ("first".equals(message.payload())) {
                        outcomes.add(hub.publish("t", "second").outcome());
                        outcomes.add(hub.publish("t", "third").outcome());
                    }
                });
        hub.publish("t", "first");

        loop.runAll();

        assertThat(outcomes).containsExactly(PublishOutcome.DELIVERED, PublishOutcome.BUSY);
    }

    @Test
    void anExecutorThatRefusesTasksLeavesTheMessagesQueued() {
        Subscription subscription = hub.subscribe("t", SubscriptionOptions.builder()
                .deliverOn(task -> {
                    throw new RejectedExecutionException("shut down");
                }).build(), message -> { });

        PublishResult result = hub.publish("t", "x");

        assertThat(result.isDelivered()).isTrue();
        assertThat(subscription.stats().queued()).isEqualTo(1);
        assertThat(subscription.stats().delivered()).isZero();
    }

    @Test
    void closingADeferredBroadcastSubscriptionDropsWhatIsQueued() {
        ManualExecutor loop = new ManualExecutor();
        List<Object> received = new ArrayList<>();
        Subscription subscription = hub.subscribe("t",
                SubscriptionOptions.builder().deliverOn(loop).build(),
                message -> received.add(message.payload()));
        hub.publish("t", 1);
        hub.publish("t", 2);

        subscription.close();
        loop.runAll();

        assertThat(received).isEmpty();
        assertThat(subscription.stats().dropped()).isEqualTo(2);
        assertThat(subscription.stats().queued()).isZero();
    }

    @Test
    void subscribersOfOneExecutorShareOneWakeUpAndEachGetsEveryMessageInOrder() {
        ManualExecutor loop = new ManualExecutor();
        List<List<Object>> received = new ArrayList<>();
        SubscriptionOptions options = SubscriptionOptions.builder().deliverOn(loop).build();
        for (int i = 0; i < 50; i++) {
            List<Object> mine = new ArrayList<>();
            received.add(mine);
            hub.subscribe(i % 2 == 0 ? "fan.out" : "fan.*", options,
                    message -> mine.add(message.payload()));
        }

        for (int i = 0; i < 10; i++) {
            assertThat(hub.publish("fan.out", i).delivered()).isEqualTo(50);
        }

        assertThat(loop.submitted()).isEqualTo(1);
        loop.runAll();
        assertThat(received).allSatisfy(mine ->
                assertThat(mine).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(hub.stats().delivered()).isEqualTo(500);
    }

    @Test
    void subscribersSharingAnExecutorKeepTheirOwnQueueBounds() {
        ManualExecutor loop = new ManualExecutor();
        List<Object> small = new ArrayList<>();
        List<Object> large = new ArrayList<>();
        Subscription two = hub.subscribe("t", SubscriptionOptions.builder().deliverOn(loop)
                .capacity(2).build(), message -> small.add(message.payload()));
        Subscription five = hub.subscribe("t", SubscriptionOptions.builder().deliverOn(loop)
                .capacity(5).build(), message -> large.add(message.payload()));

        List<PublishResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(hub.publish("t", i));
        }

        assertThat(results).extracting(PublishResult::toString)
                .containsExactly("delivered(2)", "delivered(2)", "dropped(1)", "dropped(1)");
        assertThat(two.stats().queued()).isEqualTo(2);
        assertThat(five.stats().queued()).isEqualTo(4);
        loop.runAll();
        assertThat(small).containsExactly(0, 1);
        assertThat(large).containsExactly(0, 1, 2, 3);
        assertThat(two.stats().dropped()).isEqualTo(2);
        assertThat(five.stats().received()).isEqualTo(4);
    }

    @Test
    void closingOneSubscriberOfASharedExecutorLeavesTheOthersTheirMessages() {
        ManualExecutor loop = new ManualExecutor();
        List<Object> staying = new ArrayList<>();
        List<Object> leaving = new ArrayList<>();
        SubscriptionOptions options = SubscriptionOptions.builder().deliverOn(loop).build();
        hub.subscribe("t", options, message -> staying.add(message.payload()));
        Subscription quitter = hub.subscribe("t", options,
                message -> leaving.add(message.payload()));
        hub.publish("t", 1);
        hub.publish("t", 2);

        quitter.close();
        loop.runAll();

        assertThat(staying).containsExactly(1, 2);
        assertThat(leaving).isEmpty();
        assertThat(quitter.stats().dropped()).isEqualTo(2);
    }
}

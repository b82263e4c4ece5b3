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
}

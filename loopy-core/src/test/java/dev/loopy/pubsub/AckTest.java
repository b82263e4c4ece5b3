package dev.loopy.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AckTest {
    private final List<QueueGroupTest.DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final PubSub hub = PubSub.embedded(HubOptions.builder()
            .deadLetterHandler((message, reason, subscription) ->
                    deadLetters.add(new QueueGroupTest.DeadLetter(message, reason)))
            .failureHandler((message, subscription, failure) -> { })
            .build());

    @AfterEach
    void closeHub() {
        hub.close();
    }

    @Test
    void aNackedMessageComesBackWithTheNextAttemptNumber() {
        List<Integer> attempts = new ArrayList<>();
        Subscription subscription = hub.subscribe("t", manual().build(), message -> {
            attempts.add(message.attempt());
            if (message.attempt() == 1) {
                assertThat(message.nack()).isTrue();
            } else {
                assertThat(message.ack()).isTrue();
            }
        });

        hub.publish("t", "x");

        assertThat(attempts).containsExactly(1, 2);
        SubscriptionStats stats = subscription.stats();
        assertThat(stats.nacked()).isEqualTo(1);
        assertThat(stats.acked()).isEqualTo(1);
        assertThat(stats.redelivered()).isEqualTo(1);
        assertThat(stats.unacked()).isZero();
        assertThat(hub.stats().acked()).isEqualTo(1);
    }

    @Test
    void aNackInAQueueGroupRedeliversToTheNextMember() {
        List<String> seen = new ArrayList<>();
        SubscriptionOptions group = manual().group("g").build();
        hub.subscribe("t", group, message -> {
            seen.add("first:" + message.attempt());
            message.nack();
        });
        hub.subscribe("t", group, message -> {
            seen.add("second:" + message.attempt());
            message.ack();
        });

        hub.publish("t", "x");

        assertThat(seen).containsExactly("first:1", "second:2");
    }

    @Test
    void aMessageNackedOnItsLastAttemptBecomesADeadLetter() {
        AtomicInteger deliveries = new AtomicInteger();
        Subscription subscription = hub.subscribe("t", manual().maxAttempts(3).build(),
                message -> {
                    deliveries.incrementAndGet();
                    message.nack();
                });

        hub.publish("t", "doomed");

        assertThat(deliveries).hasValue(3);
        assertThat(deadLetters).hasSize(1);
        QueueGroupTest.DeadLetter dead = deadLetters.getFirst();
        assertThat(dead.reason()).isEqualTo(DeadLetterReason.MAX_ATTEMPTS);
        assertThat(dead.message().attempt()).isEqualTo(3);
        assertThat(dead.message().payload()).isEqualTo("doomed");
        assertThat(dead.message().ack()).isFalse();
        assertThat(subscription.stats().deadLettered()).isEqualTo(1);
        assertThat(hub.stats().deadLettered()).isEqualTo(1);
    }

    @Test
    void aLongChainOfSynchronousNacksDoesNotGrowTheStack() {
        int attempts = 50_000;
        AtomicInteger deliveries = new AtomicInteger();
        hub.subscribe("t", manual().maxAttempts(attempts).build(), message -> {
            deliveries.incrementAndGet();
            message.nack();
        });

        hub.publish("t", "x");

        assertThat(deliveries).hasValue(attempts);
        assertThat(deadLetters).hasSize(1);
    }

    @Test
    void aDelayedNackRedeliversLater() throws InterruptedException {
        CountDownLatch second = new CountDownLatch(1);
        hub.subscribe("t", manual().build(), message -> {
            if (message.attempt() == 1) {
                message.nack(Duration.ofMillis(5));
            } else {
                message.ack();
                second.countDown();
            }
        });

        hub.publish("t", "x");

        assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aThrowingHandlerNacksItsMessage() {
        List<Integer> attempts = new ArrayList<>();
        Subscription subscription = hub.subscribe("t", manual().build(), message -> {
            attempts.add(message.attempt());
            if (message.attempt() == 1) {
                throw new IllegalStateException("first try fails");
            }
            message.ack();
        });

        hub.publish("t", "x");

        assertThat(attempts).containsExactly(1, 2);
        assertThat(subscription.stats().failed()).isEqualTo(1);
        assertThat(subscription.stats().nacked()).isEqualTo(1);
    }

    @Test
    void aMessageSettlesOnlyOnce() {
        List<Message> held = new ArrayList<>();
        hub.subscribe("t", manual().build(), held::add);
        hub.publish("t", "x");
        Message message = held.getFirst();

        assertThat(message.ack()).isTrue();
        assertThat(message.ack()).isFalse();
        assertThat(message.nack()).isFalse();
        assertThat(held).hasSize(1);
    }

    @Test
    void unacknowledgedMessagesOfAClosedMemberGoToTheRestOfTheGroup() {
        List<Message> held = new ArrayList<>();
        List<Message> taken = new ArrayList<>();
        SubscriptionOptions group = manual().group("g").build();
        Subscription holder = hub.subscribe("t", group, held::add);
        hub.publish("t", "a");
        hub.publish("t", "b");
        hub.subscribe("t", group, message -> {
            taken.add(message);
            message.ack();
        });
        assertThat(holder.stats().unacked()).isEqualTo(2);

        holder.close();

        assertThat(taken).extracting(Message::payload).containsExactlyInAnyOrder("a", "b");
        assertThat(taken).extracting(Message::attempt).containsOnly(2);
        assertThat(held).allSatisfy(message -> assertThat(message.ack()).isFalse());
        assertThat(holder.stats().unacked()).isZero();
    }

    @Test
    void deferredManualMessagesMayBeAcknowledgedFromAnotherThreadLater() throws Exception {
        ManualExecutor loop = new ManualExecutor();
        List<Message> held = new ArrayList<>();
        Subscription subscription = hub.subscribe("t", manual().deliverOn(loop).build(),
                held::add);
        hub.publish("t", "x");
        loop.runAll();

        Thread acker = Thread.ofPlatform().start(() -> held.getFirst().ack());
        acker.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(subscription.stats().acked()).isEqualTo(1);
        assertThat(subscription.stats().unacked()).isZero();
    }

    @Test
    void aDeferredNackIsQueuedAgainForTheSameSubscription() {
        ManualExecutor loop = new ManualExecutor();
        List<Integer> attempts = new ArrayList<>();
        hub.subscribe("t", manual().deliverOn(loop).build(), message -> {
            attempts.add(message.attempt());
            if (message.attempt() < 3) {
                message.nack();
            } else {
                message.ack();
            }
        });

        hub.publish("t", "x");
        loop.runAll();

        assertThat(attempts).containsExactly(1, 2, 3);
    }

    private static SubscriptionOptions.Builder manual() {
        return SubscriptionOptions.builder().ackMode(AckMode.MANUAL);
    }
}

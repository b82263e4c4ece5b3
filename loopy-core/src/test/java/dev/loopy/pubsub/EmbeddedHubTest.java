package dev.loopy.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.ClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddedHubTest {
    private final List<Message> failures = new CopyOnWriteArrayList<>();
    private final PubSub hub = PubSub.embedded(HubOptions.builder()
            .failureHandler((message, subscription, failure) -> failures.add(message))
            .build());

    @AfterEach
    void closeHub() {
        hub.close();
    }

    @Test
    void aMessageReachesEveryMatchingSubscriptionOnThePublishersThread() {
        List<String> seen = new ArrayList<>();
        Thread publisher = Thread.currentThread();
        hub.subscribe("orders.*", message -> {
            assertThat(Thread.currentThread()).isSameAs(publisher);
            seen.add("star:" + message.payload());
        });
        hub.subscribe("orders.#", message -> seen.add("hash:" + message.payload()));
        hub.subscribe("invoices.#", message -> seen.add("other:" + message.payload()));

        PublishResult result = hub.publish("orders.created", "o1");

        assertThat(result).isEqualTo(PublishResult.of(PublishOutcome.DELIVERED, 2));
        assertThat(result.isDelivered()).isTrue();
        assertThat(seen).containsExactlyInAnyOrder("star:o1", "hash:o1");
    }

    @Test
    void aTopicNobodySubscribedToReportsNoSubscribers() {
        hub.subscribe("a.b", message -> { });

        PublishResult result = hub.publish("a.c", "x");

        assertThat(result.outcome()).isEqualTo(PublishOutcome.NO_SUBSCRIBERS);
        assertThat(result.delivered()).isZero();
        assertThat(hub.stats().unrouted()).isEqualTo(1);
    }

    @Test
    void messagesCarryTopicSequenceAndFirstAttempt() {
        List<Message> seen = new ArrayList<>();
        hub.subscribe("#", seen::add);

        hub.publish("a", 1);
        hub.publish("b.c", 2);

        assertThat(seen).extracting(Message::topic).containsExactly("a", "b.c");
        assertThat(seen).extracting(Message::sequence).containsExactly(1L, 2L);
        assertThat(seen).extracting(Message::attempt).containsExactly(1, 1);
        assertThat(seen.get(1).publishedAtNs()).isGreaterThanOrEqualTo(
                seen.get(0).publishedAtNs());
    }

    @Test
    void autoAcknowledgedMessagesCannotBeSettledByHand() {
        List<Message> seen = new ArrayList<>();
        hub.subscribe("a", seen::add);
        hub.publish("a", "x");

        Message message = seen.getFirst();

        assertThat(message.ack()).isFalse();
        assertThat(message.nack()).isFalse();
        assertThat(message.nack(Duration.ofMillis(1))).isFalse();
        assertThatThrownBy(() -> message.nack(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("redeliverAfter=");
    }

    @Test
    void aClosedSubscriptionReceivesNothingAndClosesOnce() {
        AtomicInteger calls = new AtomicInteger();
        Subscription subscription = hub.subscribe("a", message -> calls.incrementAndGet());
        hub.publish("a", "x");

        subscription.close();
        subscription.close();
        PublishResult after = hub.publish("a", "y");

        assertThat(subscription.isOpen()).isFalse();
        assertThat(after.outcome()).isEqualTo(PublishOutcome.NO_SUBSCRIBERS);
        assertThat(calls).hasValue(1);
        assertThat(subscription.stats().delivered()).isEqualTo(1);
        assertThat(hub.stats().subscriptions()).isZero();
        assertThat(hub.stats().delivered()).isEqualTo(1);
    }

    @Test
    void aSubscriptionMayCloseItselfFromItsHandler() {
        AtomicInteger calls = new AtomicInteger();
        Subscription[] self = new Subscription[1];
        self[0] = hub.subscribe("a", message -> {
            calls.incrementAndGet();
            self[0].close();
        });

        hub.publish("a", "x");
        hub.publish("a", "y");

        assertThat(calls).hasValue(1);
    }

    @Test
    void aHandlerMaySubscribeAndPublishFromInsideADelivery() {
        List<Object> replies = new ArrayList<>();
        hub.subscribe("request", message -> {
            hub.subscribe("reply", reply -> replies.add(reply.payload()));
            hub.publish("reply", "pong");
        });

        hub.publish("request", "ping");

        assertThat(replies).containsExactly("pong");
    }

    @Test
    void aClosedHubRefusesSubscriptionsAndReportsClosedPublishes() {
        Subscription subscription = hub.subscribe("a", message -> { });

        hub.close();
        hub.close();

        assertThat(hub.isOpen()).isFalse();
        assertThat(subscription.isOpen()).isFalse();
        assertThat(hub.publish("a", "x").outcome()).isEqualTo(PublishOutcome.CLOSED);
        assertThat(hub.tryPublish("a", "x").outcome()).isEqualTo(PublishOutcome.CLOSED);
        assertThat(hub.matchCount("a")).isZero();
        assertThatThrownBy(() -> hub.subscribe("a", message -> { }))
                .isInstanceOf(ClosedException.class)
                .hasMessageContaining("subscribe");
    }

    @Test
    void aThrowingHandlerIsCountedReportedAndDoesNotStopOthers() {
        AtomicInteger others = new AtomicInteger();
        Subscription failing = hub.subscribe("a", message -> {
            throw new IllegalStateException("boom");
        });
        hub.subscribe("a", message -> others.incrementAndGet());

        PublishResult result = hub.publish("a", "x");

        assertThat(result.delivered()).isEqualTo(2);
        assertThat(others).hasValue(1);
        assertThat(failing.stats().failed()).isEqualTo(1);
        assertThat(failures).extracting(Message::payload).containsExactly("x");
        assertThat(hub.stats().failed()).isEqualTo(1);
    }

    @Test
    void badArgumentsAreRefusedWithTheirNames() {
        MessageHandler handler = message -> { };

        assertThatThrownBy(() -> hub.subscribe("a..b", handler))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageStartingWith("pattern=\"a..b\" (empty_word");
        assertThatThrownBy(() -> hub.publish("a.*", "x"))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageStartingWith("topic=\"a.*\" (wildcard_in_topic");
        assertThatThrownBy(() -> hub.subscribe(null, handler))
                .isInstanceOf(NullPointerException.class).hasMessage("pattern");
        assertThatThrownBy(() -> hub.subscribe("a", null, handler))
                .isInstanceOf(NullPointerException.class).hasMessage("options");
        assertThatThrownBy(() -> hub.subscribe("a", SubscriptionOptions.defaults(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("handler");
        assertThatThrownBy(() -> hub.publish("a", null))
                .isInstanceOf(NullPointerException.class).hasMessage("payload");
        assertThatThrownBy(() -> hub.publish(null, "x"))
                .isInstanceOf(NullPointerException.class).hasMessage("topic");
        assertThatThrownBy(() -> hub.publish("a", "x", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("timeout=");
    }

    @Test
    void badOptionsAreRefusedWithTheirRules() {
        assertThatThrownBy(() -> SubscriptionOptions.builder().capacity(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity=0 (expected 1 to " + SubscriptionOptions.MAX_CAPACITY
                        + ")");
        assertThatThrownBy(() -> SubscriptionOptions.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts=0 (expected >= 1)");
        assertThatThrownBy(() -> SubscriptionOptions.builder().group("a b"))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageStartingWith("group=\"a b\" (reserved_character");
        assertThatThrownBy(() -> HubOptions.builder().routeCacheSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("routeCacheSize=-1 (expected >= 0)");
        assertThatThrownBy(() -> PublishResult.of(PublishOutcome.DELIVERED, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statisticsCountPublishesAndDeliveriesHubWide() {
        Subscription exact = hub.subscribe("stats.test", message -> { });
        hub.subscribe("stats.#", message -> { });

        hub.publish("stats.test", "1");
        hub.publish("stats.other", "2");
        hub.publish("nothing", "3");

        HubStats stats = hub.stats();
        assertThat(stats.published()).isEqualTo(3);
        assertThat(stats.unrouted()).isEqualTo(1);
        assertThat(stats.delivered()).isEqualTo(3);
        assertThat(stats.received()).isEqualTo(3);
        assertThat(stats.subscriptions()).isEqualTo(2);
        assertThat(exact.stats().delivered()).isEqualTo(1);
        assertThat(hub.backendName()).isEqualTo("embedded");
        assertThat(hub.matchCount("stats.test")).isEqualTo(2);
    }

    @Test
    void publishResultsForSmallCountsAreShared() {
        assertThat(PublishResult.of(PublishOutcome.DELIVERED, 3))
                .isSameAs(PublishResult.of(PublishOutcome.DELIVERED, 3));
        assertThat(PublishResult.of(PublishOutcome.BUSY, 2)).hasToString("busy(2)");
    }
}

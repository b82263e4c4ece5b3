package dev.loopy.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.ClosedException;
import dev.loopy.pubsub.spi.PubSubBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendSpiTest {
    private final RecordingBackend backend = new RecordingBackend();
    private final PubSub hub = PubSub.over(backend, Duration.ofSeconds(3).toNanos());

    @Test
    void theHubHandsCheckedPatternsAndTopicsToItsBackend() {
        hub.subscribe("orders.#", message -> { });
        hub.publish("orders.eu", "x");
        hub.tryPublish("orders.us", "y");
        hub.publish("orders.asia", "z", Duration.ofMillis(7));

        assertThat(backend.patterns).extracting(TopicPattern::text).containsExactly("orders.#");
        assertThat(backend.publishes).containsExactly(
                "orders.eu@" + Duration.ofSeconds(3).toNanos(), "orders.us@0",
                "orders.asia@" + Duration.ofMillis(7).toNanos());
        assertThat(hub.backendName()).isEqualTo("recording");
    }

    @Test
    void badInputNeverReachesTheBackend() {
        assertThatThrownBy(() -> hub.publish("a.#", "x"))
                .isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> hub.subscribe("a#", message -> { }))
                .isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> hub.matchCount(""))
                .isInstanceOf(InvalidTopicException.class);

        assertThat(backend.patterns).isEmpty();
        assertThat(backend.publishes).isEmpty();
    }

    @Test
    void aClosedHubClosesItsBackendAndStopsCallingIt() {
        hub.close();

        assertThat(backend.closed).isTrue();
        assertThat(hub.publish("a", "x").outcome()).isEqualTo(PublishOutcome.CLOSED);
        assertThatThrownBy(() -> hub.subscribe("a", message -> { }))
                .isInstanceOf(ClosedException.class);
        assertThat(backend.publishes).isEmpty();
    }

    @Test
    void aNegativeDefaultTimeoutIsRefused() {
        assertThatThrownBy(() -> PubSub.over(backend, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("publishTimeoutNs=-1 (expected >= 0)");
    }

    /** A backend that records what the hub hands it. */
    private static final class RecordingBackend implements PubSubBackend {
        final List<TopicPattern> patterns = new ArrayList<>();
        final List<String> publishes = new ArrayList<>();
        boolean closed;

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Subscription subscribe(TopicPattern pattern, SubscriptionOptions options,
                MessageHandler handler) {
            patterns.add(pattern);
            return null;
        }

        @Override
        public PublishResult publish(String topic, Object payload, long timeoutNs) {
            publishes.add(topic + "@" + timeoutNs);
            return PublishResult.of(PublishOutcome.NO_SUBSCRIBERS, 0);
        }

        @Override
        public int matchCount(String topic) {
            return 0;
        }

        @Override
        public HubStats stats() {
            return new HubStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

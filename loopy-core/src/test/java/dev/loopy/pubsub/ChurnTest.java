package dev.loopy.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;

class ChurnTest {
    @RepeatedTest(3)
    void aSubscriptionThatStaysGetsEveryMessageWhileOthersComeAndGo() throws Exception {
        int messages = 20_000;
        try (PubSub hub = PubSub.embedded()) {
            AtomicInteger stayed = new AtomicInteger();
            hub.subscribe("churn.#", message -> stayed.incrementAndGet());
            AtomicBoolean publishing = new AtomicBoolean(true);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            Thread churner = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    SubscriptionOptions group = SubscriptionOptions.builder().group("g")
                            .build();
                    for (int i = 0; publishing.get(); i++) {
                        String pattern = i % 2 == 0 ? "churn.*" : "churn.a.#";
                        hub.subscribe(pattern, i % 3 == 0 ? group
                                : SubscriptionOptions.defaults(), message -> { }).close();
                    }
                } catch (Throwable unexpected) {
                    failure.set(unexpected);
                }
            });

            start.countDown();
            for (int i = 0; i < messages; i++) {
                hub.publish(i % 2 == 0 ? "churn.a" : "churn.a.b", i);
            }
            publishing.set(false);
            churner.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(churner.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
            assertThat(stayed).hasValue(messages);
            assertThat(hub.stats().subscriptions()).isEqualTo(1);
            assertThat(hub.matchCount("churn.a")).isEqualTo(1);
        }
    }
}

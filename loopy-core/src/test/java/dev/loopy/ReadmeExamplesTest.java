package dev.loopy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loopy.cluster.NodeSpec;
import dev.loopy.cluster.Registry;
import dev.loopy.concurrent.Channel;
import dev.loopy.pubsub.Message;
import dev.loopy.pubsub.PubSub;
import dev.loopy.pubsub.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's examples, as written there, do what the README says. */
class ReadmeExamplesTest {
    @Test
    void theQuickStartRunsTimersADescriptorTasksAndAWakeUp() throws Exception {
        assumeTrue(Loop.backendReport().defaultBackend() != Backend.NIO,
                "raw descriptors need the epoll or io_uring backend");
        List<String> seen = new CopyOnWriteArrayList<>();
        int[] pair = Descriptors.socketPair();
        try (Loop loop = Loop.create()) {
            loop.schedule(Duration.ofMillis(10), t -> seen.add("once"));
            Timer tick = loop.schedulePeriodic(Duration.ZERO, Duration.ofMillis(100),
                    t -> seen.add("tick"));
            loop.register(pair[0], Interest.READ, (fd, ready) -> {
                byte[] buffer = new byte[512];
                int n = Descriptors.read(fd, buffer, 0, buffer.length);
                seen.add("read " + n + " bytes");
                loop.unregister(fd, Interest.READ);
            });
            AsyncHandle wake = loop.async(h -> seen.add("woken"));
            Thread other = new Thread(() -> {
                loop.execute(() -> seen.add("ran on the loop thread"));
                wake.send();
            });
            other.start();
            Descriptors.write(pair[1], new byte[] {1, 2, 3}, 0, 3);
            loop.schedule(Duration.ofMillis(150), t -> loop.stop());

            loop.run();
            other.join();
            tick.cancel();
        } finally {
            Descriptors.close(pair[0]);
            Descriptors.close(pair[1]);
        }

        assertThat(seen).contains("once", "tick", "read 3 bytes", "woken",
                "ran on the loop thread");
    }

    @Test
    void theMessagingExampleDeliversOnTheLoop() throws Exception {
        List<Object> billed = new ArrayList<>();
        List<String> handled = new ArrayList<>();
        try (Loop loop = Loop.create()) {
            Channel<String> orders = Channel.mpmc(1024);
            orders.receiveOn(loop, handled::add);
            PubSub hub = PubSub.embedded();
            hub.subscribe("orders.*.created", SubscriptionOptions.builder()
                    .group("billing").deliverOn(loop).build(),
                    (Message message) -> billed.add(message.payload()));
            Registry registry = Registry.embedded(loop);
            registry.join(NodeSpec.of("node-1").withRoles("worker"));
            registry.put("db.url", "postgres://db:5432", Duration.ofSeconds(30));

            orders.send("order-1");
            hub.publish("orders.eu.created", "order-1");
            LoopContract.runUntil(loop, () -> billed.size() == 1 && handled.size() == 1
                    && registry.get("db.url").isPresent());
            orders.close();
            registry.close();
            hub.close();
        }

        assertThat(billed).containsExactly("order-1");
        assertThat(handled).containsExactly("order-1");
    }
}

package dev.loopy.bench;

import dev.loopy.Loop;
import dev.loopy.pubsub.HubOptions;
import dev.loopy.pubsub.PubSub;
import dev.loopy.pubsub.PublishResult;
import dev.loopy.pubsub.SubscriptionOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Publish-to-delivery throughput of loopy's embedded hub beside Vert.x's local event bus.
 *
 * <p>One benchmark thread publishes; every subscriber runs on one other thread (one loopy
 * loop, one Vert.x event-loop context), except in loopy's {@code sync} delivery, where the
 * handlers run on the publisher's thread and there is no hand-off. An invocation publishes
 * {@value #DELIVERIES} / subscribers messages, so that each one makes {@value #DELIVERIES}
 * deliveries, and returns when the last has been handled: the score is deliveries per
 * second; divide by the subscriber count for publishes per second.
 *
 * <p>Like with like: Vert.x addresses have no wildcards, so in {@code exact} mode every
 * subscriber of both libraries listens on the one topic published to. loopy's
 * {@code wildcard} mode spreads the same number of subscribers over six patterns with
 * {@code *} and {@code #} that all match that topic; {@code wildcard-uncached} also turns
 * the route cache off, so every publish walks the pattern tree. loopy's queues hold a whole
 * invocation, as Vert.x's are unbounded, so nothing is dropped or pushed back.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class PubSubBenchmark {
    /** Deliveries per benchmark invocation. */
    static final int DELIVERIES = 500_000;
    static final String TOPIC = "bench.quote.price";
    static final String PAYLOAD = "tick";
    static final String[] WILDCARDS = {
        "bench.*.price", "bench.#", "#", "*.quote.price", "bench.quote.#", "*.*.*",
    };

    /** loopy's embedded hub with subscribers on one loop, or synchronous. */
    @State(Scope.Benchmark)
    public static class LoopyHub {
        @Param({"1", "100", "1000"})
        int subscribers;
        @Param({"loop", "sync"})
        String delivery;
        @Param({"exact", "wildcard", "wildcard-uncached"})
        String patterns;

        PubSub hub;
        Loop loop;
        Thread loopThread;
        final PubSubCounter counter = new PubSubCounter();
        int messages;

        @Setup(Level.Trial)
        public void start() {
            messages = DELIVERIES / subscribers;
            int cacheSize = patterns.equals("wildcard-uncached") ? 0 : 64;
            hub = PubSub.embedded(HubOptions.builder().routeCacheSize(cacheSize).build());
            SubscriptionOptions options = options();
            for (int i = 0; i < subscribers; i++) {
                String pattern = patterns.equals("exact")
                        ? TOPIC : WILDCARDS[i % WILDCARDS.length];
                hub.subscribe(pattern, options, message -> counter.deliver());
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            hub.close();
            if (loop != null) {
                loop.stop();
                loopThread.join(TimeUnit.SECONDS.toMillis(10));
                loop.close();
            }
        }

        private SubscriptionOptions options() {
            if (delivery.equals("sync")) {
                return SubscriptionOptions.defaults();
            }
            loop = Loop.create();
            loopThread = loop.start("bench-subscriber-loop");
            return SubscriptionOptions.builder().deliverOn(loop)
                    .capacity(messages + 1024).build();
        }
    }

    /** Vert.x 5's event bus with every consumer on one event-loop context. */
    @State(Scope.Benchmark)
    public static class VertxBus {
        @Param({"1", "100", "1000"})
        int subscribers;

        Vertx vertx;
        EventBus bus;
        final PubSubCounter counter = new PubSubCounter();
        int messages;

        @Setup(Level.Trial)
        public void start() throws Exception {
            messages = DELIVERIES / subscribers;
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            bus = vertx.eventBus();
            Context context = vertx.getOrCreateContext();
            CompletableFuture<List<Future<Void>>> registered = new CompletableFuture<>();
            context.runOnContext(ignored -> registered.complete(register()));
            for (Future<Void> completion : registered.get(30, TimeUnit.SECONDS)) {
                completion.toCompletionStage().toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        private List<Future<Void>> register() {
            List<Future<Void>> completions = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                MessageConsumer<String> consumer =
                        bus.localConsumer(TOPIC, message -> counter.deliver());
                completions.add(consumer.completion());
            }
            return completions;
        }
    }

    /**
     * Publishes one invocation's messages through loopy and waits for every delivery.
     *
     * @param state the hub
     * @param blackhole sinks the publish results
     * @throws InterruptedException if interrupted while waiting
     */
    @Benchmark
    @OperationsPerInvocation(DELIVERIES)
    public void loopy(LoopyHub state, Blackhole blackhole) throws InterruptedException {
        CountDownLatch done = state.counter.arm(state.messages * state.subscribers);
        PubSub hub = state.hub;
        for (int i = 0; i < state.messages; i++) {
            PublishResult result = hub.publish(TOPIC, PAYLOAD);
            blackhole.consume(result);
        }
        PubSubCounter.await(done);
    }

    /**
     * Publishes one invocation's messages through Vert.x and waits for every delivery.
     *
     * @param state the event bus
     * @throws InterruptedException if interrupted while waiting
     */
    @Benchmark
    @OperationsPerInvocation(DELIVERIES)
    public void vertx(VertxBus state) throws InterruptedException {
        CountDownLatch done = state.counter.arm(state.messages * state.subscribers);
        EventBus bus = state.bus;
        for (int i = 0; i < state.messages; i++) {
            bus.publish(TOPIC, PAYLOAD);
        }
        PubSubCounter.await(done);
    }
}

package dev.loopy.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.loopy.Loop;
import dev.loopy.pubsub.PubSub;
import dev.loopy.pubsub.SubscriptionOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBus;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Process CPU time per delivery, loopy's hub beside Vert.x's event bus, in alternating
 * rounds in one JVM.
 *
 * <p>On a shared, loaded machine wall-clock throughput swings with the neighbours' load;
 * the CPU the process spends per delivery swings much less. Each round builds every
 * subject afresh (subscribers on one loop or one event-loop context, exact topic as in
 * {@link PubSubBenchmark}), warms it with a quarter of the deliveries, then measures
 * {@code deliveries} more. Prints, per subject, the median rate and the median CPU
 * nanoseconds per delivery, then loopy's ratios to Vert.x.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp loopy-bench.jar
 * dev.loopy.bench.PubSubCpuComparison [subscribers...]}; the system properties
 * {@code rounds} (default 5) and {@code deliveries} (default 2000000) change the run.
 */
public final class PubSubCpuComparison {
    private static final String TOPIC = PubSubBenchmark.TOPIC;

    private PubSubCpuComparison() {
    }

    /**
     * Runs the comparison.
     *
     * @param args subscriber counts, default 1, 100 and 1000
     * @throws Exception if a subject fails to start, deliver or stop
     */
    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 5);
        int deliveries = Integer.getInteger("deliveries", 2_000_000);
        String[] counts = args.length > 0 ? args : new String[] {"1", "100", "1000"};
        for (String count : counts) {
            compare(Integer.parseInt(count), rounds, deliveries);
        }
        System.exit(0);
    }

    private static void compare(int subscribers, int rounds, int deliveries)
            throws Exception {
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String name : List.of("loopy", "vertx")) {
                samples.computeIfAbsent(name, key -> new ArrayList<>())
                        .add(measure(name, subscribers, deliveries));
            }
        }
        double[] loopy = medians(samples.get("loopy"));
        double[] vertx = medians(samples.get("vertx"));
        print("loopy", subscribers, loopy);
        print("vertx", subscribers, vertx);
        System.out.printf(Locale.ROOT, "ratio    N=%4d  rate %.2fx  cpu per delivery %.2fx"
                + " less%n", subscribers, loopy[0] / vertx[0], vertx[1] / loopy[1]);
    }

    /** Returns {deliveries per second, CPU ns per delivery} of one measured round. */
    private static double[] measure(String name, int subscribers, int deliveries)
            throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        PubSubCounter counter = new PubSubCounter();
        int messages = deliveries / subscribers;
        try (Subject subject = name.equals("loopy")
                ? new LoopySubject(subscribers, deliveries, counter)
                : new VertxSubject(subscribers, counter)) {
            subject.run(counter, messages / 4, subscribers);
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            subject.run(counter, messages, subscribers);
            long wallNs = System.nanoTime() - start;
            long cpuNs = os.getProcessCpuTime() - cpuBefore;
            long made = (long) messages * subscribers;
            return new double[] {made * 1e9 / wallNs, (double) cpuNs / made};
        }
    }

    private static double[] medians(List<double[]> runs) {
        double[] rates = runs.stream().mapToDouble(run -> run[0]).sorted().toArray();
        double[] cpu = runs.stream().mapToDouble(run -> run[1]).sorted().toArray();
        return new double[] {rates[rates.length / 2], cpu[cpu.length / 2]};
    }

    private static void print(String name, int subscribers, double[] medians) {
        System.out.printf(Locale.ROOT, "%-8s N=%4d  %,.0f deliveries/s  %.0f ns cpu per"
                + " delivery%n", name, subscribers, medians[0], medians[1]);
    }

    /** One publish-subscribe system under test. */
    private abstract static class Subject implements AutoCloseable {
        abstract void publish(int messages);

        void run(PubSubCounter counter, int messages, int subscribers)
                throws InterruptedException {
            CountDownLatch done = counter.arm((long) messages * subscribers);
            publish(messages);
            PubSubCounter.await(done);
        }
    }

    private static final class LoopySubject extends Subject {
        private final Loop loop = Loop.create();
        private final Thread thread = loop.start("bench-subscriber-loop");
        private final PubSub hub = PubSub.embedded();

        LoopySubject(int subscribers, int deliveries, PubSubCounter counter) {
            SubscriptionOptions options = SubscriptionOptions.builder().deliverOn(loop)
                    .capacity(deliveries / subscribers + 1024).build();
            for (int i = 0; i < subscribers; i++) {
                hub.subscribe(TOPIC, options, message -> counter.deliver());
            }
        }

        @Override
        void publish(int messages) {
            for (int i = 0; i < messages; i++) {
                hub.publish(TOPIC, PubSubBenchmark.PAYLOAD);
            }
        }

        @Override
        public void close() throws InterruptedException {
            hub.close();
            loop.stop();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            loop.close();
        }
    }

    private static final class VertxSubject extends Subject {
        private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        private final EventBus bus = vertx.eventBus();

        VertxSubject(int subscribers, PubSubCounter counter) throws Exception {
            CompletableFuture<Void> registered = new CompletableFuture<>();
            vertx.getOrCreateContext().runOnContext(ignored -> {
                for (int i = 0; i < subscribers; i++) {
                    bus.localConsumer(TOPIC, message -> counter.deliver());
                }
                registered.complete(null);
            });
            registered.get(30, TimeUnit.SECONDS);
        }

        @Override
        void publish(int messages) {
            for (int i = 0; i < messages; i++) {
                bus.publish(TOPIC, PubSubBenchmark.PAYLOAD);
            }
        }

        @Override
        public void close() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}

package dev.loopy.cli.stress;

import dev.loopy.Loop;
import dev.loopy.concurrent.Channel;
import dev.loopy.cluster.Registry;
import dev.loopy.cluster.RegistryEvent;
import dev.loopy.pubsub.OverflowPolicy;
import dev.loopy.pubsub.PubSub;
import dev.loopy.pubsub.PublishResult;
import dev.loopy.pubsub.SubscriptionOptions;
import dev.loopy.util.FastRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code integration}: channel, loop, pub/sub and registry in one pipeline. Producer
 * threads send numbered messages through an mpmc channel to a receiver on loop A, which
 * publishes each one to the hub and writes it to a registry that lives on the same loop.
 *
 * <p>Checked per round: a broadcast subscription delivered on loop B receives every
 * message once and in each producer's order (loop A forwards in channel order); a queue
 * group with members on loops B and C gets every message exactly once among them; the
 * registry's put events, seen on loop A, carry every message once and in order.
 */
public final class IntegrationScenario implements Scenario {
    private static final int TOPICS = 10;
    private static final int QUEUE_CAPACITY = 512;
    private static final int MAX_FORWARD_FAILURES = 5;
    private static final int COUNT_DIVISOR = 2;

    /** One round's configuration, drawn from the seed. */
    record Round(int number, int producers, int capacity, long messagesPerProducer) {
        String describe() {
            return "round " + number + " producers=" + producers + " cap=" + capacity;
        }
    }

    @Override
    public String name() {
        return "integration";
    }

    @Override
    public String description() {
        return "producers, a channel drained on a loop that publishes and writes the "
                + "registry, loop-delivered subscribers; every message once, in order";
    }

    @Override
    public void run(StressContext context) throws InterruptedException {
        for (int number = 1; number <= context.level().rounds(); number++) {
            FastRandom random = context.random(number);
            Round round = new Round(number, 1 + random.nextInt(context.level().maxWorkers()),
                    1 << (1 + random.nextInt(10)),
                    context.level().messagesPerSource() / COUNT_DIVISOR);
            context.stage(round.describe());
            new RoundRun(context, round).run();
            if (context.failed()) {
                return;
            }
        }
    }

    /** The pipeline of one round. */
    private static final class RoundRun {
        private final StressContext context;
        private final Round round;
        private final Channel<StressMessage> channel;
        private final long[] sent;
        private final SequenceChecker broadcast;
        private final SequenceChecker group;
        private final SequenceChecker registryEvents;
        private final AtomicLong broadcastCount = new AtomicLong();
        private final AtomicLong groupCount = new AtomicLong();
        private final AtomicLong registryCount = new AtomicLong();
        private final AtomicInteger forwardFailures = new AtomicInteger();
        private final StressLoops loops;
        private final CompletableFuture<Void> drained = new CompletableFuture<>();
        private Registry registry;
        /** Set just before the gate opens; workers read it after, the gate ordering both. */
        private long deadlineNs;

        RoundRun(StressContext context, Round round) {
            this.context = context;
            this.round = round;
            this.channel = Channel.mpmc(round.capacity());
            this.loops = new StressLoops(context, "integration");
            this.sent = new long[round.producers()];
            String prefix = "integration " + round.describe();
            long max = round.messagesPerProducer();
            this.broadcast = new SequenceChecker(prefix + " broadcast on loop B",
                    round.producers(), max);
            this.group = new SequenceChecker(prefix + " queue group on loops B and C",
                    round.producers(), max);
            this.registryEvents = new SequenceChecker(prefix + " registry put events",
                    round.producers(), max);
        }

        void run() throws InterruptedException {
            Loop forwarder = loops.start();
            Loop loopB = loops.start();
            Loop loopC = loops.start();
            try (PubSub hub = PubSub.embedded()) {
                subscribe(hub, loopB, loopC);
                loops.call(forwarder, () -> openRegistry(forwarder));
                channel.receiveOn(forwarder, message -> forward(hub, message),
                        () -> drained.complete(null));
                Workers producers = new Workers(context);
                for (int p = 0; p < round.producers(); p++) {
                    int source = p;
                    producers.start("integration-producer-" + p, () -> produce(source));
                }
                deadlineNs = System.nanoTime() + context.roundBudget().toNanos();
                producers.open();
                Duration drain = context.level().drainTimeout();
                producers.join(context.roundBudget().plus(drain));
                channel.close();
                awaitDrained(drain);
                awaitDeliveries(drain);
                loops.call(forwarder, () -> registry.close());
            } finally {
                loops.stopAll();
            }
            context.report(broadcast.verify(sent.clone()));
            context.report(group.verify(sent.clone()));
            context.report(registryEvents.verify(sent.clone()));
        }

        private void subscribe(PubSub hub, Loop loopB, Loop loopC) {
            SequenceChecker.Observer onB = broadcast.observer(true);
            hub.subscribe("integration.#", deferred(loopB).build(), message -> {
                onB.record((StressMessage) message.payload());
                broadcastCount.incrementAndGet();
                context.received(1);
            });
            for (Loop member : List.of(loopB, loopC)) {
                SequenceChecker.Observer observer = group.observer(false);
                hub.subscribe("integration.*", deferred(member).group("integration-workers")
                        .build(), message -> {
                            observer.record((StressMessage) message.payload());
                            groupCount.incrementAndGet();
                        });
            }
        }

        private static SubscriptionOptions.Builder deferred(Loop loop) {
            return SubscriptionOptions.builder().deliverOn(loop).capacity(QUEUE_CAPACITY)
                    .overflow(OverflowPolicy.BACK_PRESSURE);
        }

        /** Creates the registry and watches its sequenced keys; on loop A. */
        private void openRegistry(Loop forwarder) {
            registry = Registry.embedded(forwarder);
            SequenceChecker.Observer observer = registryEvents.observer(true);
            registry.watch("integration.", event -> {
                if (event instanceof RegistryEvent.KeyPut put) {
                    observer.record(StressMessage.decode(put.entry().value()));
                    registryCount.incrementAndGet();
                }
            });
        }

        /** Publishes and records one message; on loop A, in channel order. */
        private void forward(PubSub hub, StressMessage message) {
            try {
                publishAndPut(hub, message);
            } catch (RuntimeException e) {
                failForward("forwarding source=" + message.source() + " sequence="
                        + message.sequence() + " threw " + e);
            }
        }

        private void publishAndPut(PubSub hub, StressMessage message) {
            String topic = "integration.t" + message.sequence() % TOPICS;
            PublishResult result = hub.publish(topic, message, context.level().drainTimeout());
            if (result.delivered() != 2) {
                failForward("publish of source=" + message.source() + " sequence="
                        + message.sequence() + " gave " + result + " (expected 2 deliveries)");
            }
            registry.put("integration.p" + message.source(), message.encode());
        }

        private void failForward(String detail) {
            if (forwardFailures.incrementAndGet() <= MAX_FORWARD_FAILURES) {
                context.fail(detail);
            }
        }

        private void produce(int source) throws InterruptedException {
            for (long sequence = 0; sequence < round.messagesPerProducer(); sequence++) {
                if (System.nanoTime() - deadlineNs > 0) {
                    return;
                }
                channel.send(StressMessage.of(source, sequence));
                sent[source] = sequence + 1;
                context.sent(1);
            }
        }

        private void awaitDrained(Duration timeout) throws InterruptedException {
            try {
                drained.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                context.fail("loop A did not drain the closed channel within " + timeout);
            }
        }

        private void awaitDeliveries(Duration timeout) {
            long total = 0;
            for (long count : sent) {
                total += count;
            }
            long giveUpNs = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - giveUpNs < 0 && (broadcastCount.get() < total
                    || groupCount.get() < total || registryCount.get() < total)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }
}

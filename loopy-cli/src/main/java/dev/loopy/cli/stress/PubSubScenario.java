package dev.loopy.cli.stress;

import dev.loopy.Loop;
import dev.loopy.pubsub.AckMode;
import dev.loopy.pubsub.Message;
import dev.loopy.pubsub.OverflowPolicy;
import dev.loopy.pubsub.PubSub;
import dev.loopy.pubsub.PublishResult;
import dev.loopy.pubsub.Subscription;
import dev.loopy.pubsub.SubscriptionOptions;
import dev.loopy.util.FastRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code pubsub}: publishers send numbered messages to ten topics of an embedded hub while
 * subscriptions of every kind receive them and others come and go.
 *
 * <p>Checked per round: a broadcast {@code stress.#} subscription delivered on a loop must
 * receive every message once, in each publisher's order; a synchronous broadcast
 * subscription to one topic must receive exactly that topic's messages, in order; a queue
 * group of loop-delivered members with manual acknowledgement, which refuses some first
 * attempts, must have every message acknowledged exactly once among its members; every
 * publish must reach every subscription that matches it (the churning one may or may not
 * be among them); and the subscriptions
 * opened and closed during the run must never see a publisher's messages go backwards.
 * Queues push back when full, so no message may be dropped.
 */
public final class PubSubScenario implements Scenario {
    private static final int TOPICS = 10;
    private static final int NACK_EVERY = 97;
    private static final int MAX_CHURN_FAILURES = 5;

    /**
     * What one publish carries.
     *
     * @param overall the publisher's number for the message among all its messages
     * @param onTopic the publisher's number for it among its messages to this topic
     * @param topic the topic's index
     */
    record Publication(StressMessage overall, StressMessage onTopic, int topic) {
    }

    /** One round's configuration, drawn from the seed. */
    record Round(int number, int publishers, int groupMembers, int queueCapacity,
            int watchedTopic, long messagesPerPublisher) {
        String describe() {
            return "round " + number + " publishers=" + publishers + " members="
                    + groupMembers + " queue=" + queueCapacity + " topic=t" + watchedTopic;
        }
    }

    @Override
    public String name() {
        return "pubsub";
    }

    @Override
    public String description() {
        return "publishers, broadcast, topic, queue-group and churning subscriptions; "
                + "nothing lost or duplicated, per-publisher order for broadcast";
    }

    @Override
    public void run(StressContext context) throws InterruptedException {
        for (int number = 1; number <= context.level().rounds(); number++) {
            FastRandom random = context.random(number);
            Round round = new Round(number, 1 + random.nextInt(context.level().maxWorkers()),
                    2 + random.nextInt(2), 1 << (2 + random.nextInt(9)),
                    random.nextInt(TOPICS), context.level().messagesPerSource());
            context.stage(round.describe());
            new RoundRun(context, round).run();
            if (context.failed()) {
                return;
            }
        }
    }

    private static String topic(int index) {
        return "stress.t" + index;
    }

    /** The hub, loops, subscriptions and checks of one round. */
    private final class RoundRun {
        private final StressContext context;
        private final Round round;
        /** Set just before the gate opens; workers read it after, the gate ordering both. */
        private long deadlineNs;
        private final long[] sent;
        private final long[] sentToWatched;
        private final SequenceChecker everything;
        private final SequenceChecker watched;
        private final SequenceChecker group;
        private final AtomicLong everythingCount = new AtomicLong();
        private final AtomicLong watchedCount = new AtomicLong();
        private final AtomicLong groupCount = new AtomicLong();
        private final AtomicBoolean publishing = new AtomicBoolean(true);
        private final AtomicInteger churnFailures = new AtomicInteger();
        private final StressLoops loops;

        RoundRun(StressContext context, Round round) {
            this.context = context;
            this.round = round;
            this.sent = new long[round.publishers()];
            this.sentToWatched = new long[round.publishers()];
            this.loops = new StressLoops(context, "pubsub");
            String prefix = "pubsub " + round.describe();
            long max = round.messagesPerPublisher();
            this.everything = new SequenceChecker(prefix + " stress.# on a loop",
                    round.publishers(), max);
            this.watched = new SequenceChecker(prefix + " " + topic(round.watchedTopic())
                    + " synchronous", round.publishers(), max);
            this.group = new SequenceChecker(prefix + " queue group, manual ack",
                    round.publishers(), max);
        }

        void run() throws InterruptedException {
            try (PubSub hub = PubSub.embedded()) {
                subscribe(hub);
                Workers publishers = new Workers(context);
                for (int p = 0; p < round.publishers(); p++) {
                    int source = p;
                    publishers.start("pubsub-publisher-" + p, () -> publish(hub, source));
                }
                Workers churn = new Workers(context);
                churn.start("pubsub-churn", () -> churn(hub));
                deadlineNs = System.nanoTime() + context.roundBudget().toNanos();
                churn.open();
                publishers.open();
                Duration drain = context.level().drainTimeout();
                publishers.join(context.roundBudget().plus(drain));
                publishing.set(false);
                churn.join(drain);
                awaitDeliveries(drain);
            } finally {
                loops.stopAll();
            }
            long[] sentCopy = sent.clone();
            context.report(everything.verify(sentCopy));
            context.report(watched.verify(sentToWatched.clone()));
            context.report(group.verify(sentCopy));
        }

        private void subscribe(PubSub hub) {
            Loop broadcastLoop = loops.start();
            SequenceChecker.Observer onLoop = everything.observer(true);
            hub.subscribe("stress.#", deferred(broadcastLoop).build(), message -> {
                onLoop.record(((Publication) message.payload()).overall());
                everythingCount.incrementAndGet();
                context.received(1);
            });
            SequenceChecker.Observer[] perPublisher = new SequenceChecker.Observer[sent.length];
            for (int p = 0; p < sent.length; p++) {
                perPublisher[p] = watched.observer(true);
            }
            hub.subscribe(topic(round.watchedTopic()), message -> {
                Publication publication = (Publication) message.payload();
                perPublisher[publication.overall().source()].record(publication.onTopic());
                watchedCount.incrementAndGet();
            });
            for (int m = 0; m < round.groupMembers(); m++) {
                SequenceChecker.Observer member = group.observer(false);
                hub.subscribe("stress.*", deferred(loops.start()).group("stress-workers")
                        .ackMode(AckMode.MANUAL).maxAttempts(3).build(),
                        message -> settle(message, member));
            }
        }

        private SubscriptionOptions.Builder deferred(Loop loop) {
            return SubscriptionOptions.builder().deliverOn(loop)
                    .capacity(round.queueCapacity()).overflow(OverflowPolicy.BACK_PRESSURE);
        }

        /** Refuses the first attempt of some messages; records only what it acknowledges. */
        private void settle(Message message, SequenceChecker.Observer member) {
            StressMessage overall = ((Publication) message.payload()).overall();
            if (overall.sequence() % NACK_EVERY == 0 && message.attempt() == 1) {
                message.nack();
                return;
            }
            if (message.ack()) {
                member.record(overall);
                groupCount.incrementAndGet();
            }
        }

        private void publish(PubSub hub, int source) {
            FastRandom random = context.random(1_000L * round.number() + source);
            Duration timeout = context.level().drainTimeout();
            long[] perTopic = new long[TOPICS];
            for (long sequence = 0; sequence < round.messagesPerPublisher(); sequence++) {
                if (System.nanoTime() - deadlineNs > 0) {
                    return;
                }
                int topic = random.nextInt(TOPICS);
                Publication publication = new Publication(StressMessage.of(source, sequence),
                        StressMessage.of(source, perTopic[topic]), topic);
                PublishResult result = hub.publish(topic(topic), publication, timeout);
                int expected = topic == round.watchedTopic() ? 3 : 2;
                if (!result.isDelivered() || result.delivered() < expected
                        || result.delivered() > expected + 1) {
                    context.fail("publish of source=" + source + " sequence=" + sequence
                            + " to " + topic(topic) + " gave " + result + " (expected "
                            + expected + " deliveries, one more with a churning one)");
                    return;
                }
                perTopic[topic]++;
                sent[source] = sequence + 1;
                sentToWatched[source] = perTopic[round.watchedTopic()];
                context.sent(1);
            }
        }

        /** Opens and closes synchronous subscriptions while publishers run. */
        private void churn(PubSub hub) {
            while (publishing.get()) {
                long[] highest = new long[sent.length];
                Arrays.fill(highest, -1);
                Subscription subscription = hub.subscribe("stress.#", message -> {
                    StressMessage overall = ((Publication) message.payload()).overall();
                    synchronized (highest) {
                        checkRising(highest, overall);
                    }
                });
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                subscription.close();
            }
        }

        private void checkRising(long[] highest, StressMessage overall) {
            if (overall.sequence() <= highest[overall.source()]
                    && churnFailures.incrementAndGet() <= MAX_CHURN_FAILURES) {
                context.fail("a churning subscription saw source=" + overall.source()
                        + " sequence=" + overall.sequence() + " after sequence "
                        + highest[overall.source()]);
            }
            highest[overall.source()] = Math.max(highest[overall.source()],
                    overall.sequence());
        }

        private void awaitDeliveries(Duration timeout) {
            long total = 0;
            long toWatched = 0;
            for (int p = 0; p < sent.length; p++) {
                total += sent[p];
                toWatched += sentToWatched[p];
            }
            long giveUpNs = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - giveUpNs < 0 && (everythingCount.get() < total
                    || groupCount.get() < total || watchedCount.get() < toWatched)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }
}

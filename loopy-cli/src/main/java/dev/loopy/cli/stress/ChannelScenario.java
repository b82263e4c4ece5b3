package dev.loopy.cli.stress;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import dev.loopy.concurrent.Channel;
import dev.loopy.concurrent.ChannelReceiver;
import dev.loopy.util.FastRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code channel-mpmc} and {@code channel-spsc}: producers send numbered messages through
 * one channel to consumers, with every kind of send and receive (waiting, trying, timed, on
 * a loop), then the channel is closed and drained.
 *
 * <p>Each round draws its shape, producers, consumers, capacity and modes from the seed.
 * One checker per round, shared by the consumers: every message sent must be received
 * exactly once, intact, and each consumer must see each producer's messages in the order
 * sent. Some mpmc rounds close the channel while producers are still sending: a send that
 * threw must not be received (it would be a phantom), one that returned must be.
 */
public final class ChannelScenario implements Scenario {
    private static final Duration TIMED_WAIT = Duration.ofMillis(10);
    private static final int MAX_CAPACITY_BITS = 11;
    private static final int BATCH = 256;

    /** How a producer sends. */
    enum SendMode {
        WAIT('w'), TRY('t'), TIMED('d');

        final char letter;

        SendMode(char letter) {
            this.letter = letter;
        }
    }

    /** How a consumer receives. */
    enum ReceiveMode {
        WAIT('w'), TRY('t'), TIMED('d'), LOOP('l');

        final char letter;

        ReceiveMode(char letter) {
            this.letter = letter;
        }
    }

    /** One round's configuration, drawn from the seed. */
    record Round(int number, Channel.Shape shape, int capacity, List<SendMode> producers,
            List<ReceiveMode> consumers, boolean closeEarly, long messagesPerProducer) {
        String describe() {
            StringBuilder text = new StringBuilder("round " + number + " " + shape.label()
                    + " cap=" + capacity + " send=");
            producers.forEach(mode -> text.append(mode.letter));
            text.append(" recv=");
            consumers.forEach(mode -> text.append(mode.letter));
            return text.append(closeEarly ? " close-early" : "").toString();
        }
    }

    private final boolean single;

    private ChannelScenario(boolean single) {
        this.single = single;
    }

    /**
     * Returns the scenario of many producers and consumers, on mpmc and mpsc channels.
     *
     * @return {@code channel-mpmc}
     */
    public static ChannelScenario mpmc() {
        return new ChannelScenario(false);
    }

    /**
     * Returns the scenario of one producer and one consumer, on spsc channels.
     *
     * @return {@code channel-spsc}
     */
    public static ChannelScenario spsc() {
        return new ChannelScenario(true);
    }

    @Override
    public String name() {
        return single ? "channel-spsc" : "channel-mpmc";
    }

    @Override
    public String description() {
        return single
                ? "one producer, one consumer on spsc channels; nothing lost, all in order"
                : "producers and consumers on mpmc and mpsc channels, close under load; "
                        + "nothing lost or duplicated, per-producer order per consumer";
    }

    @Override
    public void run(StressContext context) throws InterruptedException {
        for (int number = 1; number <= context.level().rounds(); number++) {
            Round round = draw(context, number);
            context.stage(round.describe());
            new RoundRun(context, round).run();
            if (context.failed()) {
                return;
            }
        }
    }

    Round draw(StressContext context, int number) {
        FastRandom random = context.random(number);
        int maxWorkers = context.level().maxWorkers();
        int producers = single ? 1 : 1 + random.nextInt(maxWorkers);
        int consumers = single ? 1 : 1 + random.nextInt(maxWorkers);
        Channel.Shape shape = single ? Channel.Shape.SPSC
                : consumers == 1 && random.nextBoolean() ? Channel.Shape.MPSC
                : Channel.Shape.MPMC;
        int capacity = 1 << random.nextInt(MAX_CAPACITY_BITS);
        List<SendMode> sends = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            sends.add(SendMode.values()[random.nextInt(SendMode.values().length)]);
        }
        List<ReceiveMode> receives = new ArrayList<>();
        int loopReceivers = 0;
        for (int i = 0; i < consumers; i++) {
            ReceiveMode mode = ReceiveMode.values()[random.nextInt(ReceiveMode.values().length)];
            if (mode == ReceiveMode.LOOP && ++loopReceivers > 1) {
                mode = ReceiveMode.WAIT;
            }
            receives.add(mode);
        }
        boolean closeEarly = !single && random.nextInt(4) == 0;
        return new Round(number, shape, capacity, List.copyOf(sends), List.copyOf(receives),
                closeEarly, context.level().messagesPerSource());
    }

    /** The threads, loop and checks of one round. */
    private final class RoundRun {
        private final StressContext context;
        private final Round round;
        private final Channel<StressMessage> channel;
        private final SequenceChecker checker;
        private final long[] sent;
        private final AtomicLong sentInRound = new AtomicLong();
        /** Set just before the gate opens; workers read it after, the gate ordering both. */
        private long deadlineNs;

        RoundRun(StressContext context, Round round) {
            this.context = context;
            this.round = round;
            this.channel = Channel.create(round.shape(), round.capacity());
            this.checker = new SequenceChecker(name() + " " + round.describe(),
                    round.producers().size(), round.messagesPerProducer());
            this.sent = new long[round.producers().size()];
        }

        void run() throws InterruptedException {
            Workers producers = new Workers(context);
            Workers consumers = new Workers(context);
            for (int p = 0; p < round.producers().size(); p++) {
                int source = p;
                producers.start(name() + "-producer-" + p, () -> produce(source));
            }
            StressLoops loops = new StressLoops(context, "channel");
            LoopConsumer loopConsumer = startConsumers(consumers, loops);
            try {
                deadlineNs = System.nanoTime() + context.roundBudget().toNanos();
                consumers.open();
                producers.open();
                if (round.closeEarly()) {
                    closeWhenHalfSent();
                }
                Duration drain = context.level().drainTimeout();
                producers.join(context.roundBudget().plus(drain));
                channel.close();
                consumers.join(drain);
                if (loopConsumer != null) {
                    loopConsumer.awaitDrained(drain);
                }
            } finally {
                if (loopConsumer != null) {
                    loopConsumer.stop();
                }
                loops.stopAll();
            }
            context.report(checker.verify(sent));
        }

        private LoopConsumer startConsumers(Workers consumers, StressLoops loops) {
            LoopConsumer loopConsumer = null;
            for (int c = 0; c < round.consumers().size(); c++) {
                ReceiveMode mode = round.consumers().get(c);
                if (mode == ReceiveMode.LOOP) {
                    loopConsumer = new LoopConsumer(context, loops.start(), channel, checker);
                } else {
                    SequenceChecker.Observer observer = checker.observer(true);
                    consumers.start(name() + "-consumer-" + c, () -> consume(mode, observer));
                }
            }
            return loopConsumer;
        }

        private void produce(int source) throws InterruptedException {
            SendMode mode = round.producers().get(source);
            long pending = 0;
            try {
                for (long sequence = 0; sequence < round.messagesPerProducer(); sequence++) {
                    if (System.nanoTime() - deadlineNs > 0) {
                        break;
                    }
                    send(mode, StressMessage.of(source, sequence));
                    sent[source] = sequence + 1;
                    sentInRound.incrementAndGet();
                    if (++pending == BATCH) {
                        context.sent(pending);
                        pending = 0;
                    }
                }
            } catch (ClosedException closed) {
                if (!round.closeEarly()) {
                    throw closed;
                }
            } finally {
                context.sent(pending);
            }
        }

        private void send(SendMode mode, StressMessage message) throws InterruptedException {
            switch (mode) {
                case WAIT -> channel.send(message);
                case TRY -> {
                    while (!channel.trySend(message)) {
                        backOff();
                    }
                }
                case TIMED -> {
                    while (!channel.send(message, TIMED_WAIT)) {
                        abandonIfInterrupted();
                    }
                }
            }
        }

        private void consume(ReceiveMode mode, SequenceChecker.Observer observer)
                throws InterruptedException {
            long pending = 0;
            for (StressMessage message = receive(mode); message != null;
                    message = receive(mode)) {
                observer.record(message);
                if (++pending == BATCH) {
                    context.received(pending);
                    pending = 0;
                }
            }
            context.received(pending);
        }

        /** Returns the next message, or null once the channel is closed and drained. */
        private StressMessage receive(ReceiveMode mode) throws InterruptedException {
            while (true) {
                StressMessage message = switch (mode) {
                    case TRY -> channel.tryReceive();
                    case TIMED -> channel.receive(TIMED_WAIT);
                    default -> channel.receive();
                };
                if (message != null || mode == ReceiveMode.WAIT) {
                    return message;
                }
                if (channel.isClosed()) {
                    return channel.receive();
                }
                if (mode == ReceiveMode.TRY) {
                    backOff();
                }
            }
        }

        private void closeWhenHalfSent() {
            long half = round.producers().size() * round.messagesPerProducer() / 2;
            while (sentInRound.get() < half && System.nanoTime() - deadlineNs < 0) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
            }
            channel.close();
        }

        private void backOff() throws InterruptedException {
            abandonIfInterrupted();
            Thread.onSpinWait();
            Thread.yield();
        }

        /** Ends a spinning worker that would otherwise outlive a stuck round. */
        private void abandonIfInterrupted() throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException("round abandoned");
            }
        }
    }

    /** A consumer that is the channel's receiver on a loop's thread. */
    private static final class LoopConsumer {
        private final ChannelReceiver<StressMessage> receiver;
        private final CountDownLatch drained = new CountDownLatch(1);
        private final StressContext context;

        LoopConsumer(StressContext context, Loop loop, Channel<StressMessage> channel,
                SequenceChecker checker) {
            this.context = context;
            SequenceChecker.Observer observer = checker.observer(true);
            this.receiver = channel.receiveOn(loop, message -> {
                observer.record(message);
                context.received(1);
            }, drained::countDown);
        }

        void awaitDrained(Duration timeout) throws InterruptedException {
            if (!drained.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                context.fail("loop receiver not told of the close within " + timeout
                        + " (delivered " + receiver.delivered() + ")");
            }
        }

        void stop() {
            receiver.stop();
        }
    }
}

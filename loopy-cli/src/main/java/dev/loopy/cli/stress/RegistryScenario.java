package dev.loopy.cli.stress;

import dev.loopy.Loop;
import dev.loopy.cluster.CasResult;
import dev.loopy.cluster.ConfigEntry;
import dev.loopy.cluster.Leadership;
import dev.loopy.cluster.NodeInfo;
import dev.loopy.cluster.NodeSpec;
import dev.loopy.cluster.NodeState;
import dev.loopy.cluster.Registry;
import dev.loopy.cluster.RegistryEvent;
import dev.loopy.cluster.RegistryOptions;
import dev.loopy.cluster.UnknownNodeException;
import dev.loopy.util.FastRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code registry}: worker threads hand writes, compare-and-sets, node joins, heartbeats,
 * leaves and reads to an embedded registry on its loop, with failure-detection timeouts of
 * milliseconds so that nodes turn suspect and down during the run.
 *
 * <p>Checked per round: every sequenced write of a worker produces exactly one put event,
 * in the order the worker wrote (a worker's tasks run in order, events in revision order);
 * every entry written with a time to live expires exactly once; a counter incremented by
 * reading in one task and compare-and-setting in a later one, retrying on conflict, ends
 * at the number of successful sets (no lost update); event revisions rise; every leader
 * announced is an active node with a greater term than the one before.
 */
public final class RegistryScenario implements Scenario {
    private static final String COUNTER = "stress.counter";
    private static final String CANDIDATE = "candidate";
    private static final int IN_FLIGHT = 64;
    private static final int NODES_PER_WORKER = 4;
    private static final int MAX_TTL_MS = 20;
    private static final int OPS_DIVISOR = 4;
    private static final int MAX_INVARIANT_FAILURES = 5;

    /** One round's configuration, drawn from the seed. */
    record Round(int number, int workers, long opsPerWorker) {
        String describe() {
            return "round " + number + " workers=" + workers + " ops=" + opsPerWorker;
        }
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public String description() {
        return "writes, compare-and-set, TTL, node churn and failure detection from many "
                + "threads; every event once and in order, no lost update, one leader";
    }

    @Override
    public void run(StressContext context) throws InterruptedException {
        for (int number = 1; number <= context.level().rounds(); number++) {
            FastRandom random = context.random(number);
            Round round = new Round(number, 1 + random.nextInt(context.level().maxWorkers()),
                    context.level().messagesPerSource() / OPS_DIVISOR);
            context.stage(round.describe());
            new RoundRun(context, round).run();
            if (context.failed()) {
                return;
            }
        }
    }

    /** The loop, registry, workers and checks of one round. Registry calls: loop only. */
    private static final class RoundRun {
        private final StressContext context;
        private final Round round;
        private final StressLoops loops;
        private final Loop loop;
        private final SequenceChecker writes;
        private final SequenceChecker expiries;
        private final SequenceChecker.Observer writeEvents;
        private final SequenceChecker.Observer expiryEvents;
        private final long[] written;
        private final long[] expiring;
        private final AtomicLong eventsSeen = new AtomicLong();
        private final AtomicLong casSucceeded = new AtomicLong();
        private final AtomicInteger invariantFailures = new AtomicInteger();
        private final Semaphore[] inFlight;
        private Registry registry;
        private long lastRevision;
        private long lastTerm;
        /** Set just before the gate opens; workers read it after, the gate ordering both. */
        private long deadlineNs;

        RoundRun(StressContext context, Round round) {
            this.context = context;
            this.round = round;
            this.loops = new StressLoops(context, "registry");
            this.loop = loops.start();
            String prefix = "registry " + round.describe();
            this.writes = new SequenceChecker(prefix + " put events", round.workers(),
                    round.opsPerWorker());
            this.expiries = new SequenceChecker(prefix + " ttl expiries", round.workers(),
                    round.opsPerWorker());
            this.writeEvents = writes.observer(true);
            this.expiryEvents = expiries.observer(false);
            this.written = new long[round.workers()];
            this.expiring = new long[round.workers()];
            this.inFlight = new Semaphore[round.workers()];
            for (int w = 0; w < round.workers(); w++) {
                inFlight[w] = new Semaphore(IN_FLIGHT);
            }
        }

        void run() throws InterruptedException {
            try {
                loops.call(loop, this::open);
                Workers workers = new Workers(context);
                for (int w = 0; w < round.workers(); w++) {
                    int worker = w;
                    workers.start("registry-worker-" + w, () -> work(worker));
                }
                deadlineNs = System.nanoTime() + context.roundBudget().toNanos();
                workers.open();
                Duration drain = context.level().drainTimeout();
                workers.join(context.roundBudget().plus(drain));
                awaitTasks(drain);
                awaitEvents(drain);
                loops.call(loop, this::checkCounter);
                loops.call(loop, () -> registry.close());
            } finally {
                loops.stopAll();
            }
            context.report(writes.verify(written.clone()));
            context.report(expiries.verify(expiring.clone()));
        }

        /** Creates the registry and its listener; on the loop. */
        private void open() {
            RegistryOptions options = RegistryOptions.builder()
                    .heartbeatInterval(Duration.ofMillis(5))
                    .suspectTimeout(Duration.ofMillis(15))
                    .downTimeout(Duration.ofMillis(30))
                    .downRetention(Duration.ofMillis(10))
                    .electionRole(CANDIDATE).build();
            registry = Registry.embedded(loop, options);
            registry.subscribe(this::onEvent);
        }

        private void onEvent(RegistryEvent event) {
            if (event.revision() <= lastRevision) {
                invariant("event revision " + event.revision() + " after " + lastRevision);
            }
            lastRevision = Math.max(lastRevision, event.revision());
            switch (event) {
                case RegistryEvent.KeyPut put when put.key().startsWith("stress.seq.") ->
                        onWrite(put.entry());
                case RegistryEvent.KeyExpired expired -> onExpiry(expired.key());
                case RegistryEvent.LeaderChanged changed -> onLeader(changed.leader());
                default -> {
                    // Node joins, state changes and deletions carry nothing to check here.
                }
            }
        }

        private void onWrite(ConfigEntry entry) {
            writeEvents.record(StressMessage.decode(entry.value()));
            eventsSeen.incrementAndGet();
            context.received(1);
        }

        /** Reads a key {@code stress.ttl.<worker>.<sequence>}. */
        private void onExpiry(String key) {
            String[] words = key.split("\\.");
            expiryEvents.record(Integer.parseInt(words[2]), Long.parseLong(words[3]));
            eventsSeen.incrementAndGet();
        }

        private void onLeader(Optional<Leadership> leader) {
            if (leader.isEmpty()) {
                return;
            }
            Leadership leadership = leader.get();
            if (leadership.term() <= lastTerm) {
                invariant("leader term " + leadership.term() + " after " + lastTerm);
            }
            lastTerm = Math.max(lastTerm, leadership.term());
        }

        private void work(int worker) throws InterruptedException {
            FastRandom random = context.random(1_000L * round.number() + worker);
            for (long op = 0; op < round.opsPerWorker(); op++) {
                if (System.nanoTime() - deadlineNs > 0) {
                    return;
                }
                inFlight[worker].acquire();
                submit(worker, random.nextInt(100), random);
                context.sent(1);
            }
        }

        private void submit(int worker, int choice, FastRandom random) {
            Semaphore permits = inFlight[worker];
            if (choice < 40) {
                long sequence = written[worker]++;
                byte[] value = StressMessage.of(worker, sequence).encode();
                handOver(permits, () -> registry.put("stress.seq." + worker, value));
            } else if (choice < 50) {
                long sequence = expiring[worker]++;
                Duration ttl = Duration.ofMillis(1 + random.nextInt(MAX_TTL_MS));
                handOver(permits, () -> registry.put("stress.ttl." + worker + "." + sequence,
                        "x", ttl));
            } else if (choice < 75) {
                loop.execute(() -> guarded(() -> readThenSet(permits)));
            } else {
                String node = "w" + worker + "-n" + random.nextInt(NODES_PER_WORKER);
                boolean keepAlive = random.nextBoolean();
                boolean churn = choice < 90;
                handOver(permits, () -> {
                    if (churn) {
                        churn(node, keepAlive);
                    } else {
                        readAndHeartbeat(node);
                    }
                });
            }
        }

        /** Runs a registry call on the loop, then gives the worker's permit back. */
        private void handOver(Semaphore permits, Runnable call) {
            loop.execute(() -> {
                try {
                    guarded(call);
                } finally {
                    permits.release();
                }
            });
        }

        /** Reports what a registry call threw, which would otherwise reach only the loop. */
        private void guarded(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                invariant("a registry call threw " + e);
            }
        }

        /** Reads the counter now; sets it one higher in a later task, so others interleave. */
        private void readThenSet(Semaphore permits) {
            Optional<ConfigEntry> entry = registry.get(COUNTER);
            long version = entry.map(ConfigEntry::version).orElse(ConfigEntry.ABSENT);
            long value = entry.map(e -> Long.parseLong(e.valueAsString())).orElse(0L);
            loop.execute(() -> guarded(() -> registry.compareAndSet(COUNTER, version,
                    Long.toString(value + 1)).thenAccept(result -> afterSet(result, permits))));
        }

        private void afterSet(CasResult result, Semaphore permits) {
            if (result.succeeded()) {
                casSucceeded.incrementAndGet();
                permits.release();
            } else {
                readThenSet(permits);
            }
        }

        private void churn(String node, boolean keepAlive) {
            if (registry.node(node).isEmpty()) {
                registry.join(NodeSpec.of(node).withRoles(CANDIDATE).withKeepAlive(keepAlive));
                return;
            }
            try {
                registry.leave(node);
            } catch (UnknownNodeException removedMeanwhile) {
                // A down node's retention ended between the look and the leave: nothing to do.
                return;
            }
        }

        /** Heartbeats a node if held, and checks in the same step that the leader is active. */
        private void readAndHeartbeat(String node) {
            if (registry.node(node).isPresent()) {
                registry.heartbeat(node);
            }
            registry.leader().ifPresent(leadership -> {
                Optional<NodeInfo> leader = registry.node(leadership.nodeId());
                if (leader.isEmpty() || leader.get().state() != NodeState.ACTIVE) {
                    invariant("leader " + leadership.nodeId() + " read while "
                            + leader.map(info -> info.state().label()).orElse("absent"));
                }
            });
            registry.entries("stress.seq.");
        }

        private void checkCounter() {
            long value = registry.get(COUNTER)
                    .map(entry -> Long.parseLong(entry.valueAsString())).orElse(0L);
            if (value != casSucceeded.get()) {
                context.fail("registry counter is " + value + " after " + casSucceeded.get()
                        + " successful compare-and-sets (a lost update)");
            }
        }

        private void invariant(String detail) {
            if (invariantFailures.incrementAndGet() <= MAX_INVARIANT_FAILURES) {
                context.fail("registry invariant: " + detail);
            }
        }

        /** Waits until every task a worker handed over has finished. */
        private void awaitTasks(Duration timeout) throws InterruptedException {
            long giveUpNs = System.nanoTime() + timeout.toNanos();
            for (Semaphore permits : inFlight) {
                long leftNs = Math.max(0, giveUpNs - System.nanoTime());
                if (!permits.tryAcquire(IN_FLIGHT, leftNs, TimeUnit.NANOSECONDS)) {
                    context.fail("registry tasks still pending after " + timeout);
                    return;
                }
            }
        }

        /** Waits for the put and expiry events, which follow their calls in later steps. */
        private void awaitEvents(Duration timeout) {
            long expected = 0;
            for (int w = 0; w < written.length; w++) {
                expected += written[w] + expiring[w];
            }
            long giveUpNs = System.nanoTime() + timeout.toNanos();
            while (eventsSeen.get() < expected && System.nanoTime() - giveUpNs < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }
}

package dev.loopy.pubsub;

import dev.loopy.ClosedException;
import dev.loopy.Clock;
import dev.loopy.pubsub.spi.PubSubBackend;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process backend: a tree of subscription patterns, a route cache, and one bounded
 * queue per deferred subscription.
 *
 * <p>Thread-safe. Publishing takes no lock beyond the target queues' own; subscribing and
 * unsubscribing are serialized by the engine's monitor.
 */
final class EmbeddedEngine implements PubSubBackend {
    private static final System.Logger LOG = System.getLogger("dev.loopy.pubsub");

    private final HubOptions options;
    private final Clock clock;
    private final RouteTable routes;
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder unrouted = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Map<String, Group> groups = new HashMap<>();
    private final Map<Executor, Mailbox> mailboxes = new IdentityHashMap<>();
    private final long[] retired = new long[Totals.COUNTERS];
    private volatile boolean closed;
    private ScheduledExecutorService redeliveryTimer;

    EmbeddedEngine(HubOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.routes = new RouteTable(options.routeCacheSize());
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Subscription subscribe(TopicPattern pattern, SubscriptionOptions subscription,
            MessageHandler handler) {
        synchronized (this) {
            if (closed) {
                throw new ClosedException("hub is closed (subscribe)");
            }
            Group group = join(subscription);
            Endpoint endpoint = new Endpoint(this, pattern, subscription, handler, group,
                    mailboxFor(subscription));
            endpoints.add(endpoint);
            routes.add(endpoint);
            return endpoint;
        }
    }

    @Override
    public PublishResult publish(String topic, Object payload, long timeoutNs) {
        if (closed) {
            return PublishResult.of(PublishOutcome.CLOSED, 0);
        }
        long number = sequence.incrementAndGet();
        Route route = routes.lookup(topic);
        if (route.isEmpty()) {
            unrouted.increment();
            return PublishResult.of(PublishOutcome.NO_SUBSCRIBERS, 0);
        }
        Envelope envelope = new Envelope(topic, payload, number, clock.nanoTime());
        long deadlineNs = route.mayBlock && timeoutNs > 0
                ? deadline(timeoutNs) : Endpoint.NO_WAIT;
        return deliver(route, envelope, deadlineNs);
    }

    @Override
    public int matchCount(String topic) {
        return closed ? 0 : routes.lookup(topic).matchCount;
    }

    @Override
    public HubStats stats() {
        Totals totals = new Totals();
        int open;
        synchronized (this) {
            totals.add(retired);
            for (Endpoint endpoint : endpoints) {
                totals.add(endpoint.stats());
            }
            open = endpoints.size();
        }
        return totals.toHubStats(sequence.get(), unrouted.sum(), deadLettered.sum(), open);
    }

    @Override
    public void close() {
        List<Endpoint> open;
        ScheduledExecutorService timer;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(endpoints);
            timer = redeliveryTimer;
        }
        for (Endpoint endpoint : open) {
            endpoint.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void unsubscribe(Endpoint endpoint) {
        synchronized (this) {
            if (!endpoints.remove(endpoint)) {
                return;
            }
            routes.remove(endpoint);
            leave(endpoint.groupOrNull());
            release(endpoint.mailboxOrNull());
        }
        endpoint.shutdown();
        SubscriptionStats last = endpoint.stats();
        synchronized (this) {
            Totals.add(retired, last);
        }
    }

    /** Redelivers a nacked message, now or after a delay. */
    void redeliver(Endpoint from, Envelope envelope, int attempt, long delayNs) {
        Runnable task = () -> redeliverNow(from, envelope, attempt);
        if (delayNs > 0) {
            if (!schedule(task, delayNs)) {
                from.countDropped();
            }
        } else if (!Trampoline.current().defer(task)) {
            task.run();
        }
    }

    /** Passes a message of a closing group member to the group's other members. */
    void handOver(Endpoint from, Envelope envelope, int attempt) {
        if (closed) {
            from.countDropped();
            return;
        }
        Route.Members members = routes.lookup(envelope.topic()).members(from.groupOrNull());
        int verdict = members == null ? Endpoint.CLOSED
                : offerToGroup(members, envelope, attempt, true, Endpoint.NO_WAIT, true);
        if (verdict != Endpoint.ACCEPTED) {
            deadLetter(envelope, attempt, DeadLetterReason.NO_MEMBER, from);
        }
    }

    void deadLetter(Envelope envelope, int attempt, DeadLetterReason reason, Endpoint from) {
        from.countDeadLetter();
        deadLettered.increment();
        Message last = Delivery.settled(envelope, from, attempt);
        try {
            options.deadLetterHandler().onDeadLetter(last, reason, from);
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "dead-letter handler failed on topic="
                    + envelope.topic(), failure);
        }
    }

    void handlerFailed(Message message, Endpoint endpoint, RuntimeException failure) {
        try {
            options.failureHandler().onFailure(message, endpoint, failure);
        } catch (RuntimeException again) {
            again.addSuppressed(failure);
            LOG.log(Level.WARNING, "failure handler failed on topic=" + message.topic(),
                    again);
        }
    }

    void executorRefused(Object owner, RuntimeException refusal) {
        LOG.log(Level.WARNING, "executor refused the delivery task of " + owner
                + "; messages stay queued", refusal);
    }

    private void redeliverNow(Endpoint from, Envelope envelope, int attempt) {
        if (from.groupOrNull() == null) {
            int verdict = from.offer(envelope, attempt, true, Endpoint.FORCE,
                    Endpoint.NO_WAIT);
            if (verdict != Endpoint.ACCEPTED) {
                from.countDropped();
            }
            return;
        }
        handOver(from, envelope, attempt);
    }

    private PublishResult deliver(Route route, Envelope envelope, long deadlineNs) {
        int delivered = 0;
        int seen = 0;
        for (Endpoint endpoint : route.broadcast) {
            int verdict = endpoint.offer(envelope, 1, false, Endpoint.POLICY, deadlineNs);
            delivered += verdict == Endpoint.ACCEPTED ? 1 : 0;
            seen |= 1 << verdict;
        }
        for (Route.Shared shared : route.shared) {
            int offered = shared.mailbox().offer(envelope, shared.targets(),
                    shared.smallestCapacity());
            delivered += Mailbox.accepted(offered);
            seen |= Mailbox.anyDropped(offered) ? 1 << Endpoint.DROPPED : 0;
        }
        for (Route.Members members : route.groups) {
            int verdict = offerToGroup(members, envelope, 1, false, deadlineNs, false);
            delivered += verdict == Endpoint.ACCEPTED ? 1 : 0;
            seen |= 1 << verdict;
        }
        return PublishResult.of(outcome(delivered, seen), delivered);
    }

    /** Picks the outcome from the set of verdicts seen, a bit per verdict. */
    private static PublishOutcome outcome(int delivered, int seen) {
        if ((seen & (1 << Endpoint.TIMED_OUT)) != 0) {
            return PublishOutcome.TIMEOUT;
        }
        if ((seen & (1 << Endpoint.FULL)) != 0) {
            return PublishOutcome.BUSY;
        }
        if ((seen & (1 << Endpoint.DROPPED)) != 0) {
            return PublishOutcome.DROPPED;
        }
        return delivered > 0 ? PublishOutcome.DELIVERED : PublishOutcome.NO_SUBSCRIBERS;
    }

    /**
     * Gives a message to one member of a group: the first, from the balance's pick, that has
     * room; if none has, the first open one under its overflow policy (or past its bound,
     * when forced).
     */
    private static int offerToGroup(Route.Members members, Envelope envelope, int attempt,
            boolean again, long deadlineNs, boolean force) {
        Endpoint[] candidates = members.endpoints();
        int first = members.group().pick(candidates);
        for (int step = 0; step < candidates.length; step++) {
            Endpoint endpoint = candidates[(first + step) % candidates.length];
            int verdict = endpoint.offer(envelope, attempt, again, Endpoint.ROOM_ONLY,
                    Endpoint.NO_WAIT);
            if (verdict == Endpoint.ACCEPTED) {
                return verdict;
            }
        }
        int mode = force ? Endpoint.FORCE : Endpoint.POLICY;
        for (int step = 0; step < candidates.length; step++) {
            Endpoint endpoint = candidates[(first + step) % candidates.length];
            int verdict = endpoint.offer(envelope, attempt, again, mode, deadlineNs);
            if (verdict != Endpoint.CLOSED) {
                return verdict;
            }
        }
        return Endpoint.CLOSED;
    }

    private Group join(SubscriptionOptions subscription) {
        String name = subscription.groupOrNull();
        if (name == null) {
            return null;
        }
        Group group = groups.computeIfAbsent(name,
                key -> new Group(key, subscription.balance()));
        if (group.balance != subscription.balance()) {
            throw new IllegalArgumentException("balance=" + subscription.balance().label()
                    + " (expected " + group.balance.label() + ", the balance of group="
                    + name + ")");
        }
        group.members++;
        return group;
    }

    private Mailbox mailboxFor(SubscriptionOptions subscription) {
        if (!Endpoint.canShare(subscription)) {
            return null;
        }
        Mailbox mailbox = mailboxes.computeIfAbsent(subscription.executorOrNull(),
                executor -> new Mailbox(executor, this));
        mailbox.users++;
        return mailbox;
    }

    private void release(Mailbox mailbox) {
        if (mailbox != null && --mailbox.users == 0) {
            mailboxes.values().remove(mailbox);
            mailbox.close();
        }
    }

    private void leave(Group group) {
        if (group != null && --group.members == 0) {
            groups.remove(group.name);
        }
    }

    /** Runs a task after a delay on the redelivery thread; false if the hub closed. */
    private boolean schedule(Runnable task, long delayNs) {
        ScheduledExecutorService timer;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (redeliveryTimer == null) {
                redeliveryTimer = newTimer();
            }
            timer = redeliveryTimer;
        }
        try {
            timer.schedule(task, delayNs, TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    private static ScheduledExecutorService newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "loopy-pubsub-redelivery");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static long deadline(long timeoutNs) {
        long now = System.nanoTime();
        long deadlineNs = now + timeoutNs;
        return deadlineNs < now ? Long.MAX_VALUE : deadlineNs;
    }
}

package dev.loopy.pubsub;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How one subscription receives messages: broadcast or queue group, synchronous or deferred,
 * its queue bound and overflow policy, its acknowledgement mode.
 *
 * <p>Immutable; may be shared across threads and reused for many subscriptions. Built with
 * {@link #builder()}; {@link #defaults()} is a synchronous broadcast subscription with
 * automatic acknowledgement.
 */
public final class SubscriptionOptions {
    /** The default bound of a deferred subscription's queue, in messages. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** The largest queue bound accepted, in messages. */
    public static final int MAX_CAPACITY = 1 << 24;
    /** The default number of delivery attempts under {@link AckMode#MANUAL}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    private static final SubscriptionOptions DEFAULTS = builder().build();

    private final String group;
    private final GroupBalance balance;
    private final Executor executor;
    private final int capacity;
    private final OverflowPolicy overflow;
    private final AckMode ackMode;
    private final int maxAttempts;

    private SubscriptionOptions(Builder builder) {
        this.group = builder.group;
        this.balance = builder.balance;
        this.executor = builder.executor;
        this.capacity = builder.capacity;
        this.overflow = builder.overflow;
        this.ackMode = builder.ackMode;
        this.maxAttempts = builder.maxAttempts;
    }

    /**
     * Returns the options of a synchronous broadcast subscription with automatic
     * acknowledgement.
     *
     * @return the shared default options
     */
    public static SubscriptionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts options from the defaults.
     *
     * @return a new builder, for one thread
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the queue group this subscription joins.
     *
     * @return the group name, or empty for a broadcast subscription
     */
    public Optional<String> group() {
        return Optional.ofNullable(group);
    }

    /**
     * Returns how the queue group picks a member; meaningless outside a group.
     *
     * @return the balance, {@link GroupBalance#ROUND_ROBIN} unless set
     */
    public GroupBalance balance() {
        return balance;
    }

    /**
     * Returns where the handler runs.
     *
     * @return {@link DeliveryMode#DEFERRED} when an executor was given, else
     *     {@link DeliveryMode#SYNC}
     */
    public DeliveryMode deliveryMode() {
        return executor == null ? DeliveryMode.SYNC : DeliveryMode.DEFERRED;
    }

    /**
     * Returns the executor that runs a deferred subscription's handler.
     *
     * @return the executor, or empty for a synchronous subscription
     */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /**
     * Returns the bound of a deferred subscription's queue.
     *
     * @return messages, {@link #DEFAULT_CAPACITY} unless set
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns what a full queue does with one more message.
     *
     * @return the policy, {@link OverflowPolicy#DROP_NEWEST} unless set
     */
    public OverflowPolicy overflow() {
        return overflow;
    }

    /**
     * Returns when a delivered message counts as settled.
     *
     * @return the mode, {@link AckMode#AUTO} unless set
     */
    public AckMode ackMode() {
        return ackMode;
    }

    /**
     * Returns how many times a message is delivered under {@link AckMode#MANUAL} before a
     * nack sends it to the dead-letter handler.
     *
     * @return attempts, {@link #DEFAULT_MAX_ATTEMPTS} unless set
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    Executor executorOrNull() {
        return executor;
    }

    String groupOrNull() {
        return group;
    }

    /** Returns the options in a form for logs. */
    @Override
    public String toString() {
        return "SubscriptionOptions[group=" + group + ", balance=" + balance.label()
                + ", delivery=" + deliveryMode().label() + ", capacity=" + capacity
                + ", overflow=" + overflow.label() + ", ack=" + ackMode.label()
                + ", maxAttempts=" + maxAttempts + "]";
    }

    /**
     * Collects subscription options.
     *
     * <p>Not thread-safe: fill a builder on one thread, then share what it builds.
     */
    public static final class Builder {
        private String group;
        private GroupBalance balance = GroupBalance.ROUND_ROBIN;
        private Executor executor;
        private int capacity = DEFAULT_CAPACITY;
        private OverflowPolicy overflow = OverflowPolicy.DROP_NEWEST;
        private AckMode ackMode = AckMode.AUTO;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

        private Builder() {
        }

        /**
         * Joins a queue group: every message that matches goes to exactly one member of the
         * group. Members of one group may subscribe to different patterns; a message matching
         * several of them still goes to one member only.
         *
         * @param name the group name, which follows the rules of a topic
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         * @throws InvalidTopicException if the name breaks a rule
         */
        public Builder group(String name) {
            this.group = Topics.checkGroup(name);
            return this;
        }

        /**
         * Sets how the queue group picks a member. Every member of a group must use the same
         * balance.
         *
         * @param balance the strategy
         * @return this builder
         * @throws NullPointerException if {@code balance} is null
         */
        public Builder balance(GroupBalance balance) {
            this.balance = Objects.requireNonNull(balance, "balance");
            return this;
        }

        /**
         * Makes delivery deferred: messages are queued and the handler runs on tasks given to
         * this executor, one at a time. A {@link dev.loopy.Loop} is the usual executor: the
         * handler then runs on the loop's thread, and one task drains every message queued
         * since the last one (up to a batch), so a burst costs one wake-up. The executor
         * must run each task once; the subscription never runs two of its own tasks at
         * once, whatever the executor.
         *
         * @param executor where the handler runs
         * @return this builder
         * @throws NullPointerException if {@code executor} is null
         */
        public Builder deliverOn(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Makes delivery synchronous again, on the publisher's thread.
         *
         * @return this builder
         */
        public Builder deliverSynchronously() {
            this.executor = null;
            return this;
        }

        /**
         * Bounds the queue of a deferred subscription. Broadcast subscriptions with
         * automatic acknowledgement and {@link OverflowPolicy#DROP_NEWEST} on one executor
         * share a single queue of publications, each still held to its own bound; with
         * several threads publishing at once such a subscription may briefly hold up to
         * one message per publishing thread beyond it.
         *
         * @param messages the bound, 1 to {@link #MAX_CAPACITY}
         * @return this builder
         * @throws IllegalArgumentException if {@code messages} is out of range
         */
        public Builder capacity(int messages) {
            if (messages < 1 || messages > MAX_CAPACITY) {
                throw new IllegalArgumentException("capacity=" + messages
                        + " (expected 1 to " + MAX_CAPACITY + ")");
            }
            this.capacity = messages;
            return this;
        }

        /**
         * Sets what a full queue does with one more message.
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder overflow(OverflowPolicy policy) {
            this.overflow = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets when a delivered message counts as settled.
         *
         * @param mode the mode
         * @return this builder
         * @throws NullPointerException if {@code mode} is null
         */
        public Builder ackMode(AckMode mode) {
            this.ackMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets how many deliveries a message gets under {@link AckMode#MANUAL} before a nack
         * gives it up.
         *
         * @param attempts one or more
         * @return this builder
         * @throws IllegalArgumentException if {@code attempts} is less than 1
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException(
                        "maxAttempts=" + attempts + " (expected >= 1)");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return immutable options
         */
        public SubscriptionOptions build() {
            return new SubscriptionOptions(this);
        }
    }
}

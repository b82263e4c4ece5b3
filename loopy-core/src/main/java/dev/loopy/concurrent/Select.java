package dev.loopy.concurrent;

import dev.loopy.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Waits on several channels at once and completes exactly one case: a receive from one
 * channel or a send to another, whichever can go first.
 *
 * <pre>{@code
 * Select select = Select.builder()
 *         .receive(orders)              // case 0
 *         .receive(cancels)             // case 1
 *         .send(replies, ack)           // case 2
 *         .build();
 * SelectResult result = select.select(Duration.ofMillis(100));
 * if (result.isTimeout()) { ... }
 * Order order = result.messageFrom(orders);   // null unless case 0 received
 * }</pre>
 *
 * <p>A select is immutable and may be used from any thread, by several at once; each call
 * is the receiving end of its receive channels and a sending end of its send channels, so
 * the channels' shape rules apply (a select that receives from an {@code spsc} channel is
 * that channel's one receiver). A send case sends the same message each time it completes.
 *
 * <p>When several cases are ready, the scan starts at a pseudo-random case, so no case
 * starves another. When none is, the thread registers as a waiter on every channel and
 * parks; the first channel that changes (a message, a free slot, a close) wakes it, and the
 * woken case is tried first. There is no polling. A receive case on a closed, drained
 * channel and a send case on a closed channel complete at once with
 * {@link Status#CLOSED}; a select never throws {@link dev.loopy.ClosedException}.
 *
 * <p>Limitations: a channel closed while others keep the select busy is reported only
 * when its case is scanned; cases are scanned in rotation, so that takes at most one more
 * select call per other ready case.
 */
public final class Select {
    private final Channel<Object>[] channels;
    private final Object[] messages;

    private Select(Channel<Object>[] channels, Object[] messages) {
        this.channels = channels;
        this.messages = messages;
    }

    /**
     * Starts a select. Any thread.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Receives one message from whichever of the channels has one first.
     *
     * @param timeout how long to wait, not negative ({@link Duration#ZERO} waits not at all)
     * @param channels the channels, at least one; case {@code i} is {@code channels[i]}
     * @return the result; never null
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalArgumentException if there is no channel or the timeout is negative
     * @throws NullPointerException if the timeout, the array or a channel is null
     */
    public static SelectResult receive(Duration timeout, Channel<?>... channels)
            throws InterruptedException {
        final long deadlineNs = ChannelDeadline.after(timeout);
        final Builder builder = builder();
        for (Channel<?> channel : Objects.requireNonNull(channels, "channels")) {
            builder.receive(channel);
        }
        return builder.build().selectUntil(deadlineNs);
    }

    /**
     * Completes one case, waiting as long as none can.
     *
     * @return the result, never a timeout
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public SelectResult select() throws InterruptedException {
        return selectUntil(ChannelDeadline.NONE);
    }

    /**
     * Completes one case, waiting at most the timeout.
     *
     * @param timeout how long to wait, not negative ({@link Duration#ZERO} waits not at all)
     * @return the result; {@link SelectResult#isTimeout()} if no case completed in time
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalArgumentException if the timeout is negative
     * @throws NullPointerException if the timeout is null
     */
    public SelectResult select(Duration timeout) throws InterruptedException {
        return selectUntil(ChannelDeadline.after(timeout));
    }

    /**
     * Completes one case, waiting at most the timeout.
     *
     * @param timeout how long to wait, at least 0 (0 waits not at all)
     * @param unit the unit of the timeout, not null
     * @return the result; {@link SelectResult#isTimeout()} if no case completed in time
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalArgumentException if the timeout is negative
     * @throws NullPointerException if the unit is null
     */
    public SelectResult select(long timeout, TimeUnit unit) throws InterruptedException {
        return selectUntil(ChannelDeadline.after(timeout, unit));
    }

    /**
     * Completes one case if one can complete now, without waiting.
     *
     * @return the result; {@link SelectResult#isTimeout()} if no case was ready
     */
    public SelectResult selectNow() {
        final SelectResult result = scan(ThreadLocalRandom.current().nextInt(channels.length));
        return result != null ? result : SelectResult.TIMED_OUT;
    }

    /**
     * Returns how many cases this select has.
     *
     * @return at least 1
     */
    public int cases() {
        return channels.length;
    }

    private SelectResult selectUntil(long deadlineNs) throws InterruptedException {
        int first = ThreadLocalRandom.current().nextInt(channels.length);
        ChannelParker parker = null;
        ChannelWaitNode[] nodes = null;
        for (;;) {
            final SelectResult result = scan(first);
            if (result != null) {
                return result;
            }
            if (ChannelDeadline.passed(deadlineNs)) {
                return SelectResult.TIMED_OUT;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting to select");
            }
            if (parker == null) {
                parker = new ChannelParker();
                nodes = newNodes(parker);
            }
            final int woken = park(parker, nodes, deadlineNs);
            if (woken >= 0) {
                first = woken;
            }
        }
    }

    /** Tries every case once, from {@code first} on; returns null if none could complete. */
    private SelectResult scan(int first) {
        for (int step = 0; step < channels.length; step++) {
            final int index = (first + step) % channels.length;
            final SelectResult result = messages[index] == null
                    ? tryReceive(index) : trySend(index);
            if (result != null) {
                return result;
            }
        }
        return null;
    }

    private SelectResult tryReceive(int index) {
        final Channel<Object> channel = channels[index];
        final Object message = channel.pollAndWake();
        if (message != null) {
            return new SelectResult(index, Status.OK, channel, message);
        }
        return channel.isDrained() ? new SelectResult(index, Status.CLOSED, channel, null) : null;
    }

    private SelectResult trySend(int index) {
        final Channel<Object> channel = channels[index];
        return switch (channel.offerAndWake(messages[index])) {
            case Channel.OFFERED -> new SelectResult(index, Status.OK, channel, null);
            case Channel.REFUSED -> new SelectResult(index, Status.CLOSED, channel, null);
            default -> null;
        };
    }

    /**
     * Registers on every channel, parks unless a case became ready meanwhile, and
     * withdraws again. Returns the case that woke the select, or a negative state.
     */
    private int park(ChannelParker parker, ChannelWaitNode[] nodes, long deadlineNs) {
        parker.rearm();
        for (int index = 0; index < nodes.length; index++) {
            waitList(index).add(nodes[index]);
        }
        if (!anyReady()) {
            parker.await(this, deadlineNs);
        }
        final int state = parker.tryCancel() ? ChannelWaiter.CANCELLED : parker.stateVolatile();
        for (int index = 0; index < nodes.length; index++) {
            waitList(index).remove(nodes[index]);
        }
        return state;
    }

    private boolean anyReady() {
        for (int index = 0; index < channels.length; index++) {
            final boolean ready = messages[index] == null
                    ? channels[index].isReceivable() : channels[index].isSendable();
            if (ready) {
                return true;
            }
        }
        return false;
    }

    private ChannelWaitNode[] newNodes(ChannelParker parker) {
        final ChannelWaitNode[] nodes = new ChannelWaitNode[channels.length];
        for (int index = 0; index < nodes.length; index++) {
            nodes[index] = new ChannelWaitNode(parker, index);
            if (messages[index] == null) {
                channels[index].countBlockedReceive();
            } else {
                channels[index].countBlockedSend();
            }
        }
        return nodes;
    }

    private ChannelWaitList waitList(int index) {
        return messages[index] == null ? channels[index].receivers() : channels[index].senders();
    }

    /**
     * Collects the cases of a select, in order; case numbers start at 0.
     *
     * <p>Not thread-safe: one thread builds a select.
     */
    public static final class Builder {
        private final List<Channel<?>> channels = new ArrayList<>();
        private final List<Object> messages = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a case that receives one message from a channel.
         *
         * @param channel the channel, not null
         * @return this builder
         * @throws NullPointerException if the channel is null
         */
        public Builder receive(Channel<?> channel) {
            channels.add(Objects.requireNonNull(channel, "channel"));
            messages.add(null);
            return this;
        }

        /**
         * Adds a case that sends a message to a channel.
         *
         * @param channel the channel, not null
         * @param message the message, not null; sent again each time the case completes
         * @param <T> the type of the channel's messages
         * @return this builder
         * @throws NullPointerException if the channel or the message is null
         */
        public <T> Builder send(Channel<T> channel, T message) {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(message, "message");
            channels.add(channel);
            messages.add(message);
            return this;
        }

        /**
         * Makes the select.
         *
         * @return an immutable select over the cases added so far
         * @throws IllegalArgumentException if no case was added
         */
        @SuppressWarnings("unchecked")
        public Select build() {
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("cases=0 (expected > 0)");
            }
            return new Select((Channel<Object>[]) channels.toArray(new Channel<?>[0]),
                    messages.toArray());
        }
    }
}

package dev.loopy.concurrent;

import dev.loopy.Status;
import java.util.Objects;

/**
 * What a {@link Select} did: which case completed and how, or that the timeout elapsed.
 *
 * <p>Immutable; any thread.
 *
 * @param index the position of the case among the select's cases, from 0; {@link #NO_CASE}
 *     when the select timed out
 * @param status {@link Status#OK} when the case completed (a message was received or sent),
 *     {@link Status#CLOSED} when the case's channel was closed (and, for a receive, drained),
 *     {@link Status#TIMEOUT} when no case could complete in time
 * @param channel the case's channel; null on timeout
 * @param message the message received; null for send cases, closed channels and timeouts
 */
public record SelectResult(int index, Status status, Channel<?> channel, Object message) {
    /** The index of a result that names no case. */
    public static final int NO_CASE = -1;

    static final SelectResult TIMED_OUT = new SelectResult(NO_CASE, Status.TIMEOUT, null, null);

    /**
     * Checks the components.
     *
     * @throws NullPointerException if the status is null
     */
    public SelectResult {
        Objects.requireNonNull(status, "status");
    }

    /**
     * Returns the message if this result is a message received from the given channel.
     *
     * @param from the channel the caller expects the message from
     * @param <T> the type of the channel's messages
     * @return the message, or null if this result is not a receive from {@code from}
     */
    @SuppressWarnings("unchecked")
    public <T> T messageFrom(Channel<T> from) {
        return channel == from ? (T) message : null;
    }

    /**
     * Tells whether the select timed out.
     *
     * @return true iff the status is {@link Status#TIMEOUT}
     */
    public boolean isTimeout() {
        return status == Status.TIMEOUT;
    }

    /**
     * Tells whether the case's channel was found closed.
     *
     * @return true iff the status is {@link Status#CLOSED}
     */
    public boolean isClosed() {
        return status == Status.CLOSED;
    }
}

package dev.loopy.internal.backend;

import dev.loopy.Backend;
import java.nio.channels.SelectableChannel;

/**
 * What a loop needs from a kernel interface: a readiness face and a completion face.
 *
 * <p>Every method except {@link #wakeup()} is called by the loop's thread only.
 *
 * <p>Readiness: the loop tells the backend, per descriptor, which {@link #READ} and
 * {@link #WRITE} interest it holds, and {@link #poll} reports the descriptors that became
 * ready. Readiness is level-triggered on every backend: a descriptor that is still readable
 * after its callback ran is reported again by the next poll.
 *
 * <p>Completion: the loop submits an operation under a token and {@link #poll} reaps its
 * result. io_uring runs the operation in the kernel; epoll and NIO complete it in user space
 * on top of readiness and their poll timeout. Tokens are chosen by the loop and lie in
 * {@code [0, MAX_TOKEN]}; a backend may use the bits above for its own tags.
 *
 * <p>Descriptors: on epoll and io_uring a descriptor is an operating-system file descriptor.
 * The NIO backend cannot watch raw descriptors; it watches channels given to
 * {@link #adopt(SelectableChannel)}, which returns the descriptor the loop then uses.
 */
public interface IoBackend extends AutoCloseable {
    /** Interest and readiness bit: the descriptor can be read without blocking. */
    int READ = 1;
    /** Interest and readiness bit: the descriptor can be written without blocking. */
    int WRITE = 2;
    /** A poll timeout that waits until an event or a wake-up arrives. */
    long NO_TIMEOUT = -1;
    /** The largest token a loop may submit. */
    long MAX_TOKEN = (1L << 56) - 1;

    /**
     * Returns which backend this is.
     *
     * @return the kind, never null
     */
    Backend kind();

    /**
     * Changes the interest held in one descriptor.
     *
     * @param fd the descriptor
     * @param oldMask the interest held until now, a combination of {@link #READ} and
     *     {@link #WRITE}, 0 when the descriptor was not registered
     * @param newMask the interest to hold from now on, 0 to stop watching it
     * @throws dev.loopy.LoopyException if the kernel refuses, for example for a closed fd
     */
    void interest(int fd, int oldMask, int newMask);

    /**
     * Waits for readiness and completions and appends them to {@code out}.
     *
     * @param timeoutNs the longest wait in nanoseconds, 0 to not wait, or {@link #NO_TIMEOUT}
     * @param out where events are appended; the caller clears it before the call
     * @return the number of readiness events plus completions appended
     */
    int poll(long timeoutNs, ReadyEvents out);

    /**
     * Makes a poll that is blocked, or the next one, return at once. Any thread may call this.
     */
    void wakeup();

    /**
     * Submits an operation that does nothing; its completion, with result 0, is reaped by a
     * later poll.
     *
     * @param token the loop's name for the operation, in {@code [0, MAX_TOKEN]}
     */
    void submitNop(long token);

    /**
     * Submits a timeout; its completion is reaped by the first poll that runs once
     * {@code timeoutNs} have passed, with result {@link #TIMEOUT_EXPIRED}.
     *
     * @param token the loop's name for the operation, in {@code [0, MAX_TOKEN]}
     * @param timeoutNs the delay in nanoseconds, at least 0
     */
    void submitTimeout(long token, long timeoutNs);

    /**
     * Cancels a submitted operation that has not completed. Its completion is then reaped
     * with result {@link #CANCELLED}.
     *
     * @param token the token the operation was submitted with
     * @return true if an operation with that token was pending
     */
    boolean cancel(long token);

    /**
     * Makes a channel watchable and returns the descriptor that names it to
     * {@link #interest}. Only the NIO backend supports channels.
     *
     * @param channel a channel, which this call puts into non-blocking mode
     * @return the descriptor for the channel
     * @throws dev.loopy.LoopyException with status {@code unsupported} on epoll and io_uring
     */
    int adopt(SelectableChannel channel);

    /**
     * Forgets a channel given to {@link #adopt}, dropping any interest in it. The channel is
     * not closed.
     *
     * @param fd the descriptor {@link #adopt} returned
     */
    void release(int fd);

    /**
     * Returns the number of system calls this backend has made, for metrics.
     *
     * @return a count that only grows; 0 where the backend cannot count (NIO)
     */
    long syscalls();

    /** Releases every descriptor and every byte of native memory the backend holds. */
    @Override
    void close();

    /** The completion result of a timeout that expired (the negated {@code ETIME}). */
    int TIMEOUT_EXPIRED = -62;
    /** The completion result of a cancelled operation (the negated {@code ECANCELED}). */
    int CANCELLED = -125;
}

package dev.loopy.concurrent;

import java.util.concurrent.locks.LockSupport;

/**
 * A waiter that is one thread parked in a blocking send, receive or select.
 *
 * <p>Created by the thread that will park; {@link #wake()} may be called from any thread.
 * Parking uses {@link LockSupport}, so a virtual thread unmounts instead of pinning its
 * carrier.
 */
final class ChannelParker extends ChannelWaiter {
    private final Thread thread = Thread.currentThread();

    @Override
    void wake() {
        LockSupport.unpark(thread);
    }

    /**
     * Parks until claimed, cancelled, interrupted or past the deadline, whichever comes
     * first. Spurious returns from {@code park} are absorbed here.
     *
     * @param blocker the object a thread dump shows the thread waiting on
     * @param deadlineNs absolute {@link System#nanoTime()} deadline, or
     *     {@link ChannelDeadline#NONE}
     */
    void await(Object blocker, long deadlineNs) {
        while (stateVolatile() == WAITING && !thread.isInterrupted()) {
            if (deadlineNs == ChannelDeadline.NONE) {
                LockSupport.park(blocker);
            } else {
                final long remainingNs = deadlineNs - System.nanoTime();
                if (remainingNs <= 0) {
                    return;
                }
                LockSupport.parkNanos(blocker, remainingNs);
            }
        }
    }
}

package dev.loopy.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The waiters of one side of a channel (its receivers, or its senders), oldest first.
 *
 * <p>Any thread. The list is guarded by a lock held only to link or unlink nodes, never
 * while anyone parks, so virtual threads do not pin. {@link #hasWaitersVolatile()} is the
 * lock-free check that the fast path makes after every send or receive.
 */
final class ChannelWaitList {
    /*
     * No wake-up is lost because both sides order a write before a read, through volatile
     * accesses that are totally ordered:
     *
     *   waiter:  add(node) writes waiting=true  ->  re-reads the channel's indices
     *   channel: an index update (CAS or volatile store) ->  hasWaitersVolatile()
     *
     * Either the waiter sees the new index and does not park, or the sender or receiver
     * sees the waiter and wakes it.
     */

    private static final VarHandle WAITING;

    private final ReentrantLock lock = new ReentrantLock();
    private ChannelWaitNode head;
    private ChannelWaitNode tail;
    private boolean waiting;

    boolean hasWaitersVolatile() {
        return (boolean) WAITING.getVolatile(this);
    }

    /** Counts the nodes in the list; for tests and diagnostics. */
    int size() {
        lock.lock();
        try {
            int count = 0;
            for (ChannelWaitNode node = head; node != null; node = node.next) {
                count++;
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    void add(ChannelWaitNode node) {
        lock.lock();
        try {
            if (node.linked) {
                // Linking a linked node again would cut the list and lose its waiters.
                unlink(node);
            }
            node.prev = tail;
            node.next = null;
            if (tail == null) {
                head = node;
            } else {
                tail.next = node;
            }
            tail = node;
            node.linked = true;
            setWaitingVolatile(true);
        } finally {
            lock.unlock();
        }
    }

    void remove(ChannelWaitNode node) {
        lock.lock();
        try {
            if (node.linked) {
                unlink(node);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the oldest waiter still waiting; nodes of waiters spoken for are dropped. */
    void wakeOne() {
        ChannelWaiter woken = null;
        lock.lock();
        try {
            while (head != null && woken == null) {
                final ChannelWaitNode node = head;
                unlink(node);
                if (node.waiter.tryClaim(node.caseIndex)) {
                    woken = node.waiter;
                }
            }
        } finally {
            lock.unlock();
        }
        if (woken != null) {
            woken.wake();
        }
    }

    /** Wakes every waiter; used when the channel closes. */
    void wakeAll() {
        final List<ChannelWaiter> woken = new ArrayList<>();
        lock.lock();
        try {
            while (head != null) {
                final ChannelWaitNode node = head;
                unlink(node);
                if (node.waiter.tryClaim(node.caseIndex)) {
                    woken.add(node.waiter);
                }
            }
        } finally {
            lock.unlock();
        }
        for (ChannelWaiter waiter : woken) {
            waiter.wake();
        }
    }

    private void unlink(ChannelWaitNode node) {
        if (node.prev == null) {
            head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
        node.linked = false;
        if (head == null) {
            setWaitingVolatile(false);
        }
    }

    private void setWaitingVolatile(boolean value) {
        WAITING.setVolatile(this, value);
    }

    static {
        try {
            WAITING = MethodHandles.lookup()
                    .findVarHandle(ChannelWaitList.class, "waiting", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

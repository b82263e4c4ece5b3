package dev.loopy.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Something registered on one or more channels until one of them changes: a parked thread
 * or a loop receiver.
 *
 * <p>Any thread may try to wake or cancel a waiter; exactly one of those attempts succeeds
 * until the owner rearms it. A waiter registered on several channels (a select) is thereby
 * woken once, by the first of them.
 */
abstract class ChannelWaiter {
    /*
     * States, held in one int:
     *
     *   WAITING     registered, nobody has claimed it yet
     *   CANCELLED   the owner gave up (deadline, interrupt, or it found its case ready)
     *   n >= 0      woken by the channel of case n, which the owner must try first
     *
     * The transition out of WAITING is a CAS, so a waker that loses it knows the waiter is
     * spoken for and moves on to the next one in the list.
     */

    /** The state of a waiter nobody has claimed. */
    static final int WAITING = -1;
    /** The state of a waiter its owner withdrew. */
    static final int CANCELLED = -2;

    private static final VarHandle STATE;

    private int state = WAITING;

    /**
     * Claims this waiter for the channel of a case. Called with that channel's wait list
     * locked; {@link #wake()} must follow once the lock is released.
     */
    final boolean tryClaim(int caseIndex) {
        return STATE.compareAndSet(this, WAITING, caseIndex);
    }

    final boolean tryCancel() {
        return STATE.compareAndSet(this, WAITING, CANCELLED);
    }

    final int stateVolatile() {
        return (int) STATE.getVolatile(this);
    }

    /** Makes the waiter claimable again. Only while none of its nodes is in a wait list. */
    final void rearm() {
        STATE.setVolatile(this, WAITING);
    }

    /** Acts on a successful claim: unparks the thread or schedules the receiver. */
    abstract void wake();

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ChannelWaiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

package dev.loopy.concurrent;

/**
 * The entry of one waiter in one channel's wait list; a select has one per case.
 *
 * <p>The links are guarded by the lock of the list the node is in.
 */
final class ChannelWaitNode {
    final ChannelWaiter waiter;
    final int caseIndex;
    ChannelWaitNode prev;
    ChannelWaitNode next;
    boolean linked;

    ChannelWaitNode(ChannelWaiter waiter, int caseIndex) {
        this.waiter = waiter;
        this.caseIndex = caseIndex;
    }
}

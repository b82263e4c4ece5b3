package dev.loopy.pubsub;

/**
 * Where messages to one topic go: the matching broadcast subscriptions and, per queue
 * group, the matching members.
 *
 * <p>Immutable once built; shared by all publishing threads until the subscriptions change.
 */
final class Route {
    static final Endpoint[] NO_ENDPOINTS = {};
    static final Members[] NO_GROUPS = {};
    static final Shared[] NO_SHARED = {};

    /** The subscription version the route was computed from. */
    final long version;
    /** Broadcast subscriptions with a queue of their own, or synchronous ones. */
    final Endpoint[] broadcast;
    /** Broadcast subscriptions that share their executor's mailbox, per mailbox. */
    final Shared[] shared;
    final Members[] groups;
    /** Whether some target may make a publisher wait. */
    final boolean mayBlock;
    final int matchCount;

    Route(long version, Endpoint[] broadcast, Shared[] shared, Members[] groups,
            int matchCount) {
        this.version = version;
        this.broadcast = broadcast;
        this.shared = shared;
        this.groups = groups;
        this.matchCount = matchCount;
        this.mayBlock = anyBlocks(broadcast, groups);
    }

    boolean isEmpty() {
        return matchCount == 0;
    }

    /** Returns the members of one group that match, or null if none does. */
    Members members(Group group) {
        for (Members members : groups) {
            if (members.group == group) {
                return members;
            }
        }
        return null;
    }

    private static boolean anyBlocks(Endpoint[] broadcast, Members[] groups) {
        for (Endpoint endpoint : broadcast) {
            if (endpoint.mayBlock()) {
                return true;
            }
        }
        for (Members members : groups) {
            for (Endpoint endpoint : members.endpoints) {
                if (endpoint.mayBlock()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The members of one group whose patterns match the route's topic.
     *
     * @param group the group
     * @param endpoints the matching members, at least one
     */
    record Members(Group group, Endpoint[] endpoints) {
    }

    /**
     * The matching subscriptions that share one mailbox.
     *
     * @param mailbox their executor's mailbox
     * @param targets the subscriptions, at least one
     * @param smallestCapacity the smallest queue bound among them
     */
    record Shared(Mailbox mailbox, Endpoint[] targets, int smallestCapacity) {
    }
}

package dev.loopy.pubsub;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A queue group of one hub: its name, its balance, and whose turn it is.
 *
 * <p>{@link #pick(Endpoint[])} may be called from any thread; the member count is guarded
 * by the engine's lock.
 */
final class Group {
    final String name;
    final GroupBalance balance;
    private final AtomicInteger turn = new AtomicInteger();
    int members;

    Group(String name, GroupBalance balance) {
        this.name = name;
        this.balance = balance;
    }

    /**
     * Picks where to start offering a message among the members that match it.
     *
     * @param candidates the matching members, at least one
     * @return an index into {@code candidates}
     */
    int pick(Endpoint[] candidates) {
        int start = Math.floorMod(turn.getAndIncrement(), candidates.length);
        if (balance == GroupBalance.ROUND_ROBIN) {
            return start;
        }
        int best = start;
        int bestLoad = Integer.MAX_VALUE;
        for (int step = 0; step < candidates.length; step++) {
            int index = (start + step) % candidates.length;
            int load = candidates[index].load();
            if (load < bestLoad) {
                best = index;
                bestLoad = load;
            }
        }
        return best;
    }
}

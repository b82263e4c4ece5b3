package dev.loopy.internal.timer;

import java.util.Arrays;
import java.util.Objects;

/**
 * A hierarchical timer wheel: the pending deadlines of one loop, with O(1) schedule
 * and cancel and no allocation once its arrays are large enough.
 *
 * <p>Only the thread that owns the wheel (the loop's thread) may call it; the wheel
 * does no locking and no thread check of its own. Times are nanoseconds of one
 * monotonic clock.
 *
 * <p>Layout: seven levels of 64 slots. Level 0 counts single ticks, level {@code k}
 * spans {@code 64^k} ticks per slot, so the levels together reach {@code 2^42}
 * ticks ahead: about 52 days with the {@linkplain #DEFAULT_TICK_NS default tick} of
 * 1024 ns, and at least 30 days with any tick of 590 ns or more. Timers further
 * ahead wait in an overflow list and enter the wheel when the current tick comes
 * within reach of them.
 *
 * <p>Firing is exact: {@link #expire} fires every timer whose deadline is at or
 * before the time it is given and none after it, whatever the tick. The tick only
 * decides how far the estimate of {@link #nextDeadlineNs()} may fall short of the
 * truth, and how often a timer moves between levels on its way down.
 *
 * <p>Order of expiry, within one call of {@link #expire}: timers whose deadlines
 * fall in different ticks fire in deadline order. Timers whose deadlines fall in
 * the same tick fire in the order they reached that tick's slot, which is not
 * necessarily deadline order. Nothing is promised across calls beyond the rule that
 * no timer fires early.
 *
 * <p>Re-entrance: the expiry handler may schedule and cancel timers. A timer
 * scheduled while {@code expire} runs never fires during that call, even if it is
 * already due; it fires on the next call. A timer cancelled by the handler before
 * it was reached does not fire.
 *
 * <p>Limitations: ids pack a 32-bit generation, so an id that is kept after its
 * timer ended could match a new timer again only after its entry has been reused
 * 2^31 times. The arrays grow by doubling and never shrink; at most 2^28 timers can
 * be pending. {@link #nextDeadlineNs()} scans the earliest level-0 slot when its
 * cached answer is stale, which costs time proportional to the timers due in that
 * one tick. A call of {@code expire} that fires a timer of the current tick also
 * walks the timers of that tick not due yet; with a tick of about a microsecond
 * there are rarely more than a few.
 */
public final class TimerWheel {
    /** The default resolution of level 0: 1024 ns, about one microsecond. */
    public static final long DEFAULT_TICK_NS = 1L << 10;

    /** Returned by {@link #nextDeadlineNs()} and {@link #deadlineOf} when there is none. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    static final int SLOT_BITS = 6;
    static final int SLOTS_PER_LEVEL = 1 << SLOT_BITS;
    static final int LEVELS = 7;
    static final int WHEEL_BITS = LEVELS * SLOT_BITS;

    private static final long SLOT_MASK = SLOTS_PER_LEVEL - 1;
    private static final int MAX_ENTRIES = 1 << 28;

    /*
     * Memory: per entry a deadline, an owner, and four ints in `links` (next, prev,
     * generation, unused) so that one cache line serves all the bookkeeping of an
     * entry; cancel reads no deadline. About 28 bytes per timer with compressed
     * references.
     *
     * Every list of timers is a circular doubly linked list through next/prev whose
     * sentinel is an entry of its own: entries 0..447 are the wheel's slots
     * (level * 64 + slot), then come the overflow, the deferred and the draining
     * list, then the timers. Unlinking needs no head pointer, and a list that became
     * empty shows itself by its sentinel pointing at itself. One bit per list in
     * `occupied` says it is non-empty, so the earliest slot of a level is one
     * numberOfTrailingZeros away.
     *
     * Placement (as in the kernels' and runtimes' hierarchical wheels): a timer due
     * at tick d sits on the level of the highest 6-bit group in which d differs
     * from the current tick, in the slot given by d's bits of that group. Hence
     * every timer of level k is later than every timer of level k - 1, the occupied
     * slots of a level all lie after the current one, and the earliest event is the
     * lowest set bit of the lowest non-empty level. Expiring jumps from event to
     * event, so a long jump of time costs what the timers and levels cost, never
     * the number of ticks skipped.
     *
     * Firing pops a slot one timer at a time, so that a handler may cancel any
     * timer, including one of the same slot not reached yet; timers of the slot
     * that are not due yet wait on the draining list meanwhile.
     */
    private static final int OVERFLOW = LEVELS * SLOTS_PER_LEVEL;
    private static final int DEFERRED = OVERFLOW + 1;
    private static final int DRAINING = DEFERRED + 1;
    private static final int FIRST_ENTRY = DRAINING + 1;
    private static final int NIL = -1;
    private static final int NO_LIST = -2;
    private static final int LINK_STRIDE_SHIFT = 2;
    private static final int NEXT = 0;
    private static final int PREV = 1;
    private static final int GENERATION = 2;

    private final long startNs;
    private final long tickNs;
    private final int tickShift;
    private final long[] occupied = new long[(FIRST_ENTRY + Long.SIZE - 1) / Long.SIZE];

    private long[] deadlinesNs;
    private Object[] owners;
    private int[] links;
    private int freeHead;
    private int size;
    private long currentTick;
    private boolean expiring;
    private int firedInCall;
    private long overflowMinNs = NO_DEADLINE;
    private int overflowMinEntry = NIL;
    private boolean overflowMinStale;
    private boolean cacheValid = true;
    private long cachedNextNs = NO_DEADLINE;
    private int cachedEntry = NIL;
    private int cachedList = NO_LIST;

    /**
     * Creates an empty wheel whose tick 0 starts at {@code startNs}.
     *
     * @param startNs the time of tick 0, usually the loop clock's reading at
     *     creation
     * @param tickNs the resolution of level 0 in nanoseconds, greater than 0; a
     *     power of two is the fastest choice, see {@link #DEFAULT_TICK_NS}
     * @param initialCapacity the number of timers held before the arrays first
     *     grow, greater than 0
     * @throws IllegalArgumentException if {@code tickNs} or {@code initialCapacity}
     *     is not positive, or the capacity exceeds 2^28
     */
    public TimerWheel(long startNs, long tickNs, int initialCapacity) {
        if (tickNs <= 0) {
            throw new IllegalArgumentException("tickNs=" + tickNs + " (expected > 0)");
        }
        if (initialCapacity <= 0 || initialCapacity > MAX_ENTRIES) {
            throw new IllegalArgumentException("initialCapacity=" + initialCapacity
                    + " (expected > 0 and <= " + MAX_ENTRIES + ")");
        }
        this.startNs = startNs;
        this.tickNs = tickNs;
        this.tickShift = Long.bitCount(tickNs) == 1 ? Long.numberOfTrailingZeros(tickNs) : -1;
        allocate(FIRST_ENTRY + initialCapacity);
    }

    /**
     * Schedules a timer. The deadline may lie in the past: the timer is then due at
     * the next {@link #expire} (or at the one after, if this call is made from the
     * handler).
     *
     * @param deadlineNs the time at which the timer becomes due
     * @param owner what the handler receives with the id; may be null
     * @return the timer's id, never 0, valid until the timer fires or is cancelled
     * @throws IllegalStateException if 2^28 timers are already pending
     */
    public long schedule(long deadlineNs, Object owner) {
        int entry = freeHead == NIL ? grow() : freeHead;
        int at = entry << LINK_STRIDE_SHIFT;
        freeHead = links[at + NEXT];
        int generation = links[at + GENERATION] + 1;
        links[at + GENERATION] = generation;
        deadlinesNs[entry] = deadlineNs;
        owners[entry] = owner;
        size++;

        int list = expiring ? DEFERRED : place(entry, deadlineNs);
        link(list, entry);
        if (deadlineNs < cachedNextNs) {
            cachedNextNs = deadlineNs;
            cachedEntry = entry;
            cachedList = list;
        }
        return idOf(entry, generation);
    }

    /**
     * Cancels a pending timer.
     *
     * @param timerId an id returned by {@link #schedule}
     * @return true if the timer was pending and is now cancelled; false if it
     *     already fired or was cancelled, or the id is stale or unknown
     */
    public boolean cancel(long timerId) {
        int entry = entryOf(timerId);
        if (entry == NIL) {
            return false;
        }
        int emptiedList = unlink(entry);
        release(entry);

        if (entry == overflowMinEntry) {
            overflowMinStale = true;
        }
        if (entry == cachedEntry || emptiedList == cachedList) {
            cacheValid = false;
        }
        return true;
    }

    /**
     * Tells whether a timer is pending: scheduled, not fired and not cancelled. A
     * timer is no longer pending when its handler runs.
     *
     * @param timerId any id
     * @return true if the id names a pending timer
     */
    public boolean isPending(long timerId) {
        return entryOf(timerId) != NIL;
    }

    /**
     * Returns the deadline of a pending timer.
     *
     * @param timerId any id
     * @return the deadline the timer was scheduled with, or {@link #NO_DEADLINE} if
     *     it is not pending
     */
    public long deadlineOf(long timerId) {
        int entry = entryOf(timerId);
        return entry == NIL ? NO_DEADLINE : deadlinesNs[entry];
    }

    /**
     * Returns a lower bound of the earliest pending deadline, close enough to sleep
     * on: never later than the earliest deadline, and earlier by less than one tick
     * of the level where that timer sits (exact for a timer far ahead in the
     * overflow). When no timer is due at the time last passed to {@link #expire},
     * the result is later than that time, so a loop that sleeps until it never
     * spins.
     *
     * @return the time in nanoseconds, or {@link #NO_DEADLINE} if no timer is
     *     pending
     */
    public long nextDeadlineNs() {
        if (expiring) {
            long drainingNs = deadlineOrNone(earliestEntryOf(DRAINING));
            long deferredNs = deadlineOrNone(earliestEntryOf(DEFERRED));
            return Math.min(estimateNextNs(), Math.min(drainingNs, deferredNs));
        }
        if (!cacheValid) {
            cachedList = nextEventList();
            cachedNextNs = estimateNextNs();
            cacheValid = true;
        }
        return cachedNextNs;
    }

    /**
     * Fires every pending timer whose deadline is at or before {@code nowNs},
     * calling the handler once for each, and none whose deadline is later. The
     * timer is no longer pending when its handler runs; the handler may schedule
     * and cancel timers (see the class comment) but may not call this method.
     *
     * <p>If the handler throws, the exception propagates; the timer being fired
     * counts as fired, and the other due timers stay pending for the next call.
     *
     * @param nowNs the current time; a time earlier than a previous call's fires
     *     nothing new
     * @param handler receives each expired timer's id and owner
     * @return the number of timers fired
     * @throws NullPointerException if {@code handler} is null
     * @throws IllegalStateException if called from inside the handler
     */
    public int expire(long nowNs, ExpiryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (expiring) {
            throw new IllegalStateException("expire called from onExpiry "
                    + "(expected a call from outside the expiry handler)");
        }
        long targetTick = Math.max(tickOf(nowNs), currentTick);
        expiring = true;
        try {
            return advance(targetTick, nowNs, handler);
        } finally {
            restoreDraining();
            expiring = false;
            admitDeferred();
            if (cachedNextNs <= nowNs) {
                cacheValid = false;
            }
        }
    }

    /**
     * Returns the number of pending timers, deferred ones included.
     *
     * @return the count
     */
    public int size() {
        return size;
    }

    int capacity() {
        return owners.length - FIRST_ENTRY;
    }

    /**
     * Receives the timers that {@link TimerWheel#expire} fires, on the wheel's
     * thread.
     */
    @FunctionalInterface
    public interface ExpiryHandler {
        /**
         * Called once for each expired timer, after it stopped being pending.
         *
         * @param timerId the id {@link TimerWheel#schedule} returned
         * @param owner the owner the timer was scheduled with
         */
        void onExpiry(long timerId, Object owner);
    }

    private int advance(long targetTick, long nowNs, ExpiryHandler handler) {
        firedInCall = 0;
        int list = nextEventList();
        while (list != NO_LIST) {
            long eventTick = startTickOf(list);
            if (eventTick > targetTick) {
                break;
            }
            boolean lastEvent = list < SLOTS_PER_LEVEL && eventTick == targetTick;
            if (lastEvent && cacheValid && cachedList == list && cachedNextNs > nowNs) {
                break;
            }
            currentTick = eventTick;
            cacheValid = false;
            if (list >= SLOTS_PER_LEVEL) {
                redistribute(list);
            } else {
                fireSlot(list, nowNs, handler);
            }
            if (lastEvent) {
                break;
            }
            list = nextEventList();
        }
        currentTick = targetTick;
        return firedInCall;
    }

    /**
     * Fires the due timers of a level-0 slot. The others (only in the slot of the
     * current tick) wait on the draining list and go back at the end; the earliest
     * of them is then the next deadline, so that later calls within the same tick
     * skip the slot.
     */
    private void fireSlot(int list, long nowNs, ExpiryHandler handler) {
        int entry = next(list);
        while (entry != list) {
            unlink(entry);
            if (deadlinesNs[entry] <= nowNs) {
                Object owner = owners[entry];
                long timerId = idOf(entry, links[(entry << LINK_STRIDE_SHIFT) + GENERATION]);
                release(entry);
                firedInCall++;
                handler.onExpiry(timerId, owner);
            } else {
                link(DRAINING, entry);
            }
            entry = next(list);
        }
        int earliest = earliestEntryOf(DRAINING);
        if (earliest != NIL) {
            splice(DRAINING, list);
            cachedNextNs = deadlinesNs[earliest];
            cachedEntry = earliest;
            cachedList = list;
            cacheValid = true;
        }
    }

    /** Cascades a slot, or brings the overflow in: no handler runs meanwhile. */
    private void redistribute(int list) {
        if (list == OVERFLOW) {
            overflowMinNs = NO_DEADLINE;
            overflowMinEntry = NIL;
            overflowMinStale = false;
        }
        int entry = next(list);
        int listAt = list << LINK_STRIDE_SHIFT;
        links[listAt + NEXT] = list;
        links[listAt + PREV] = list;
        occupied[list >>> 6] &= ~(1L << list);
        while (entry != list) {
            int following = next(entry);
            link(place(entry, deadlinesNs[entry]), entry);
            entry = following;
        }
    }

    private void restoreDraining() {
        int entry = next(DRAINING);
        while (entry != DRAINING) {
            unlink(entry);
            link(place(entry, deadlinesNs[entry]), entry);
            entry = next(DRAINING);
        }
    }

    private void admitDeferred() {
        int entry = next(DEFERRED);
        while (entry != DEFERRED) {
            unlink(entry);
            long deadlineNs = deadlinesNs[entry];
            link(place(entry, deadlineNs), entry);
            if (deadlineNs < cachedNextNs) {
                cacheValid = false;
            }
            entry = next(DEFERRED);
        }
    }

    /** Chooses the list of a timer from its deadline and the current tick. */
    private int place(int entry, long deadlineNs) {
        long tick = Math.max(tickOf(deadlineNs), currentTick);
        long differing = (tick ^ currentTick) | SLOT_MASK;
        int level = (Long.SIZE - 1 - Long.numberOfLeadingZeros(differing)) / SLOT_BITS;
        if (level >= LEVELS) {
            if (deadlineNs < overflowMinNs) {
                overflowMinNs = deadlineNs;
                overflowMinEntry = entry;
            }
            return OVERFLOW;
        }
        int slot = (int) ((tick >>> (level * SLOT_BITS)) & SLOT_MASK);
        return (level << SLOT_BITS) | slot;
    }

    /** Returns the list holding the earliest event, or NO_LIST if nothing is pending. */
    private int nextEventList() {
        for (int level = 0; level < LEVELS; level++) {
            long bits = occupied[level];
            if (bits != 0) {
                return (level << SLOT_BITS) | Long.numberOfTrailingZeros(bits);
            }
        }
        return next(OVERFLOW) != OVERFLOW ? OVERFLOW : NO_LIST;
    }

    /** Returns the tick at which the event of a non-empty list must be handled. */
    private long startTickOf(int list) {
        if (list == OVERFLOW) {
            long tick = Math.max(tickOf(overflowMin()), currentTick);
            return Math.max((tick >>> WHEEL_BITS) << WHEEL_BITS, currentTick);
        }
        int levelShift = (list >>> SLOT_BITS) * SLOT_BITS;
        long slotStart = (long) (list & SLOT_MASK) << levelShift;
        long levelBase = currentTick & -(1L << (levelShift + SLOT_BITS));
        return levelBase | slotStart;
    }

    /** Computes the answer of nextDeadlineNs and notes the entry it came from, if one. */
    private long estimateNextNs() {
        int list = nextEventList();
        cachedEntry = NIL;
        if (list == NO_LIST) {
            return NO_DEADLINE;
        }
        if (list == OVERFLOW) {
            long minNs = overflowMin();
            cachedEntry = overflowMinEntry;
            return minNs;
        }
        if (list < SLOTS_PER_LEVEL) {
            cachedEntry = earliestEntryOf(list);
            return deadlinesNs[cachedEntry];
        }
        return timeOfTick(startTickOf(list));
    }

    private long overflowMin() {
        if (overflowMinStale) {
            overflowMinEntry = earliestEntryOf(OVERFLOW);
            overflowMinNs = deadlineOrNone(overflowMinEntry);
            overflowMinStale = false;
        }
        return overflowMinNs;
    }

    /** Returns the entry of the earliest deadline in a list, or NIL if it is empty. */
    private int earliestEntryOf(int list) {
        int earliest = NIL;
        for (int entry = next(list); entry != list; entry = next(entry)) {
            if (earliest == NIL || deadlinesNs[entry] < deadlinesNs[earliest]) {
                earliest = entry;
            }
        }
        return earliest;
    }

    private long deadlineOrNone(int entry) {
        return entry == NIL ? NO_DEADLINE : deadlinesNs[entry];
    }

    private long tickOf(long timeNs) {
        long elapsedNs = timeNs - startNs;
        if (((timeNs ^ startNs) & (timeNs ^ elapsedNs)) < 0) {
            elapsedNs = timeNs < startNs ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return tickShift >= 0 ? elapsedNs >> tickShift : elapsedNs / tickNs;
    }

    private long timeOfTick(long tick) {
        long elapsedNs = tick * tickNs;
        long timeNs = startNs + elapsedNs;
        if (((startNs ^ timeNs) & (elapsedNs ^ timeNs)) < 0) {
            return NO_DEADLINE;
        }
        return timeNs;
    }

    private int next(int entry) {
        return links[(entry << LINK_STRIDE_SHIFT) + NEXT];
    }

    private void link(int list, int entry) {
        int listAt = list << LINK_STRIDE_SHIFT;
        int last = links[listAt + PREV];
        int at = entry << LINK_STRIDE_SHIFT;
        links[at + NEXT] = list;
        links[at + PREV] = last;
        links[(last << LINK_STRIDE_SHIFT) + NEXT] = entry;
        links[listAt + PREV] = entry;
        occupied[list >>> 6] |= 1L << list;
    }

    /** Unlinks an entry; returns the list it left if that list is now empty. */
    private int unlink(int entry) {
        int at = entry << LINK_STRIDE_SHIFT;
        int next = links[at + NEXT];
        int prev = links[at + PREV];
        links[(prev << LINK_STRIDE_SHIFT) + NEXT] = next;
        links[(next << LINK_STRIDE_SHIFT) + PREV] = prev;
        if (next != prev) {
            return NO_LIST;
        }
        occupied[next >>> 6] &= ~(1L << next);
        return next;
    }

    /** Moves every timer of a non-empty list onto the empty list {@code target}. */
    private void splice(int list, int target) {
        int listAt = list << LINK_STRIDE_SHIFT;
        int targetAt = target << LINK_STRIDE_SHIFT;
        int first = links[listAt + NEXT];
        int last = links[listAt + PREV];
        links[targetAt + NEXT] = first;
        links[(first << LINK_STRIDE_SHIFT) + PREV] = target;
        links[targetAt + PREV] = last;
        links[(last << LINK_STRIDE_SHIFT) + NEXT] = target;
        links[listAt + NEXT] = list;
        links[listAt + PREV] = list;
        occupied[list >>> 6] &= ~(1L << list);
        occupied[target >>> 6] |= 1L << target;
    }

    private void release(int entry) {
        int at = entry << LINK_STRIDE_SHIFT;
        owners[entry] = null;
        links[at + GENERATION]++;
        links[at + NEXT] = freeHead;
        freeHead = entry;
        size--;
    }

    private int entryOf(long timerId) {
        int entry = (int) timerId;
        int generation = (int) (timerId >>> Integer.SIZE);
        if (entry < FIRST_ENTRY || entry >= owners.length || (generation & 1) == 0) {
            return NIL;
        }
        return links[(entry << LINK_STRIDE_SHIFT) + GENERATION] == generation ? entry : NIL;
    }

    private static long idOf(int entry, int generation) {
        return ((long) generation << Integer.SIZE) | entry;
    }

    private void allocate(int length) {
        deadlinesNs = new long[length];
        owners = new Object[length];
        links = new int[length << LINK_STRIDE_SHIFT];
        for (int list = 0; list < FIRST_ENTRY; list++) {
            links[(list << LINK_STRIDE_SHIFT) + NEXT] = list;
            links[(list << LINK_STRIDE_SHIFT) + PREV] = list;
        }
        chainFree(FIRST_ENTRY, length);
    }

    private int grow() {
        int oldLength = owners.length;
        int oldCapacity = oldLength - FIRST_ENTRY;
        if (oldCapacity >= MAX_ENTRIES) {
            throw new IllegalStateException("timers=" + size
                    + " (expected at most " + MAX_ENTRIES + " pending)");
        }
        int newLength = FIRST_ENTRY + Math.min(2 * oldCapacity, MAX_ENTRIES);
        deadlinesNs = Arrays.copyOf(deadlinesNs, newLength);
        owners = Arrays.copyOf(owners, newLength);
        links = Arrays.copyOf(links, newLength << LINK_STRIDE_SHIFT);
        chainFree(oldLength, newLength);
        return freeHead;
    }

    private void chainFree(int from, int to) {
        for (int entry = from; entry < to; entry++) {
            links[(entry << LINK_STRIDE_SHIFT) + NEXT] = entry + 1 < to ? entry + 1 : NIL;
        }
        freeHead = from;
    }
}

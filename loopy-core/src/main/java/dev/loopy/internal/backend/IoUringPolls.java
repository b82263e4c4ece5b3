package dev.loopy.internal.backend;

import java.util.Arrays;

/**
 * The readiness state an io_uring backend keeps per descriptor: the interest held,
 * the generation of the current registration, whether its multishot poll is armed,
 * and two work lists filled while completions are reaped and emptied into SQEs
 * before the next submission.
 *
 * <p>Used by the loop's thread only. Descriptors index plain arrays that double
 * when a larger descriptor appears, so steady state allocates nothing.
 *
 * <p>The arm list holds descriptors whose poll ended (a completion without
 * {@code IORING_CQE_F_MORE}) and must be armed again. The sync list holds
 * descriptors whose armed poll must be updated in place, to a new interest or, with
 * the same interest, to make the kernel look at the descriptor's readiness again.
 * Each descriptor is in each list at most once.
 */
final class IoUringPolls {
    /** The number of generation bits carried in a poll's {@code user_data}. */
    static final int GENERATION_BITS = 24;

    private static final int GENERATION_MASK = (1 << GENERATION_BITS) - 1;
    private static final byte ARMED = 1;
    private static final byte IN_ARM_LIST = 2;
    private static final byte IN_SYNC_LIST = 4;
    private static final int INITIAL_CAPACITY = 64;

    private int[] interest = new int[INITIAL_CAPACITY];
    private int[] generation = new int[INITIAL_CAPACITY];
    private byte[] flags = new byte[INITIAL_CAPACITY];

    private int[] armList = new int[INITIAL_CAPACITY];
    private int armCount;
    private int[] syncList = new int[INITIAL_CAPACITY];
    private int syncCount;

    /**
     * Returns the interest held in a descriptor.
     *
     * @param fd a descriptor, at least 0
     * @return {@link IoBackend#READ} and {@link IoBackend#WRITE} bits, 0 if none
     */
    int interest(int fd) {
        return fd < interest.length ? interest[fd] : 0;
    }

    /**
     * Returns the generation of a descriptor's current registration.
     *
     * @param fd a descriptor, at least 0
     * @return the generation, {@link #GENERATION_BITS} bits wide
     */
    int generation(int fd) {
        return fd < generation.length ? generation[fd] : 0;
    }

    /**
     * Tells whether a completion belongs to the descriptor's current registration.
     *
     * @param fd a descriptor, at least 0
     * @param gen the generation the completion carries
     * @return true if a registration is held and its generation matches
     */
    boolean isCurrent(int fd, int gen) {
        return fd < interest.length && interest[fd] != 0 && generation[fd] == gen;
    }

    /**
     * Starts a new registration: a new generation, so that completions of earlier
     * ones are recognised as stale.
     *
     * @param fd a descriptor, at least 0
     * @param mask the interest, not 0
     */
    void register(int fd, int mask) {
        ensureCapacity(fd);
        generation[fd] = (generation[fd] + 1) & GENERATION_MASK;
        interest[fd] = mask;
        flags[fd] &= ~ARMED;
    }

    /**
     * Changes the interest of the current registration.
     *
     * @param fd a registered descriptor
     * @param mask the new interest, not 0
     */
    void change(int fd, int mask) {
        interest[fd] = mask;
    }

    /**
     * Ends the current registration; later completions of its poll are stale.
     *
     * @param fd a registered descriptor
     */
    void unregister(int fd) {
        interest[fd] = 0;
        generation[fd] = (generation[fd] + 1) & GENERATION_MASK;
        flags[fd] &= ~ARMED;
    }

    /**
     * Tells whether the current registration's poll is armed in the kernel or
     * queued.
     *
     * @param fd a descriptor, at least 0
     * @return true if armed
     */
    boolean armed(int fd) {
        return fd < flags.length && (flags[fd] & ARMED) != 0;
    }

    /**
     * Records that the current registration's poll was queued, or that it ended.
     *
     * @param fd a registered descriptor
     * @param isArmed the new state
     */
    void setArmed(int fd, boolean isArmed) {
        if (isArmed) {
            flags[fd] |= ARMED;
        } else {
            flags[fd] &= ~ARMED;
        }
    }

    /**
     * Adds a descriptor to the arm list unless it is there.
     *
     * @param fd a registered descriptor
     */
    void queueArm(int fd) {
        if ((flags[fd] & IN_ARM_LIST) == 0) {
            flags[fd] |= IN_ARM_LIST;
            armList = append(armList, armCount, fd);
            armCount++;
        }
    }

    /**
     * Adds a descriptor to the sync list unless it is there.
     *
     * @param fd a registered descriptor
     */
    void queueSync(int fd) {
        if ((flags[fd] & IN_SYNC_LIST) == 0) {
            flags[fd] |= IN_SYNC_LIST;
            syncList = append(syncList, syncCount, fd);
            syncCount++;
        }
    }

    /**
     * Returns the length of the arm list; it may grow while the list is walked.
     *
     * @return the count
     */
    int armCount() {
        return armCount;
    }

    /**
     * Takes an entry of the arm list, which leaves it free to be queued again.
     *
     * @param index below {@link #armCount()}
     * @return the descriptor
     */
    int takeArm(int index) {
        int fd = armList[index];
        flags[fd] &= ~IN_ARM_LIST;
        return fd;
    }

    /** Empties the arm list once every entry was taken. */
    void clearArmList() {
        armCount = 0;
    }

    /**
     * Returns the length of the sync list; it may grow while the list is walked.
     *
     * @return the count
     */
    int syncCount() {
        return syncCount;
    }

    /**
     * Takes an entry of the sync list, which leaves it free to be queued again.
     *
     * @param index below {@link #syncCount()}
     * @return the descriptor
     */
    int takeSync(int index) {
        int fd = syncList[index];
        flags[fd] &= ~IN_SYNC_LIST;
        return fd;
    }

    /** Empties the sync list once every entry was taken. */
    void clearSyncList() {
        syncCount = 0;
    }

    private void ensureCapacity(int fd) {
        if (fd < interest.length) {
            return;
        }
        int capacity = Math.max(interest.length * 2, Integer.highestOneBit(fd) << 1);
        interest = Arrays.copyOf(interest, capacity);
        generation = Arrays.copyOf(generation, capacity);
        flags = Arrays.copyOf(flags, capacity);
    }

    private static int[] append(int[] list, int count, int fd) {
        int[] target = count == list.length ? Arrays.copyOf(list, count * 2) : list;
        target[count] = fd;
        return target;
    }
}

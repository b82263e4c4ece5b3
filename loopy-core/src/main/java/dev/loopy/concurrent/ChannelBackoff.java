package dev.loopy.concurrent;

/**
 * How a thread spends the time between two attempts at a channel operation: it spins, then
 * yields, then parks.
 *
 * <p>Stateless; any thread. The caller counts its attempts from 0.
 */
final class ChannelBackoff {
    /*
     * The phases are sized for a machine where threads outnumber cores. A spin only pays
     * while the other end runs on another core, and then it pays within a microsecond or
     * two; past that, the other end is most likely descheduled, and the core is better
     * given away (a yield) than burnt. Parking costs the thread that later wakes this one
     * an unpark (a futex system call) and this thread a trip through the scheduler, about
     * ten microseconds on the development machine, so a thread yields a while before it
     * parks.
     *
     * The clock is not read while spinning: a spin is shorter than a clock read (about
     * 100 ns on the development machine, a virtual machine), and most waits end within
     * the spinning; a timed wait that overshoots its timeout by the spinning, a few
     * microseconds, is no worse than a park that oversleeps.
     */

    /** Attempts spent spinning before the first yield. */
    static final int SPIN_TRIES = 64;
    /** Attempts spent yielding before the thread parks. */
    static final int YIELD_TRIES = 16;
    /** Spins on a slot some other thread is filling or emptying, before yielding. */
    private static final int IN_FLIGHT_SPINS = 128;

    private ChannelBackoff() {
    }

    /**
     * Spins or yields once for the attempt, or returns false when the thread should park
     * instead.
     */
    static boolean pause(int attempt) {
        if (attempt < SPIN_TRIES) {
            Thread.onSpinWait();
            return true;
        }
        if (attempt < SPIN_TRIES + YIELD_TRIES) {
            Thread.yield();
            return true;
        }
        return false;
    }

    /**
     * Waits once for a thread that is between its claim of a slot and its store to it; the
     * wait is a few instructions long unless that thread was descheduled in between, and
     * then only a yield lets it run again on a busy machine.
     */
    static void awaitInFlight(int spins) {
        if (spins < IN_FLIGHT_SPINS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}

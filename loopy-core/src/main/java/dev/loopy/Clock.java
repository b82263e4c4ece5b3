package dev.loopy;

/**
 * The monotonic time source of a loop, in nanoseconds.
 *
 * <p>Implementations may be called from any thread. The value has no relation to wall-clock
 * time; only differences between two readings mean anything. Tests pass a
 * {@link ManualClock} through {@link LoopOptions.Builder#clock(Clock)} and advance time by hand.
 */
@FunctionalInterface
public interface Clock {
    /** The system's monotonic clock, {@link System#nanoTime()}. */
    Clock SYSTEM = System::nanoTime;

    /**
     * Returns the current time.
     *
     * @return monotonic nanoseconds
     */
    long nanoTime();
}

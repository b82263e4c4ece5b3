package dev.loopy;

/**
 * Called on the loop's thread when a {@link Timer} expires.
 */
@FunctionalInterface
public interface TimerCallback {
    /**
     * Handles the expiry. The timer may be cancelled or restarted from here.
     *
     * @param timer the timer that expired
     */
    void onTimer(Timer timer);
}

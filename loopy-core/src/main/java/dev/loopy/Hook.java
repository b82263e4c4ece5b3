package dev.loopy;

import java.util.Objects;

/**
 * A callback run at a fixed point of every loop iteration while the hook is active.
 *
 * <p>Three kinds exist, named after their place in the iteration: {@link Kind#PREPARE}
 * hooks run first, {@link Kind#IDLE} hooks next (and while one is active the poll does not
 * wait), {@link Kind#CHECK} hooks run after timers. A hook starts active. Every method is
 * for the loop's thread only.
 */
public final class Hook implements AutoCloseable {
    /** Where in the iteration a hook runs. */
    public enum Kind {
        /** Before anything else in the iteration. */
        PREPARE("prepare"),
        /** After prepare hooks; an active idle hook makes the poll return at once. */
        IDLE("idle"),
        /** After the timers of the iteration ran. */
        CHECK("check");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /**
         * Returns the stable lower-case name of this kind.
         *
         * @return the label
         */
        public String label() {
            return label;
        }
    }

    private final Loop loop;
    private final Kind kind;
    private final HookCallback callback;
    private boolean active;
    private boolean closed;

    Hook(Loop loop, Kind kind, HookCallback callback) {
        this.loop = loop;
        this.kind = kind;
        this.callback = Objects.requireNonNull(callback, "callback");
    }

    /**
     * Makes the hook run from the next time its point of the iteration is reached.
     *
     * @return this hook
     * @throws ClosedException if the hook was closed
     */
    public Hook start() {
        loop.checkThread("Hook.start");
        if (closed) {
            throw new ClosedException(kind.label() + " hook is closed (start)");
        }
        if (!active) {
            active = true;
            loop.hookStarted(this);
        }
        return this;
    }

    /**
     * Stops the hook until the next {@link #start()}.
     *
     * @return true if it was active
     */
    public boolean stop() {
        loop.checkThread("Hook.stop");
        if (!active) {
            return false;
        }
        active = false;
        loop.hookStopped(this);
        return true;
    }

    /**
     * Tells whether the hook runs in each iteration.
     *
     * @return true while active
     */
    public boolean isActive() {
        return active;
    }

    /**
     * Returns where the hook runs.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /** Stops the hook for good. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            stop();
            closed = true;
        }
    }

    void run() {
        if (active) {
            callback.onHook(this);
        }
    }
}

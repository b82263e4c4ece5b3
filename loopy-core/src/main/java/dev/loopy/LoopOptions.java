package dev.loopy;

import java.util.Objects;

/**
 * How a {@link Loop} is made: its backend, clock, descriptor table size and error handler.
 *
 * <p>Immutable; any thread may use it. Build one with {@link #builder()}:
 * <pre>{@code
 * LoopOptions options = LoopOptions.builder()
 *         .backend(Backend.EPOLL)
 *         .clock(new ManualClock())
 *         .build();
 * }</pre>
 */
public final class LoopOptions {
    /** The descriptor table size a loop starts with unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 256;
    /** The largest descriptor table a loop accepts. */
    public static final int MAX_CAPACITY = 1 << 24;

    private static final LoopOptions DEFAULTS = builder().build();

    private final Backend backend;
    private final Clock clock;
    private final int capacity;
    private final ErrorHandler errorHandler;

    private LoopOptions(Builder builder) {
        this.backend = builder.backend;
        this.clock = builder.clock;
        this.capacity = builder.capacity;
        this.errorHandler = builder.errorHandler;
    }

    /**
     * Returns the options of {@link Loop#create()}.
     *
     * @return the defaults: automatic backend, system clock, {@value #DEFAULT_CAPACITY}
     *     descriptors, the logging error handler
     */
    public static LoopOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the forced backend.
     *
     * @return the backend, or null for the system property or else the automatic choice
     */
    public Backend backend() {
        return backend;
    }

    /**
     * Returns the clock timers are measured on.
     *
     * @return the clock, never null
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Returns the initial size of the descriptor table.
     *
     * @return the number of descriptors the table holds before it first grows
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns the handler of callback failures.
     *
     * @return the handler, or null for the logging default
     */
    public ErrorHandler errorHandler() {
        return errorHandler;
    }

    /**
     * Collects options. Used by one thread; {@link #build()} gives the immutable result.
     */
    public static final class Builder {
        private Backend backend;
        private Clock clock = Clock.SYSTEM;
        private int capacity = DEFAULT_CAPACITY;
        private ErrorHandler errorHandler;

        private Builder() {
        }

        /**
         * Forces a backend. Loop creation then fails if it is unavailable.
         *
         * @param backend the backend, or null for the automatic choice
         * @return this builder
         */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /**
         * Sets the clock that timers, deadlines and time-to-live are measured on.
         *
         * @param clock the clock, for example a {@link ManualClock} in tests
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the initial size of the descriptor table; it grows on demand.
         *
         * @param capacity in {@code [1, MAX_CAPACITY]}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder capacity(int capacity) {
            if (capacity < 1 || capacity > MAX_CAPACITY) {
                throw new IllegalArgumentException("capacity=" + capacity
                        + " (expected 1.." + MAX_CAPACITY + ")");
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * Sets the handler of exceptions thrown by callbacks.
         *
         * @param errorHandler the handler, or null for the logging default
         * @return this builder
         */
        public Builder errorHandler(ErrorHandler errorHandler) {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * Returns the options collected.
         *
         * @return immutable options
         */
        public LoopOptions build() {
            return new LoopOptions(this);
        }
    }
}

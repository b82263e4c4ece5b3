package dev.loopy.concurrent;

import java.util.Objects;

/**
 * The settings of a {@link WorkQueue}: the kind of thread, how many run at once, and how
 * much work may wait.
 *
 * <p>Immutable and shareable between threads. Build one with {@link #builder()};
 * {@link #defaults()} gives a pool of platform threads, one per processor up to
 * {@value #DEFAULT_MAX_THREADS}, with room for {@value #DEFAULT_CAPACITY} waiting
 * pieces of work.
 */
public final class WorkQueueOptions {
    /** The number of waiting pieces of work a default queue holds. */
    public static final int DEFAULT_CAPACITY = 256;
    /** The most threads a default queue starts. */
    public static final int DEFAULT_MAX_THREADS = 4;

    private static final WorkQueueOptions DEFAULTS = builder().build();

    private final WorkQueueMode mode;
    private final int threads;
    private final int capacity;
    private final String threadName;

    private WorkQueueOptions(Builder builder) {
        this.mode = builder.mode;
        this.threads = builder.threads;
        this.capacity = builder.capacity;
        this.threadName = builder.threadName;
    }

    /**
     * Returns the default settings.
     *
     * @return platform threads, one per processor up to {@value #DEFAULT_MAX_THREADS},
     *     capacity {@value #DEFAULT_CAPACITY}
     */
    public static WorkQueueOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a builder holding the default settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the kind of thread the work runs on.
     *
     * @return the mode
     */
    public WorkQueueMode mode() {
        return mode;
    }

    /**
     * Returns how many pieces of work run at once: the pool's size in platform mode, the
     * bound on live virtual threads in virtual mode.
     *
     * @return at least 1
     */
    public int threads() {
        return threads;
    }

    /**
     * Returns how many pieces of work may wait for a thread; submissions beyond are refused.
     *
     * @return at least 1
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns the prefix of the worker threads' names, which a counter follows.
     *
     * @return the prefix
     */
    public String threadName() {
        return threadName;
    }

    /** Collects settings for {@link WorkQueueOptions}. Not thread-safe. */
    public static final class Builder {
        private WorkQueueMode mode = WorkQueueMode.PLATFORM;
        private int threads = Math.min(Runtime.getRuntime().availableProcessors(),
                DEFAULT_MAX_THREADS);
        private int capacity = DEFAULT_CAPACITY;
        private String threadName = "loopy-work-";

        private Builder() {
        }

        /**
         * Runs the work on a fixed pool of platform threads.
         *
         * @param count the pool's size, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is below 1
         */
        public Builder platformThreads(int count) {
            this.mode = WorkQueueMode.PLATFORM;
            this.threads = atLeastOne("platformThreads", count);
            return this;
        }

        /**
         * Runs each piece of work on a virtual thread of its own, at most {@code concurrency}
         * at once. Only for work that blocks in Java I/O, never in native calls.
         *
         * @param concurrency the most virtual threads alive at once, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code concurrency} is below 1
         */
        public Builder virtualThreads(int concurrency) {
            this.mode = WorkQueueMode.VIRTUAL;
            this.threads = atLeastOne("virtualThreads", concurrency);
            return this;
        }

        /**
         * Sets how many pieces of work may wait for a thread.
         *
         * @param count at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is below 1
         */
        public Builder capacity(int count) {
            this.capacity = atLeastOne("capacity", count);
            return this;
        }

        /**
         * Sets the prefix of the worker threads' names.
         *
         * @param prefix for example {@code "db-work-"}
         * @return this builder
         */
        public Builder threadName(String prefix) {
            this.threadName = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Creates the settings.
         *
         * @return immutable settings
         */
        public WorkQueueOptions build() {
            return new WorkQueueOptions(this);
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + "=" + value + " (expected >= 1)");
            }
            return value;
        }
    }
}

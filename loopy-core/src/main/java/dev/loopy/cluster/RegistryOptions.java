package dev.loopy.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The timing and election settings of a registry.
 *
 * <p>Immutable and shareable between threads. Build one with {@link #builder()};
 * {@link #defaults()} heartbeats kept-alive nodes every second, suspects a node after 3 s
 * without a heartbeat, declares it down after 5 more, forgets it a minute later, and lets
 * every node stand for leader.
 */
public final class RegistryOptions {
    private static final Duration LONGEST = Duration.ofDays(365);
    private static final RegistryOptions DEFAULTS = builder().build();

    private final long heartbeatIntervalNs;
    private final long suspectTimeoutNs;
    private final long downTimeoutNs;
    private final long downRetentionNs;
    private final String electionRole;

    private RegistryOptions(Builder builder) {
        this.heartbeatIntervalNs = builder.heartbeatInterval.toNanos();
        this.suspectTimeoutNs = builder.suspectTimeout.toNanos();
        this.downTimeoutNs = builder.downTimeout.toNanos();
        this.downRetentionNs = builder.downRetention.toNanos();
        this.electionRole = builder.electionRole;
    }

    /**
     * Returns the default settings.
     *
     * @return heartbeat 1 s, suspect after 3 s, down after 5 s more, forgotten after 60 s
     *     more, every node a candidate
     */
    public static RegistryOptions defaults() {
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
     * Returns how often the registry heartbeats the nodes it keeps alive.
     *
     * @return the interval
     */
    public Duration heartbeatInterval() {
        return Duration.ofNanos(heartbeatIntervalNs);
    }

    /**
     * Returns how long a node may go without a heartbeat before it turns suspect.
     *
     * @return the timeout
     */
    public Duration suspectTimeout() {
        return Duration.ofNanos(suspectTimeoutNs);
    }

    /**
     * Returns how long a node may stay suspect before it is declared down.
     *
     * @return the timeout
     */
    public Duration downTimeout() {
        return Duration.ofNanos(downTimeoutNs);
    }

    /**
     * Returns how long a down node stays listed before the registry removes it.
     *
     * @return the retention
     */
    public Duration downRetention() {
        return Duration.ofNanos(downRetentionNs);
    }

    /**
     * Returns the role a node needs to stand for leader.
     *
     * @return the role, or empty when every node is a candidate
     */
    public Optional<String> electionRole() {
        return Optional.ofNullable(electionRole);
    }

    long heartbeatIntervalNs() {
        return heartbeatIntervalNs;
    }

    long suspectTimeoutNs() {
        return suspectTimeoutNs;
    }

    long downTimeoutNs() {
        return downTimeoutNs;
    }

    long downRetentionNs() {
        return downRetentionNs;
    }

    /** Collects settings for {@link RegistryOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration suspectTimeout = Duration.ofSeconds(3);
        private Duration downTimeout = Duration.ofSeconds(5);
        private Duration downRetention = Duration.ofMinutes(1);
        private String electionRole;

        private Builder() {
        }

        /**
         * Sets how often kept-alive nodes are heartbeated; it must stay below the suspect
         * timeout.
         *
         * @param interval more than zero
         * @return this builder
         * @throws IllegalArgumentException if {@code interval} is zero or negative
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive("heartbeatInterval", interval);
            return this;
        }

        /**
         * Sets how long a node may go without a heartbeat before it turns suspect.
         *
         * @param timeout more than zero
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder suspectTimeout(Duration timeout) {
            this.suspectTimeout = positive("suspectTimeout", timeout);
            return this;
        }

        /**
         * Sets how long a node may stay suspect before it is declared down.
         *
         * @param timeout more than zero
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder downTimeout(Duration timeout) {
            this.downTimeout = positive("downTimeout", timeout);
            return this;
        }

        /**
         * Sets how long a down node stays listed before it is removed.
         *
         * @param retention more than zero
         * @return this builder
         * @throws IllegalArgumentException if {@code retention} is zero or negative
         */
        public Builder downRetention(Duration retention) {
            this.downRetention = positive("downRetention", retention);
            return this;
        }

        /**
         * Lets only nodes with a role stand for leader.
         *
         * @param role a role name
         * @return this builder
         * @throws IllegalArgumentException if the role breaks the naming rule
         */
        public Builder electionRole(String role) {
            this.electionRole = RegistryNames.roles(Set.of(role)).iterator().next();
            return this;
        }

        /**
         * Creates the settings.
         *
         * @return immutable settings
         * @throws IllegalArgumentException if the heartbeat interval is not below the suspect
         *     timeout
         */
        public RegistryOptions build() {
            if (heartbeatInterval.compareTo(suspectTimeout) >= 0) {
                throw new IllegalArgumentException("heartbeatInterval=" + heartbeatInterval
                        + " (expected < suspectTimeout=" + suspectTimeout + ")");
            }
            return new RegistryOptions(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero() || value.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException(
                        name + "=" + value + " (expected > 0 and <= " + LONGEST + ")");
            }
            return value;
        }
    }
}

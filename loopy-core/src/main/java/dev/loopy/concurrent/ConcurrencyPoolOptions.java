package dev.loopy.concurrent;

/**
 * The settings of a {@link ConcurrencyPool}: the global cap, the limit of tenants added
 * without one, and whether unknown tenants are created on first use.
 *
 * <p>Instances are immutable and may be shared between threads. Build one with
 * {@link #builder()}; {@link #defaults()} gives an unlimited pool whose tenants hold at most
 * {@value #DEFAULT_TENANT_LIMIT} slots each and must be added before use.
 */
public final class ConcurrencyPoolOptions {
    /** The slot limit of a tenant added without one. */
    public static final int DEFAULT_TENANT_LIMIT = 10;

    private static final ConcurrencyPoolOptions DEFAULTS = builder().build();

    private final int globalLimit;
    private final int defaultTenantLimit;
    private final int maxTenants;
    private final boolean autoCreateTenants;

    private ConcurrencyPoolOptions(Builder builder) {
        this.globalLimit = builder.globalLimit;
        this.defaultTenantLimit = builder.defaultTenantLimit;
        this.maxTenants = builder.maxTenants;
        this.autoCreateTenants = builder.autoCreateTenants;
    }

    /**
     * Returns the default settings.
     *
     * @return no global cap, {@value #DEFAULT_TENANT_LIMIT} slots per tenant, no
     *     auto-creation, no bound on the number of tenants
     */
    public static ConcurrencyPoolOptions defaults() {
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
     * Returns the most slots all tenants together may hold.
     *
     * @return the cap, or {@link ConcurrencyPool#UNLIMITED}
     */
    public int globalLimit() {
        return globalLimit;
    }

    /**
     * Returns the limit given to a tenant added without one, and to auto-created tenants.
     *
     * @return slots, at least 0
     */
    public int defaultTenantLimit() {
        return defaultTenantLimit;
    }

    /**
     * Returns the most tenants the pool may hold at once.
     *
     * @return the bound, or {@link ConcurrencyPool#UNLIMITED}
     */
    public int maxTenants() {
        return maxTenants;
    }

    /**
     * Tells whether an acquisition for an unknown tenant adds it with the default limit.
     *
     * @return true if unknown tenants are created on first use
     */
    public boolean autoCreateTenants() {
        return autoCreateTenants;
    }

    /**
     * Collects settings for a {@link ConcurrencyPoolOptions}. Not thread-safe.
     */
    public static final class Builder {
        private int globalLimit = ConcurrencyPool.UNLIMITED;
        private int defaultTenantLimit = DEFAULT_TENANT_LIMIT;
        private int maxTenants = ConcurrencyPool.UNLIMITED;
        private boolean autoCreateTenants;

        private Builder() {
        }

        /**
         * Sets the most slots all tenants together may hold.
         *
         * @param slots at least 0, or {@link ConcurrencyPool#UNLIMITED}
         * @return this builder
         * @throws IllegalArgumentException if {@code slots} is negative
         */
        public Builder globalLimit(int slots) {
            this.globalLimit = ConcurrencyPool.checkLimit("globalLimit", slots);
            return this;
        }

        /**
         * Sets the limit given to tenants added without one.
         *
         * @param slots at least 0
         * @return this builder
         * @throws IllegalArgumentException if {@code slots} is negative
         */
        public Builder defaultTenantLimit(int slots) {
            this.defaultTenantLimit = ConcurrencyPool.checkLimit("defaultTenantLimit", slots);
            return this;
        }

        /**
         * Bounds the number of tenants, which keeps auto-creation from growing the pool
         * without end.
         *
         * @param tenants at least 1, or {@link ConcurrencyPool#UNLIMITED}
         * @return this builder
         * @throws IllegalArgumentException if {@code tenants} is below 1
         */
        public Builder maxTenants(int tenants) {
            if (tenants < 1) {
                throw new IllegalArgumentException(
                        "maxTenants=" + tenants + " (expected >= 1)");
            }
            this.maxTenants = tenants;
            return this;
        }

        /**
         * Makes acquisitions for unknown tenants add them with the default limit instead of
         * returning {@link ConcurrencyPoolOutcome#UNKNOWN_TENANT}.
         *
         * @param enabled true to create tenants on first use
         * @return this builder
         */
        public Builder autoCreateTenants(boolean enabled) {
            this.autoCreateTenants = enabled;
            return this;
        }

        /**
         * Creates the settings.
         *
         * @return immutable settings
         */
        public ConcurrencyPoolOptions build() {
            return new ConcurrencyPoolOptions(this);
        }
    }
}

package dev.loopy.concurrent;

/**
 * A snapshot of a {@link ConcurrencyPool}'s global slots and counters.
 *
 * <p>Immutable. The counters are read one after the other while other threads may be
 * acquiring, so a snapshot taken under load is close to, but not exactly, one instant.
 * Counters count calls, not slots.
 *
 * @param globalLimit the most slots all tenants together may hold, or
 *     {@link ConcurrencyPool#UNLIMITED}
 * @param active the slots held now, over all tenants
 * @param peak the most slots held at once since creation or the last reset
 * @param tenants the number of tenants
 * @param acquired granted acquisitions, waiting ones included
 * @param released releases
 * @param refusedTenantLimit attempts refused with {@link ConcurrencyPoolOutcome#TENANT_LIMIT}
 * @param refusedGlobalLimit attempts refused with {@link ConcurrencyPoolOutcome#GLOBAL_LIMIT}
 * @param refusedUnknownTenant attempts refused with
 *     {@link ConcurrencyPoolOutcome#UNKNOWN_TENANT}
 * @param waited acquisitions that had to wait for their slots
 * @param timedOut waiting acquisitions that ended with {@link ConcurrencyPoolOutcome#TIMEOUT}
 * @param waiting waiting acquisitions not settled yet
 */
public record ConcurrencyPoolStats(
        int globalLimit,
        int active,
        int peak,
        int tenants,
        long acquired,
        long released,
        long refusedTenantLimit,
        long refusedGlobalLimit,
        long refusedUnknownTenant,
        long waited,
        long timedOut,
        int waiting) {
}

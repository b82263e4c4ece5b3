package dev.loopy.concurrent;

/**
 * A snapshot of one tenant's slots and counters.
 *
 * <p>Immutable. The counters are read one after the other while other threads may be
 * acquiring, so a snapshot taken under load is close to, but not exactly, one instant.
 *
 * @param tenantId the tenant's id
 * @param limit the most slots the tenant may hold
 * @param active the slots it holds now
 * @param peak the most slots it held at once since it was added or its statistics were reset
 * @param acquired granted acquisitions (calls, not slots)
 * @param released releases (calls, not slots)
 * @param refusedTenantLimit acquisitions refused with
 *     {@link ConcurrencyPoolOutcome#TENANT_LIMIT}
 * @param refusedGlobalLimit acquisitions refused with
 *     {@link ConcurrencyPoolOutcome#GLOBAL_LIMIT}
 */
public record TenantStats(
        String tenantId,
        int limit,
        int active,
        int peak,
        long acquired,
        long released,
        long refusedTenantLimit,
        long refusedGlobalLimit) {
}

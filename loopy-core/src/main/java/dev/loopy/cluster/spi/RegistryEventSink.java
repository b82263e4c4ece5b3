package dev.loopy.cluster.spi;

import dev.loopy.cluster.RegistryEvent;

/**
 * Where a {@link RegistryBackend} reports the changes it sees.
 *
 * <p>Called on the loop thread only. The registry queues each event and delivers it to its
 * listeners later on the same thread, so a backend may emit from inside any of its
 * methods. Revisions must strictly grow from one event to the next.
 */
@FunctionalInterface
public interface RegistryEventSink {
    /**
     * Reports one change.
     *
     * @param event the change, with the revision it made
     */
    void emit(RegistryEvent event);
}

package dev.loopy.cluster;

/**
 * Receives registry events.
 *
 * <p>Called on the loop thread, one event at a time, in revision order. A listener may call
 * the registry; the events its calls cause are delivered after the current one. An
 * exception it throws goes to the loop's error handler and does not stop the delivery of
 * the event to other listeners.
 */
@FunctionalInterface
public interface RegistryListener {
    /**
     * Handles one event.
     *
     * @param event the change
     */
    void onEvent(RegistryEvent event);
}

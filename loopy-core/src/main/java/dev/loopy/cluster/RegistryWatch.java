package dev.loopy.cluster;

import java.util.Optional;

/**
 * A listener's subscription to a registry's events: all of them, or the key events under a
 * prefix.
 *
 * <p>Loop thread only. A watch receives the changes made after it was created, in revision
 * order, until it is cancelled or its registry closes. To start from the current state with
 * no gap, read it ({@link Registry#entries(String)}, {@link Registry#nodes()}) on the loop
 * thread right before or after creating the watch: nothing can change in between.
 */
public final class RegistryWatch {
    private final Registry registry;
    private final String prefix;
    private final RegistryListener listener;
    private final long afterRevision;
    private boolean active = true;

    RegistryWatch(Registry registry, String prefix, RegistryListener listener,
            long afterRevision) {
        this.registry = registry;
        this.prefix = prefix;
        this.listener = listener;
        this.afterRevision = afterRevision;
    }

    /**
     * Returns the key prefix this watch is for.
     *
     * @return the prefix, empty for a watch of every event
     */
    public Optional<String> prefix() {
        return Optional.ofNullable(prefix);
    }

    /**
     * Tells whether the watch still receives events.
     *
     * @return false once cancelled or its registry closed
     */
    public boolean isActive() {
        return active;
    }

    /**
     * Stops the delivery of events to this watch, including those already queued. Idempotent.
     *
     * @return true if the watch was active
     */
    public boolean cancel() {
        if (!active) {
            return false;
        }
        active = false;
        registry.removeWatch(this);
        return true;
    }

    boolean accepts(RegistryEvent event) {
        if (!active || event.revision() <= afterRevision) {
            return false;
        }
        return prefix == null
                || event instanceof RegistryEvent.KeyEvent key && key.key().startsWith(prefix);
    }

    RegistryListener listener() {
        return listener;
    }

    void deactivate() {
        active = false;
    }
}

package dev.loopy.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * A change in the registry, delivered on the loop thread to listeners and watches.
 *
 * <p>Events are immutable. Each carries the registry revision it made: within one registry
 * revisions strictly grow in delivery order, so a listener can tell that it saw every
 * change. The node and entry snapshots in an event are those of the moment of the change,
 * which the registry's own view may have passed by the time the event is delivered.
 */
public sealed interface RegistryEvent {
    /**
     * Returns the kind of this event.
     *
     * @return the kind
     */
    RegistryEventType type();

    /**
     * Returns the registry revision this change made.
     *
     * @return at least 1
     */
    long revision();

    /** A change to a configuration key; {@link Registry#watch watches} receive only these. */
    sealed interface KeyEvent extends RegistryEvent {
        /**
         * Returns the key that changed.
         *
         * @return the key
         */
        String key();
    }

    /**
     * A node joined, in state {@link NodeState#JOINING}.
     *
     * @param revision the revision of the join, also the node's join revision
     * @param node the node as it joined
     */
    record NodeJoined(long revision, NodeInfo node) implements RegistryEvent {
        /** Checks the components. */
        public NodeJoined {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public RegistryEventType type() {
            return RegistryEventType.NODE_JOINED;
        }
    }

    /**
     * A node went from one state to another.
     *
     * @param revision the revision of the change
     * @param node the node in its new state
     * @param previous the state it left
     */
    record NodeStateChanged(long revision, NodeInfo node, NodeState previous)
            implements RegistryEvent {
        /** Checks the components. */
        public NodeStateChanged {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(previous, "previous");
        }

        @Override
        public RegistryEventType type() {
            return RegistryEventType.NODE_STATE_CHANGED;
        }
    }

    /**
     * A node was removed from the registry.
     *
     * @param revision the revision of the removal
     * @param node the node as it was last known
     */
    record NodeLeft(long revision, NodeInfo node) implements RegistryEvent {
        /** Checks the components. */
        public NodeLeft {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public RegistryEventType type() {
            return RegistryEventType.NODE_LEFT;
        }
    }

    /**
     * The leadership changed.
     *
     * @param revision the revision of the change
     * @param leader the new leadership, or empty if no active node can lead
     * @param previous the leadership that ended, or empty if there was none
     */
    record LeaderChanged(long revision, Optional<Leadership> leader,
            Optional<Leadership> previous) implements RegistryEvent {
        /** Checks the components. */
        public LeaderChanged {
            Objects.requireNonNull(leader, "leader");
            Objects.requireNonNull(previous, "previous");
        }

        @Override
        public RegistryEventType type() {
            return RegistryEventType.LEADER_CHANGED;
        }
    }

    /**
     * A key was written.
     *
     * @param revision the revision of the write, also the entry's version
     * @param entry the entry as written
     * @param previousVersion the version the key had before, or {@link ConfigEntry#ABSENT}
     *     if the write created it
     */
    record KeyPut(long revision, ConfigEntry entry, long previousVersion) implements KeyEvent {
        /** Checks the components. */
        public KeyPut {
            Objects.requireNonNull(entry, "entry");
        }

        @Override
        public RegistryEventType type() {
            return RegistryEventType.KEY_PUT;
        }

        @Override
        public String key() {
            return entry.key();
        }
    }

    /**
     * A key was deleted.
     *
     * @param revision the revision of the deletion
     * @param key the key
     * @param version the version the entry had when it was deleted
     */
    record KeyDeleted(long revision, String key, long version) implements KeyEvent {
        /** Checks the components. */
        public KeyDeleted {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public RegistryEventType type() {
            return RegistryEventType.KEY_DELETED;
        }
    }

    /**
     * A key's time to live ran out and its entry was removed.
     *
     * @param revision the revision of the removal
     * @param key the key
     * @param version the version the entry had when it expired
     */
    record KeyExpired(long revision, String key, long version) implements KeyEvent {
        /** Checks the components. */
        public KeyExpired {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public RegistryEventType type() {
            return RegistryEventType.KEY_EXPIRED;
        }
    }
}

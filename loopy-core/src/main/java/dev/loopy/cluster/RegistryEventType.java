package dev.loopy.cluster;

/**
 * The kinds of {@link RegistryEvent}, each with a stable lower-case {@link #label() label}
 * for logs and metrics.
 */
public enum RegistryEventType {
    /** A node joined. */
    NODE_JOINED("node_joined"),
    /** A node went from one state to another. */
    NODE_STATE_CHANGED("node_state_changed"),
    /** A node was removed: it left, it was down too long, or it joined again. */
    NODE_LEFT("node_left"),
    /** The cluster got a new leader, or lost its leader with no active node to follow. */
    LEADER_CHANGED("leader_changed"),
    /** A key was written. */
    KEY_PUT("key_put"),
    /** A key was deleted. */
    KEY_DELETED("key_deleted"),
    /** A key's time to live ran out. */
    KEY_EXPIRED("key_expired");

    private final String label;

    RegistryEventType(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this kind.
     *
     * @return the label, for example {@code "key_expired"}
     */
    public String label() {
        return label;
    }
}

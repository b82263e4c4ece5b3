package dev.loopy;

/**
 * How long {@link Loop#run(RunMode)} keeps iterating.
 */
public enum RunMode {
    /** Iterate until {@link Loop#stop()} is called. */
    DEFAULT("default"),
    /** Run one iteration, waiting in the poll for the first event or timer if need be. */
    ONCE("once"),
    /** Run one iteration without waiting: only what is ready now is handled. */
    NOWAIT("nowait");

    private final String label;

    RunMode(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this mode.
     *
     * @return the label
     */
    public String label() {
        return label;
    }
}

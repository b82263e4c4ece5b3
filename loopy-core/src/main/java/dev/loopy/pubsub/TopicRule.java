package dev.loopy.pubsub;

/**
 * The rules a topic, a pattern or a group name can break, as reported by
 * {@link InvalidTopicException#rule()}.
 *
 * <p>Constants are immutable and may be used on any thread.
 */
public enum TopicRule {
    /** The text is empty. */
    EMPTY("empty"),
    /** A word is empty: two dots in a row, or a leading or trailing dot. */
    EMPTY_WORD("empty_word"),
    /** A published topic (or a group name) contains {@code *} or {@code #}. */
    WILDCARD_IN_TOPIC("wildcard_in_topic"),
    /** A {@code *} or {@code #} shares its word with other characters, as in {@code a#}. */
    PARTIAL_WILDCARD("partial_wildcard"),
    /**
     * A reserved character: whitespace, a control character, {@code >}, or a {@code $} at the
     * start (kept free for system subjects of distributed backends).
     */
    RESERVED_CHARACTER("reserved_character"),
    /** The text is longer than {@link Topics#MAX_LENGTH} characters. */
    TOO_LONG("too_long");

    private final String label;

    TopicRule(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this rule.
     *
     * @return the label, for example {@code "empty_word"}
     */
    public String label() {
        return label;
    }
}

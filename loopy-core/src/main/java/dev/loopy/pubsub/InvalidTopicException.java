package dev.loopy.pubsub;

/**
 * A topic, a subscription pattern or a group name broke one of the {@link TopicRule rules}.
 *
 * <p>Thrown on the calling thread by {@link Topics}, {@code subscribe} and {@code publish}.
 * The message reads like {@code topic="a..b" (empty_word at index 2: expected words of at
 * least one character)}; a text longer than 80 characters is cut short in the message but
 * kept whole in {@link #value()}.
 */
public final class InvalidTopicException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN_LENGTH = 80;

    private final String argument;
    private final String value;
    private final TopicRule rule;
    private final int index;

    /**
     * Creates the failure.
     *
     * @param argument the argument's name: {@code "topic"}, {@code "pattern"} or
     *     {@code "group"}
     * @param value the text that broke the rule
     * @param rule the broken rule
     * @param index the offending character's index in {@code value}, 0 for the whole text
     */
    public InvalidTopicException(String argument, String value, TopicRule rule, int index) {
        super(argument + "=\"" + shortened(value) + "\" (" + rule.label() + " at index "
                + index + ": " + expectation(rule) + ")");
        this.argument = argument;
        this.value = value;
        this.rule = rule;
        this.index = index;
    }

    /**
     * Returns the name of the argument that broke the rule.
     *
     * @return {@code "topic"}, {@code "pattern"} or {@code "group"}
     */
    public String argument() {
        return argument;
    }

    /**
     * Returns the text that broke the rule.
     *
     * @return the rejected topic, pattern or group name
     */
    public String value() {
        return value;
    }

    /**
     * Returns the rule that was broken.
     *
     * @return the rule
     */
    public TopicRule rule() {
        return rule;
    }

    /**
     * Returns where in the text the rule was broken.
     *
     * @return a character index into {@link #value()}
     */
    public int index() {
        return index;
    }

    /** Keeps messages readable when the rejected text is very long. */
    private static String shortened(String value) {
        return value.length() <= SHOWN_LENGTH ? value
                : value.substring(0, SHOWN_LENGTH) + "...";
    }

    private static String expectation(TopicRule rule) {
        return switch (rule) {
            case EMPTY -> "expected at least one word";
            case EMPTY_WORD -> "expected words of at least one character";
            case WILDCARD_IN_TOPIC -> "expected no '*' or '#' outside patterns";
            case PARTIAL_WILDCARD -> "expected '*' and '#' to be whole words";
            case RESERVED_CHARACTER ->
                "expected no whitespace, control character, '>' or leading '$'";
            case TOO_LONG -> "expected at most " + Topics.MAX_LENGTH + " characters";
        };
    }
}

package dev.loopy.pubsub;

import java.util.Objects;

/**
 * The grammar of topics, patterns and group names, and its checks.
 *
 * <p>All methods are pure and may be called from any thread.
 *
 * <p>A <em>topic</em> is one or more non-empty words joined by {@code .}, for example
 * {@code orders.eu.created}. A <em>pattern</em> is a topic whose words may also be
 * {@code *} (exactly one word) or {@code #} (zero or more words), for example
 * {@code orders.*.created} or {@code orders.#}. A <em>group name</em> follows the rules of
 * a topic. None of them may be longer than {@link #MAX_LENGTH} characters or contain
 * whitespace, a control character or {@code >}, nor start with {@code $}: those are kept
 * free so that every valid topic is also a valid subject of a distributed backend.
 */
public final class Topics {
    /** The longest topic, pattern or group name accepted, in characters. */
    public static final int MAX_LENGTH = 255;
    /** The character between two words. */
    public static final char SEPARATOR = '.';
    /** The pattern word that matches exactly one word. */
    public static final String ONE_WORD = "*";
    /** The pattern word that matches zero or more words. */
    public static final String ANY_WORDS = "#";

    private static final long VALID = -1L;

    private Topics() {
    }

    /**
     * Checks a topic that messages are published to.
     *
     * @param topic the topic
     * @return {@code topic}, for chaining
     * @throws NullPointerException if {@code topic} is null
     * @throws InvalidTopicException if the topic breaks a rule; {@code argument()} is
     *     {@code "topic"}
     */
    public static String checkTopic(String topic) {
        return check("topic", topic, false);
    }

    /**
     * Checks a subscription pattern.
     *
     * @param pattern the pattern
     * @return {@code pattern}, for chaining
     * @throws NullPointerException if {@code pattern} is null
     * @throws InvalidTopicException if the pattern breaks a rule; {@code argument()} is
     *     {@code "pattern"}
     */
    public static String checkPattern(String pattern) {
        return check("pattern", pattern, true);
    }

    /**
     * Checks the name of a queue group.
     *
     * @param group the group name
     * @return {@code group}, for chaining
     * @throws NullPointerException if {@code group} is null
     * @throws InvalidTopicException if the name breaks a rule; {@code argument()} is
     *     {@code "group"}
     */
    public static String checkGroup(String group) {
        return check("group", group, false);
    }

    /**
     * Tells whether a text is a valid topic, without throwing.
     *
     * @param topic the text, may be null
     * @return true if {@link #checkTopic(String)} would accept it
     */
    public static boolean isValidTopic(String topic) {
        return topic != null && scan(topic, false) == VALID;
    }

    /**
     * Tells whether a text is a valid pattern, without throwing.
     *
     * @param pattern the text, may be null
     * @return true if {@link #checkPattern(String)} would accept it
     */
    public static boolean isValidPattern(String pattern) {
        return pattern != null && scan(pattern, true) == VALID;
    }

    /**
     * Tells whether a pattern matches a topic. Parses the pattern on every call; to match one
     * pattern often, keep a {@link TopicPattern}.
     *
     * @param pattern a valid pattern
     * @param topic a valid topic
     * @return true if the pattern matches the topic
     * @throws NullPointerException if an argument is null
     * @throws InvalidTopicException if an argument breaks a rule
     */
    public static boolean matches(String pattern, String topic) {
        return TopicPattern.parse(pattern).matches(checkTopic(topic));
    }

    private static String check(String argument, String text, boolean pattern) {
        Objects.requireNonNull(text, argument);
        long verdict = scan(text, pattern);
        if (verdict != VALID) {
            TopicRule rule = TopicRule.values()[(int) (verdict >>> 32)];
            throw new InvalidTopicException(argument, text, rule, (int) verdict);
        }
        return text;
    }

    /** Returns {@link #VALID}, or the broken rule's ordinal in the high half, index low. */
    private static long scan(String text, boolean pattern) {
        int length = text.length();
        if (length == 0) {
            return verdict(TopicRule.EMPTY, 0);
        }
        if (length > MAX_LENGTH) {
            return verdict(TopicRule.TOO_LONG, MAX_LENGTH);
        }
        if (text.charAt(0) == '$') {
            return verdict(TopicRule.RESERVED_CHARACTER, 0);
        }
        for (int i = 0; i < length; i++) {
            long verdict = scanChar(text, i, pattern);
            if (verdict != VALID) {
                return verdict;
            }
        }
        return text.charAt(length - 1) == SEPARATOR
                ? verdict(TopicRule.EMPTY_WORD, length) : VALID;
    }

    private static long scanChar(String text, int i, boolean pattern) {
        char c = text.charAt(i);
        if (isPlain(c)) {
            return VALID;
        }
        boolean wordStart = i == 0 || text.charAt(i - 1) == SEPARATOR;
        if (c == SEPARATOR) {
            return wordStart ? verdict(TopicRule.EMPTY_WORD, i) : VALID;
        }
        if (c == '*' || c == '#') {
            if (!pattern) {
                return verdict(TopicRule.WILDCARD_IN_TOPIC, i);
            }
            boolean wordEnd = i + 1 == text.length() || text.charAt(i + 1) == SEPARATOR;
            return wordStart && wordEnd ? VALID : verdict(TopicRule.PARTIAL_WILDCARD, i);
        }
        return isReserved(c) ? verdict(TopicRule.RESERVED_CHARACTER, i) : VALID;
    }

    /** The common case: printable ASCII other than the separator and the wildcards. */
    private static boolean isPlain(char c) {
        return c > ' ' && c < 0x7f && c != SEPARATOR && c != '*' && c != '#' && c != '>';
    }

    private static boolean isReserved(char c) {
        return c == '>' || Character.isISOControl(c) || Character.isWhitespace(c)
                || Character.isSpaceChar(c);
    }

    private static long verdict(TopicRule rule, int index) {
        return ((long) rule.ordinal() << 32) | index;
    }
}

package dev.loopy.pubsub;

import java.util.ArrayList;
import java.util.List;

/**
 * A checked subscription pattern, split into words, that can match topics.
 *
 * <p>Immutable; may be shared and used on any thread. Matching allocates nothing.
 *
 * <p>Semantics are those of topic exchanges: {@code *} matches exactly one word, {@code #}
 * zero or more words, any other word only itself. So {@code a.#} matches {@code a},
 * {@code a.b} and {@code a.b.c}; {@code a.*} matches {@code a.b} but neither {@code a} nor
 * {@code a.b.c}; {@code #} matches every topic. A distributed backend maps a trailing
 * {@code #} to its own multi-word wildcard and filters other {@code #} patterns locally with
 * {@link #matches(String)}.
 */
public final class TopicPattern {
    private final String text;
    private final List<String> words;
    /** The words with runs of {@code #} folded into one, which matches the same topics. */
    private final String[] matchWords;
    private final int anyWordsCount;

    private TopicPattern(String text) {
        this.text = text;
        this.words = List.of(text.split("\\.", -1));
        this.matchWords = fold(words);
        this.anyWordsCount = countAnyWords(matchWords);
    }

    /**
     * Checks and splits a pattern.
     *
     * @param pattern the pattern text
     * @return the parsed pattern
     * @throws NullPointerException if {@code pattern} is null
     * @throws InvalidTopicException if the pattern breaks a rule
     */
    public static TopicPattern parse(String pattern) {
        return new TopicPattern(Topics.checkPattern(pattern));
    }

    /**
     * Returns the pattern as written.
     *
     * @return the text given to {@link #parse(String)}
     */
    public String text() {
        return text;
    }

    /**
     * Returns the pattern's words as written, wildcards included.
     *
     * @return an unmodifiable list of one or more words
     */
    public List<String> words() {
        return words;
    }

    /**
     * Tells whether the pattern has no wildcard, so that it matches exactly one topic.
     *
     * @return true if no word is {@code *} or {@code #}
     */
    public boolean isLiteral() {
        for (String word : matchWords) {
            if (isWildcard(word)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether the pattern's only {@code #} is its last word, the form that
     * multi-word wildcards of distributed backends (such as a trailing {@code >}) express.
     *
     * @return true if there is exactly one {@code #} and it ends the pattern
     */
    public boolean hasOnlyTrailingAnyWords() {
        return anyWordsCount == 1 && Topics.ANY_WORDS.equals(matchWords[matchWords.length - 1]);
    }

    /**
     * Tells whether the pattern matches a topic. The topic is not checked: a text that is not
     * a valid topic gives an unspecified answer.
     *
     * @param topic a valid topic
     * @return true if the pattern matches it
     */
    public boolean matches(String topic) {
        return match(0, topic, 0);
    }

    String[] matchWords() {
        return matchWords;
    }

    int anyWordsCount() {
        return anyWordsCount;
    }

    /** Returns the pattern text. */
    @Override
    public String toString() {
        return text;
    }

    /** Patterns are equal when their texts are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TopicPattern pattern && pattern.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /**
     * Matches {@code matchWords[wordIndex..]} against the topic's words from {@code start}.
     * A {@code start} past the topic's length means no word is left.
     */
    private boolean match(int wordIndex, String topic, int start) {
        int length = topic.length();
        if (wordIndex == matchWords.length) {
            return start > length;
        }
        String word = matchWords[wordIndex];
        if (Topics.ANY_WORDS.equals(word)) {
            return matchAnyWords(wordIndex + 1, topic, start);
        }
        if (start > length) {
            return false;
        }
        int end = wordEnd(topic, start);
        boolean same = Topics.ONE_WORD.equals(word)
                || (word.length() == end - start && topic.startsWith(word, start));
        return same && match(wordIndex + 1, topic, end + 1);
    }

    private boolean matchAnyWords(int nextWordIndex, String topic, int start) {
        int at = start;
        while (true) {
            if (match(nextWordIndex, topic, at)) {
                return true;
            }
            if (at > topic.length()) {
                return false;
            }
            at = wordEnd(topic, at) + 1;
        }
    }

    private static int wordEnd(String topic, int start) {
        int end = topic.indexOf(Topics.SEPARATOR, start);
        return end < 0 ? topic.length() : end;
    }

    private static String[] fold(List<String> words) {
        List<String> folded = new ArrayList<>(words.size());
        for (String word : words) {
            boolean repeat = Topics.ANY_WORDS.equals(word) && !folded.isEmpty()
                    && Topics.ANY_WORDS.equals(folded.getLast());
            if (!repeat) {
                folded.add(word);
            }
        }
        return folded.toArray(String[]::new);
    }

    private static int countAnyWords(String[] words) {
        int count = 0;
        for (String word : words) {
            count += Topics.ANY_WORDS.equals(word) ? 1 : 0;
        }
        return count;
    }

    private static boolean isWildcard(String word) {
        return Topics.ONE_WORD.equals(word) || Topics.ANY_WORDS.equals(word);
    }
}

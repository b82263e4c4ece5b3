package dev.loopy.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "a.b.c", "orders.eu-west.created", "x_1.ÿ.日本", "a$b"})
    void validTopicsPass(String topic) {
        assertThat(Topics.checkTopic(topic)).isSameAs(topic);
        assertThat(Topics.isValidTopic(topic)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "*", "a.*", "a.#", "*.b.#", "a.#.b", "#.#"})
    void validPatternsPass(String pattern) {
        assertThat(Topics.checkPattern(pattern)).isSameAs(pattern);
        assertThat(Topics.isValidPattern(pattern)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a..b    | EMPTY_WORD        | 2",
        ".a      | EMPTY_WORD        | 0",
        "a.      | EMPTY_WORD        | 2",
        "a.*     | WILDCARD_IN_TOPIC | 2",
        "a.#     | WILDCARD_IN_TOPIC | 2",
        "a#      | WILDCARD_IN_TOPIC | 1",
        "'a b'   | RESERVED_CHARACTER | 1",
        "'a\tb'  | RESERVED_CHARACTER | 1",
        "a.>     | RESERVED_CHARACTER | 2",
        "$sys.x  | RESERVED_CHARACTER | 0",
    })
    void badTopicsNameTheArgumentAndTheRule(String topic, TopicRule rule, int index) {
        InvalidTopicException failure = catchThrowableOfType(InvalidTopicException.class,
                () -> Topics.checkTopic(topic));

        assertThat(failure.argument()).isEqualTo("topic");
        assertThat(failure.rule()).isEqualTo(rule);
        assertThat(failure.index()).isEqualTo(index);
        assertThat(failure.value()).isEqualTo(topic);
        assertThat(failure).hasMessageStartingWith("topic=\"" + topic + "\" (" + rule.label());
        assertThat(Topics.isValidTopic(topic)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a..b    | EMPTY_WORD         | 2",
        ".#      | EMPTY_WORD         | 0",
        "#.      | EMPTY_WORD         | 2",
        "#.#x    | PARTIAL_WILDCARD   | 2",
        "a#      | PARTIAL_WILDCARD   | 1",
        "a.*b    | PARTIAL_WILDCARD   | 2",
        "**      | PARTIAL_WILDCARD   | 0",
        "'a.\u2028' | RESERVED_CHARACTER | 2",
        "'a.\u0001' | RESERVED_CHARACTER | 2",
        "a.>     | RESERVED_CHARACTER | 2",
    })
    void badPatternsNameTheArgumentAndTheRule(String pattern, TopicRule rule, int index) {
        InvalidTopicException failure = catchThrowableOfType(InvalidTopicException.class,
                () -> Topics.checkPattern(pattern));

        assertThat(failure.argument()).isEqualTo("pattern");
        assertThat(failure.rule()).isEqualTo(rule);
        assertThat(failure.index()).isEqualTo(index);
        assertThat(Topics.isValidPattern(pattern)).isFalse();
    }

    @Test
    void emptyTextsBreakTheEmptyRule() {
        assertRule(Topics::checkTopic, "", TopicRule.EMPTY);
        assertRule(Topics::checkPattern, "", TopicRule.EMPTY);
        assertRule(Topics::checkGroup, "", TopicRule.EMPTY);
    }

    @Test
    void textsPastTheLengthLimitBreakTheTooLongRule() {
        String longest = "a".repeat(Topics.MAX_LENGTH);
        String tooLong = longest + "b";

        assertThat(Topics.isValidTopic(longest)).isTrue();
        assertRule(Topics::checkTopic, tooLong, TopicRule.TOO_LONG);
        assertRule(Topics::checkPattern, tooLong, TopicRule.TOO_LONG);
        assertRule(Topics::checkGroup, tooLong, TopicRule.TOO_LONG);
    }

    @Test
    void groupNamesFollowTheTopicRules() {
        assertThat(Topics.checkGroup("workers.eu")).isEqualTo("workers.eu");
        InvalidTopicException failure = catchThrowableOfType(InvalidTopicException.class,
                () -> Topics.checkGroup("work*"));

        assertThat(failure.argument()).isEqualTo("group");
        assertThat(failure.rule()).isEqualTo(TopicRule.WILDCARD_IN_TOPIC);
    }

    @Test
    void nullTextsAreRefusedWithTheArgumentName() {
        assertThatThrownBy(() -> Topics.checkTopic(null))
                .isInstanceOf(NullPointerException.class).hasMessage("topic");
        assertThatThrownBy(() -> Topics.checkPattern(null))
                .isInstanceOf(NullPointerException.class).hasMessage("pattern");
        assertThatThrownBy(() -> Topics.checkGroup(null))
                .isInstanceOf(NullPointerException.class).hasMessage("group");
        assertThat(Topics.isValidTopic(null)).isFalse();
        assertThat(Topics.isValidPattern(null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "logs.#         | logs                    | true",
        "logs.#         | logs.app.error.critical | true",
        "logs.#         | metrics.app             | false",
        "#              | anything.at.all         | true",
        "stock.*.price  | stock.AAPL.price        | true",
        "stock.*.price  | stock.price             | false",
        "stock.*.price  | stock.AAPL.NASDAQ.price | false",
        "*.weather.#    | us.weather              | true",
        "*.weather.#    | us.weather.today.rain   | true",
        "a.#.b          | a.b                     | true",
        "a.#.b          | a.x.y.b                 | true",
        "a.#.b          | a.x.y                   | false",
        "a.#.#.b        | a.b                     | true",
    })
    void patternsMatchLikeTopicExchanges(String pattern, String topic, boolean expected) {
        assertThat(Topics.matches(pattern, topic)).isEqualTo(expected);
        assertThat(TopicPattern.parse(pattern).matches(topic)).isEqualTo(expected);
    }

    @Test
    void aParsedPatternTellsWhatABrokerCanExpress() {
        assertThat(TopicPattern.parse("a.b").isLiteral()).isTrue();
        assertThat(TopicPattern.parse("a.*").isLiteral()).isFalse();
        assertThat(TopicPattern.parse("a.*.#").hasOnlyTrailingAnyWords()).isTrue();
        assertThat(TopicPattern.parse("a.#.b").hasOnlyTrailingAnyWords()).isFalse();
        assertThat(TopicPattern.parse("a.#.b").words()).containsExactly("a", "#", "b");
    }

    @Test
    void everyEnumHasADistinctLowerCaseLabel() {
        List<Class<? extends Enum<?>>> enums = List.of(AckMode.class, DeliveryMode.class,
                OverflowPolicy.class, GroupBalance.class, PublishOutcome.class,
                TopicRule.class, DeadLetterReason.class);
        for (Class<? extends Enum<?>> type : enums) {
            Set<String> labels = new HashSet<>();
            for (Enum<?> constant : type.getEnumConstants()) {
                String label = label(constant);
                assertThat(label).isEqualTo(constant.name().toLowerCase());
                labels.add(label);
            }
            assertThat(labels).hasSize(type.getEnumConstants().length);
        }
    }

    private static String label(Enum<?> constant) {
        try {
            return (String) constant.getClass().getMethod("label").invoke(constant);
        } catch (ReflectiveOperationException missing) {
            throw new AssertionError(constant.getClass() + " has no label()", missing);
        }
    }

    private static void assertRule(Function<String, String> check, String text,
            TopicRule rule) {
        InvalidTopicException failure = catchThrowableOfType(InvalidTopicException.class,
                () -> check.apply(text));
        assertThat(failure.rule()).as(Arrays.toString(new String[] {text})).isEqualTo(rule);
    }
}

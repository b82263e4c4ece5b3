package dev.loopy.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class TopicMatchingProperties {
    @Property(tries = 2000)
    void aParsedPatternMatchesExactlyWhatTheReferenceMatches(
            @ForAll("patterns") String pattern, @ForAll("topics") String topic) {
        boolean expected = reference(words(pattern), words(topic));

        assertThat(TopicPattern.parse(pattern).matches(topic)).isEqualTo(expected);
        assertThat(Topics.matches(pattern, topic)).isEqualTo(expected);
    }

    @Property(tries = 400)
    void theHubDeliversToExactlyTheSubscriptionsTheReferenceMatches(
            @ForAll @Size(min = 1, max = 10) List<@From("patterns") String> patterns,
            @ForAll @Size(min = 1, max = 6) List<@From("topics") String> topics,
            @ForAll boolean cached) {
        HubOptions options = HubOptions.builder().routeCacheSize(cached ? 16 : 0).build();
        try (PubSub hub = PubSub.embedded(options)) {
            AtomicIntegerArray received = new AtomicIntegerArray(patterns.size());
            List<Subscription> subscriptions = new ArrayList<>();
            for (int i = 0; i < patterns.size(); i++) {
                int index = i;
                subscriptions.add(hub.subscribe(patterns.get(i),
                        message -> received.incrementAndGet(index)));
            }
            checkRoutes(hub, patterns, topics, received, new boolean[patterns.size()]);

            boolean[] closed = new boolean[patterns.size()];
            for (int i = 0; i < patterns.size(); i += 2) {
                subscriptions.get(i).close();
                closed[i] = true;
            }
            checkRoutes(hub, patterns, topics, received, closed);
        }
    }

    private static void checkRoutes(PubSub hub, List<String> patterns, List<String> topics,
            AtomicIntegerArray received, boolean[] closed) {
        for (String topic : topics) {
            for (int repeat = 0; repeat < 2; repeat++) {
                int[] before = snapshot(received);
                PublishResult result = hub.publish(topic, "m");

                int expected = 0;
                for (int i = 0; i < patterns.size(); i++) {
                    boolean match = !closed[i]
                            && reference(words(patterns.get(i)), words(topic));
                    expected += match ? 1 : 0;
                    assertThat(received.get(i) - before[i])
                            .as("pattern %s, topic %s", patterns.get(i), topic)
                            .isEqualTo(match ? 1 : 0);
                }
                assertThat(result.delivered()).isEqualTo(expected);
                assertThat(hub.matchCount(topic)).isEqualTo(expected);
            }
        }
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.of("a", "b", "c", "*", "#").list().ofMinSize(1).ofMaxSize(5)
                .map(words -> String.join(".", words));
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of("a", "b", "c").list().ofMinSize(1).ofMaxSize(6)
                .map(words -> String.join(".", words));
    }

    /** The plain recursive definition of topic-exchange matching, on word lists. */
    static boolean reference(List<String> pattern, List<String> topic) {
        if (pattern.isEmpty()) {
            return topic.isEmpty();
        }
        String head = pattern.getFirst();
        List<String> patternRest = pattern.subList(1, pattern.size());
        if (head.equals("#")) {
            return reference(patternRest, topic)
                    || (!topic.isEmpty()
                            && reference(pattern, topic.subList(1, topic.size())));
        }
        if (topic.isEmpty()) {
            return false;
        }
        boolean same = head.equals("*") || head.equals(topic.getFirst());
        return same && reference(patternRest, topic.subList(1, topic.size()));
    }

    private static List<String> words(String text) {
        return Arrays.asList(text.split("\\.", -1));
    }

    private static int[] snapshot(AtomicIntegerArray counts) {
        int[] copy = new int[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }
}

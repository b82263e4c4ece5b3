package dev.loopy.internal.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Properties of the epoll backend's user-space completions, on a clock the test chooses. */
class UserSpaceCompletionsPropertiesTest {
    @Property
    void everyOperationCompletesOnceWithTheExpiredInDeadlineOrder(
            @ForAll @Size(max = 60) List<@LongRange(min = -1_000, max = 1_000) Long> deadlines,
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 59) Integer> cancels) {
        UserSpaceCompletions completions = new UserSpaceCompletions();
        for (int token = 0; token < deadlines.size(); token++) {
            completions.submitTimeout(token, deadlines.get(token));
        }
        List<Long> cancelled = new ArrayList<>();
        for (int token : cancels) {
            if (completions.cancel(token)) {
                cancelled.add((long) token);
            }
        }

        ReadyEvents out = new ReadyEvents();
        completions.reap(Long.MAX_VALUE / 2, out);

        List<Long> tokens = IntStream.range(0, out.completionCount())
                .mapToObj(out::token).toList();
        List<Long> expired = tokens.subList(cancelled.size(), tokens.size());
        assertThat(tokens).doesNotHaveDuplicates().hasSize(deadlines.size());
        assertThat(tokens.subList(0, cancelled.size())).isEqualTo(cancelled);
        assertThat(expired).isSortedAccordingTo(
                Comparator.comparing(token -> deadlines.get(token.intValue())));
        assertThat(completions.pendingCount()).isZero();
    }

    @Property
    void aReapTakesExactlyTheTimeoutsWhoseDeadlineHasCome(
            @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 1_000) Long> deadlines,
            @ForAll @LongRange(min = -10, max = 1_010) long nowNs) {
        UserSpaceCompletions completions = new UserSpaceCompletions();
        for (int token = 0; token < deadlines.size(); token++) {
            completions.submitTimeout(token, deadlines.get(token));
        }

        ReadyEvents out = new ReadyEvents();
        completions.reap(nowNs, out);

        long due = deadlines.stream().filter(deadline -> deadline <= nowNs).count();
        assertThat(out.completionCount()).isEqualTo(due);
        IntStream.range(0, out.completionCount()).forEach(i -> {
            assertThat(deadlines.get((int) out.token(i))).isLessThanOrEqualTo(nowNs);
            assertThat(out.result(i)).isEqualTo(IoBackend.TIMEOUT_EXPIRED);
        });
        assertThat(completions.pendingCount()).isEqualTo(deadlines.size() - due);
    }

    @Property
    void aPollNeverWaitsPastTheEarliestDeadlineNorPastItsOwnTimeout(
            @ForAll @Size(min = 1, max = 20) List<@LongRange(min = 0, max = 1_000) Long> deadlines,
            @ForAll @LongRange(min = -1, max = 2_000) long timeoutNs,
            @ForAll @LongRange(min = 0, max = 1_000) long nowNs) {
        UserSpaceCompletions completions = new UserSpaceCompletions();
        deadlines.forEach(deadline -> completions.submitTimeout(0, deadline));

        long waitNs = completions.waitNs(timeoutNs, nowNs);

        long untilEarliest = Math.max(0, deadlines.stream().min(Long::compare).orElseThrow()
                - nowNs);
        long expected = timeoutNs == IoBackend.NO_TIMEOUT ? untilEarliest
                : Math.min(timeoutNs, untilEarliest);
        assertThat(waitNs).isEqualTo(expected);
    }

    @Property
    void aFinishedOperationMakesThePollReturnAtOnce(
            @ForAll @LongRange(min = -1, max = 2_000) long timeoutNs,
            @ForAll long token) {
        UserSpaceCompletions completions = new UserSpaceCompletions();
        completions.submitTimeout(1, Long.MAX_VALUE / 4);
        completions.submitNop(token & IoBackend.MAX_TOKEN);

        assertThat(completions.waitNs(timeoutNs, 0)).isZero();
    }
}

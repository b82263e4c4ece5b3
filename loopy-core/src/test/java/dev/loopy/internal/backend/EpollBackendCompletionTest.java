package dev.loopy.internal.backend;

import static dev.loopy.internal.backend.EpollFixture.pollNow;
import static dev.loopy.internal.backend.IoBackend.CANCELLED;
import static dev.loopy.internal.backend.IoBackend.NO_TIMEOUT;
import static dev.loopy.internal.backend.IoBackend.TIMEOUT_EXPIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loopy.internal.linux.Epoll;
import dev.loopy.internal.linux.NoDescriptorLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(NoDescriptorLeaks.class)
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EpollBackendCompletionTest {
    private static final long SHORT_NS = Duration.ofMillis(2).toNanos();
    private static final long LONG_NS = Duration.ofMinutes(10).toNanos();
    private static final long SUB_MILLISECOND_NS = Duration.ofNanos(300_000).toNanos();
    private static final int REPEATS = 20;
    private static final int MANY = 32;
    private static final long SPACING_NS = Duration.ofMillis(1).toNanos();

    private final ReadyEvents events = new ReadyEvents();
    private EpollBackend backend = EpollBackend.open(16);

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void aNopCompletesWithZeroOnTheNextPollWithoutWaiting() {
        backend.submitNop(7);

        int count = backend.poll(NO_TIMEOUT, events);

        assertThat(count).isEqualTo(1);
        assertThat(completions()).containsExactly("7=0");
    }

    @Test
    void aCompletionIsReapedOnce() {
        backend.submitNop(7);
        backend.poll(NO_TIMEOUT, events);

        assertThat(pollNow(backend, events)).isZero();
    }

    @Test
    void nopsCompleteInTheOrderTheyWereSubmitted() {
        backend.submitNop(3);
        backend.submitNop(1);
        backend.submitNop(2);

        backend.poll(NO_TIMEOUT, events);

        assertThat(completions()).containsExactly("3=0", "1=0", "2=0");
    }

    @Test
    void aTimeoutCompletesWithTimeoutExpiredNoEarlierThanItsDelay() {
        long startNs = System.nanoTime();
        backend.submitTimeout(9, SHORT_NS);

        List<String> reaped = pollUntilCompletions(1);

        assertThat(reaped).containsExactly("9=" + TIMEOUT_EXPIRED);
        assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(SHORT_NS);
    }

    @Test
    void aPendingTimeoutShortensAnUnlimitedPoll() {
        backend.submitTimeout(1, SHORT_NS);

        int count = backend.poll(NO_TIMEOUT, events);

        assertThat(count).isEqualTo(1);
        assertThat(completions()).containsExactly("1=" + TIMEOUT_EXPIRED);
    }

    @Test
    void aPollReapsOnlyTheTimeoutsThatExpired() {
        backend.submitTimeout(2, LONG_NS);
        backend.submitTimeout(1, SHORT_NS);

        backend.poll(NO_TIMEOUT, events);

        assertThat(completions()).containsExactly("1=" + TIMEOUT_EXPIRED);
    }

    @Test
    void timeoutsCompleteInTheOrderOfTheirDeadlines() {
        backend.submitTimeout(30, 3 * SHORT_NS);
        backend.submitTimeout(10, SHORT_NS);
        backend.submitTimeout(20, 2 * SHORT_NS);
        backend.submitTimeout(0, 0);

        List<String> reaped = pollUntilCompletions(4);

        assertThat(reaped).containsExactly("0=" + TIMEOUT_EXPIRED, "10=" + TIMEOUT_EXPIRED,
                "20=" + TIMEOUT_EXPIRED, "30=" + TIMEOUT_EXPIRED);
    }

    @Test
    void aCancelledTimeoutCompletesWithCancelledOnTheNextPollWithoutWaiting() {
        backend.submitTimeout(5, LONG_NS);

        boolean cancelled = backend.cancel(5);
        backend.poll(NO_TIMEOUT, events);

        assertThat(cancelled).isTrue();
        assertThat(completions()).containsExactly("5=" + CANCELLED);
    }

    @Test
    void aCancelledTimeoutDoesNotExpireLater() {
        backend.submitTimeout(5, SHORT_NS);
        backend.submitTimeout(6, 2 * SHORT_NS);
        backend.cancel(5);

        List<String> reaped = pollUntilCompletions(2);

        assertThat(reaped).containsExactly("5=" + CANCELLED, "6=" + TIMEOUT_EXPIRED);
    }

    @Test
    void aNopCancelledBeforeItIsReapedCompletesWithCancelled() {
        backend.submitNop(4);

        boolean cancelled = backend.cancel(4);
        backend.poll(NO_TIMEOUT, events);

        assertThat(cancelled).isTrue();
        assertThat(completions()).containsExactly("4=" + CANCELLED);
    }

    @Test
    void cancellingTwiceFindsNothingTheSecondTime() {
        backend.submitTimeout(5, LONG_NS);
        backend.cancel(5);

        assertThat(backend.cancel(5)).isFalse();
    }

    @Test
    void cancellingAnUnknownTokenFindsNothing() {
        assertThat(backend.cancel(12345)).isFalse();
    }

    @Test
    void cancellingAReapedOperationFindsNothing() {
        backend.submitNop(8);
        backend.poll(NO_TIMEOUT, events);

        assertThat(backend.cancel(8)).isFalse();
    }

    @Test
    void cancellingSomeOfManyTimeoutsKeepsTheOthersInDeadlineOrder() {
        // Submitted latest deadline first; the spacing dwarfs the time between submissions.
        for (int token = 0; token < MANY; token++) {
            backend.submitTimeout(token, (MANY - token) * SPACING_NS);
        }
        for (int token = 0; token < MANY; token += 3) {
            backend.cancel(token);
        }

        List<String> reaped = pollUntilCompletions(MANY);

        List<String> expected = new ArrayList<>();
        for (int token = 0; token < MANY; token += 3) {
            expected.add(token + "=" + CANCELLED);
        }
        for (int token = MANY - 1; token >= 0; token--) {
            if (token % 3 != 0) {
                expected.add(token + "=" + TIMEOUT_EXPIRED);
            }
        }
        assertThat(reaped).isEqualTo(expected);
    }

    @ParameterizedTest(name = "nanoTimeouts={0}")
    @ValueSource(booleans = {true, false})
    void aSubMillisecondPollTimeoutIsHonouredWithoutReturningEarly(boolean nanoTimeouts) {
        useBackend(nanoTimeouts);
        for (int i = 0; i < REPEATS; i++) {
            long startNs = System.nanoTime();

            int count = backend.poll(SUB_MILLISECOND_NS, events);

            assertThat(count).isZero();
            assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(SUB_MILLISECOND_NS);
        }
    }

    @ParameterizedTest(name = "nanoTimeouts={0}")
    @ValueSource(booleans = {true, false})
    void aSubMillisecondTimeoutCompletesNoEarlierThanItsDelay(boolean nanoTimeouts) {
        useBackend(nanoTimeouts);
        for (int i = 0; i < REPEATS; i++) {
            long startNs = System.nanoTime();
            backend.submitTimeout(i, SUB_MILLISECOND_NS);

            List<String> reaped = pollUntilCompletions(1);

            assertThat(reaped).containsExactly(i + "=" + TIMEOUT_EXPIRED);
            assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(SUB_MILLISECOND_NS);
        }
    }

    @ParameterizedTest(name = "nanoTimeouts={0}")
    @ValueSource(booleans = {true, false})
    void aSubMillisecondTimeoutIsReapedWithinFewPolls(boolean nanoTimeouts) {
        useBackend(nanoTimeouts);
        backend.submitTimeout(1, SUB_MILLISECOND_NS);
        long before = backend.syscalls();

        pollUntilCompletions(1);

        assertThat(backend.syscalls() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void aTokenOutsideItsRangeIsRejected() {
        assertThatThrownBy(() -> backend.submitNop(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token=-1");
        assertThatThrownBy(() -> backend.submitTimeout(IoBackend.MAX_TOKEN + 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token=" + (IoBackend.MAX_TOKEN + 1));
    }

    @Test
    void aNegativeTimeoutIsRejected() {
        assertThatThrownBy(() -> backend.submitTimeout(1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeoutNs=-1 (expected >= 0)");
    }

    @Test
    void aNegativePollTimeoutOtherThanNoTimeoutIsRejected() {
        assertThatThrownBy(() -> backend.poll(-2, events))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeoutNs=-2");
    }

    @Test
    void aTimeoutOfCenturiesIsKeptPendingAndCanBeCancelled() {
        backend.submitTimeout(1, Long.MAX_VALUE);

        int count = pollNow(backend, events);

        assertThat(count).isZero();
        assertThat(backend.cancel(1)).isTrue();
    }

    private void useBackend(boolean nanoTimeouts) {
        assumeTrue(!nanoTimeouts || Epoll.hasPwait2(), "kernel without epoll_pwait2");
        backend.close();
        backend = EpollBackend.open(16, nanoTimeouts);
    }

    private List<String> pollUntilCompletions(int wanted) {
        List<String> reaped = new ArrayList<>();
        while (reaped.size() < wanted) {
            events.clear();
            backend.poll(NO_TIMEOUT, events);
            reaped.addAll(completions());
        }
        return reaped;
    }

    private List<String> completions() {
        List<String> reaped = new ArrayList<>();
        for (int i = 0; i < events.completionCount(); i++) {
            reaped.add(events.token(i) + "=" + events.result(i));
        }
        return reaped;
    }
}

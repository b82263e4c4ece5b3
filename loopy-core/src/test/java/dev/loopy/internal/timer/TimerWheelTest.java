package dev.loopy.internal.timer;

import static dev.loopy.internal.timer.TimerWheel.DEFAULT_TICK_NS;
import static dev.loopy.internal.timer.TimerWheel.NO_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimerWheelTest {
    private static final long START_NS = 1_000_000_000L;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long DAY = TimeUnit.DAYS.toNanos(1);

    private final TimerWheel wheel = new TimerWheel(START_NS, DEFAULT_TICK_NS, 16);
    private final Recorder fired = new Recorder();

    @Test
    void aTimerFiresOnceTheClockReachesItsDeadlineAndNotBefore() {
        long id = wheel.schedule(START_NS + 5 * MS + 3, "owner");

        assertThat(wheel.expire(START_NS + 5 * MS + 2, fired)).isZero();
        assertThat(wheel.isPending(id)).isTrue();
        assertThat(wheel.expire(START_NS + 5 * MS + 3, fired)).isEqualTo(1);

        assertThat(fired.ids).containsExactly(id);
        assertThat(fired.owners).containsExactly("owner");
        assertThat(wheel.isPending(id)).isFalse();
        assertThat(wheel.expire(START_NS + HOUR, fired)).isZero();
    }

    @Test
    void aDeadlineInThePastIsDueAtTheNextExpire() {
        wheel.expire(START_NS + 10 * MS, fired);
        long id = wheel.schedule(START_NS - DAY, null);

        assertThat(wheel.nextDeadlineNs()).isLessThanOrEqualTo(START_NS - DAY);
        assertThat(wheel.expire(START_NS + 10 * MS, fired)).isEqualTo(1);
        assertThat(fired.ids).containsExactly(id);
    }

    @Test
    void idsAreNeverZeroAndNameTheirTimer() {
        long first = wheel.schedule(START_NS + MS, null);
        long second = wheel.schedule(START_NS + 2 * MS, null);

        assertThat(first).isNotZero().isNotEqualTo(second);
        assertThat(wheel.deadlineOf(first)).isEqualTo(START_NS + MS);
        assertThat(wheel.deadlineOf(second)).isEqualTo(START_NS + 2 * MS);
        assertThat(wheel.size()).isEqualTo(2);
    }

    @Test
    void cancelIsTrueOnlyForAPendingTimer() {
        long cancelled = wheel.schedule(START_NS + MS, null);
        long expired = wheel.schedule(START_NS + MS, null);
        assertThat(wheel.cancel(cancelled)).isTrue();
        wheel.expire(START_NS + MS, fired);

        assertThat(wheel.cancel(cancelled)).isFalse();
        assertThat(wheel.cancel(expired)).isFalse();
        assertThat(wheel.cancel(0)).isFalse();
        assertThat(wheel.cancel(-1)).isFalse();
        assertThat(wheel.cancel(Long.MAX_VALUE)).isFalse();
        assertThat(wheel.deadlineOf(cancelled)).isEqualTo(NO_DEADLINE);
        assertThat(fired.ids).containsExactly(expired);
    }

    @Test
    void aStaleIdIsRejectedAfterItsEntryIsReused() {
        TimerWheel small = new TimerWheel(START_NS, DEFAULT_TICK_NS, 1);
        long stale = small.schedule(START_NS + MS, "old");
        small.cancel(stale);
        long fresh = small.schedule(START_NS + 2 * MS, "new");

        assertThat((int) fresh).isEqualTo((int) stale);
        assertThat(small.isPending(stale)).isFalse();
        assertThat(small.cancel(stale)).isFalse();
        assertThat(small.deadlineOf(stale)).isEqualTo(NO_DEADLINE);
        assertThat(small.isPending(fresh)).isTrue();
    }

    @Test
    void aHundredThousandTimersCanBeScheduledAndCancelled() {
        Random random = new Random(42);
        long[] ids = new long[100_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = wheel.schedule(START_NS + random.nextLong(40 * DAY), null);
        }
        assertThat(wheel.size()).isEqualTo(ids.length);

        for (long id : ids) {
            assertThat(wheel.cancel(id)).isTrue();
        }
        assertThat(wheel.size()).isZero();
        assertThat(wheel.nextDeadlineNs()).isEqualTo(NO_DEADLINE);
        assertThat(wheel.expire(START_NS + 60 * DAY, fired)).isZero();
    }

    @Test
    void capacityDoublesOnlyWhenLiveTimersExceedIt() {
        TimerWheel small = new TimerWheel(START_NS, DEFAULT_TICK_NS, 4);
        for (int round = 0; round < 10; round++) {
            long[] ids = new long[4];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = small.schedule(START_NS + i, null);
            }
            for (long id : ids) {
                small.cancel(id);
            }
        }
        assertThat(small.capacity()).isEqualTo(4);

        for (int i = 0; i < 5; i++) {
            small.schedule(START_NS + i, null);
        }
        assertThat(small.capacity()).isEqualTo(8);
    }

    @Test
    void aTimerSixtyDaysAheadWaitsInTheOverflowAndFiresOnTime() {
        long deadlineNs = START_NS + 60 * DAY;
        long id = wheel.schedule(deadlineNs, "far");
        assertThat(wheel.nextDeadlineNs()).isEqualTo(deadlineNs);

        for (long nowNs = START_NS; nowNs < deadlineNs; nowNs += DAY / 3) {
            assertThat(wheel.expire(nowNs, fired)).isZero();
            assertThat(wheel.nextDeadlineNs()).isLessThanOrEqualTo(deadlineNs);
        }
        assertThat(wheel.expire(deadlineNs - 1, fired)).isZero();
        assertThat(wheel.isPending(id)).isTrue();
        assertThat(wheel.expire(deadlineNs, fired)).isEqualTo(1);
        assertThat(fired.owners).containsExactly("far");
    }

    @Test
    void aTimerFarBeyondTheTopLevelFiresInOneLongJump() {
        long near = wheel.schedule(START_NS + HOUR, 1);
        long far = wheel.schedule(START_NS + 90 * DAY, 2);
        long farther = wheel.schedule(START_NS + 400 * DAY, 3);

        assertThat(wheel.expire(START_NS + 100 * DAY, fired)).isEqualTo(2);

        assertThat(fired.ids).containsExactly(near, far);
        assertThat(wheel.nextDeadlineNs()).isEqualTo(START_NS + 400 * DAY);
        assertThat(wheel.expire(START_NS + 400 * DAY, fired)).isEqualTo(1);
        assertThat(fired.ids).endsWith(farther);
    }

    @Test
    void aJumpOfYearsWalksTimersAndLevelsNotTheTicksSkipped() {
        TimerWheel fine = new TimerWheel(START_NS, 1, 4);
        for (int i = 1; i <= 3; i++) {
            fine.schedule(START_NS + i * 365 * DAY, i);
        }

        // 3 * 10^16 ticks of 1 ns: one call per tick would never end.
        assertThat(fine.expire(START_NS + 3 * 365 * DAY, fired)).isEqualTo(3);
        assertThat(fired.owners).containsExactly(1, 2, 3);
    }

    @Test
    void aCancelledOverflowTimerNoLongerHoldsTheNextDeadline() {
        long first = wheel.schedule(START_NS + 60 * DAY, null);
        wheel.schedule(START_NS + 70 * DAY, null);
        assertThat(wheel.nextDeadlineNs()).isEqualTo(START_NS + 60 * DAY);

        wheel.cancel(first);

        assertThat(wheel.nextDeadlineNs()).isEqualTo(START_NS + 70 * DAY);
    }

    @Test
    void aTimerScheduledDuringExpireFiresOnTheNextCallEvenIfAlreadyDue() {
        long[] scheduled = new long[1];
        wheel.schedule(START_NS + MS, "first");
        TimerWheel.ExpiryHandler scheduling = (id, owner) -> {
            fired.onExpiry(id, owner);
            scheduled[0] = wheel.schedule(START_NS, "zero delay");
        };

        assertThat(wheel.expire(START_NS + MS, scheduling)).isEqualTo(1);
        assertThat(wheel.isPending(scheduled[0])).isTrue();
        assertThat(wheel.nextDeadlineNs()).isLessThanOrEqualTo(START_NS);
        assertThat(wheel.expire(START_NS + MS, fired)).isEqualTo(1);

        assertThat(fired.owners).containsExactly("first", "zero delay");
    }

    @Test
    void theNextDeadlineSeenFromTheHandlerIncludesTimersItScheduled() {
        long[] seen = new long[1];
        wheel.schedule(START_NS + MS, null);
        wheel.schedule(START_NS + HOUR, null);

        wheel.expire(START_NS + MS, (id, owner) -> {
            wheel.schedule(START_NS + 2 * MS, null);
            seen[0] = wheel.nextDeadlineNs();
        });

        assertThat(seen[0]).isEqualTo(START_NS + 2 * MS);
        assertThat(wheel.nextDeadlineNs()).isLessThanOrEqualTo(START_NS + 2 * MS)
                .isGreaterThan(START_NS + 2 * MS - (DEFAULT_TICK_NS << 6));
    }

    @Test
    void aTimerCancelledDuringExpireBeforeItIsReachedDoesNotFire() {
        long sameTick = wheel.schedule(START_NS + MS, "same tick");
        long laterTick = wheel.schedule(START_NS + 3 * MS, "later tick");
        long first = wheel.schedule(START_NS + MS, "first");
        wheel.cancel(sameTick);
        long victim = wheel.schedule(START_NS + MS, "victim");
        TimerWheel.ExpiryHandler cancelling = (id, owner) -> {
            fired.onExpiry(id, owner);
            if (id == first) {
                assertThat(wheel.cancel(victim)).isTrue();
                assertThat(wheel.cancel(laterTick)).isTrue();
            }
        };

        assertThat(wheel.expire(START_NS + HOUR, cancelling)).isEqualTo(1);
        assertThat(fired.owners).containsExactly("first");
        assertThat(wheel.size()).isZero();
    }

    @Test
    void expireFromInsideTheHandlerIsRefused() {
        wheel.schedule(START_NS, null);
        List<Throwable> refusals = new ArrayList<>();

        wheel.expire(START_NS, (id, owner) -> {
            try {
                wheel.expire(START_NS + 1, fired);
            } catch (IllegalStateException e) {
                refusals.add(e);
            }
        });

        assertThat(refusals).singleElement().extracting(Throwable::getMessage)
                .asString().startsWith("expire called from onExpiry");
    }

    @Test
    void aThrowingHandlerLeavesTheOtherDueTimersPending() {
        long thrower = wheel.schedule(START_NS + MS, null);
        long sameTick = wheel.schedule(START_NS + MS, null);
        long laterTick = wheel.schedule(START_NS + 2 * MS, null);
        long notDue = wheel.schedule(START_NS + HOUR, null);

        assertThatThrownBy(() -> wheel.expire(START_NS + 3 * MS, (id, owner) -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(wheel.isPending(thrower)).isFalse();
        assertThat(wheel.size()).isEqualTo(3);
        assertThat(wheel.expire(START_NS + 3 * MS, fired)).isEqualTo(2);
        assertThat(fired.ids).containsExactly(sameTick, laterTick);
        assertThat(wheel.isPending(notDue)).isTrue();
    }

    @Test
    void timersOfDistinctTicksFireInDeadlineOrderAcrossALongJump() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            long deadlineNs = START_NS + random.nextLong(45 * DAY);
            wheel.schedule(deadlineNs, deadlineNs);
        }

        assertThat(wheel.expire(START_NS + 45 * DAY, fired)).isEqualTo(5_000);

        List<Long> ticks = fired.owners.stream()
                .map(deadline -> ((Long) deadline - START_NS) / DEFAULT_TICK_NS).toList();
        assertThat(ticks).isSorted();
    }

    @Test
    void theNextDeadlineIsExactForATimerInTheCurrentTickWindow() {
        wheel.schedule(START_NS + 40 * DEFAULT_TICK_NS + 17, null);
        wheel.schedule(START_NS + 40 * DEFAULT_TICK_NS + 5, null);

        assertThat(wheel.nextDeadlineNs()).isEqualTo(START_NS + 40 * DEFAULT_TICK_NS + 5);
    }

    @Test
    void theNextDeadlineOfAFarTimerIsEarlyByLessThanOneTickOfItsLevel() {
        long deadlineNs = START_NS + 10 * HOUR + 12_345;
        wheel.schedule(deadlineNs, null);
        long levelTickNs = DEFAULT_TICK_NS << (6 * 5);

        long nextNs = wheel.nextDeadlineNs();

        assertThat(nextNs).isLessThanOrEqualTo(deadlineNs).isGreaterThan(START_NS);
        assertThat(deadlineNs - nextNs).isLessThan(levelTickNs);
    }

    @Test
    void theNextDeadlineIsLaterThanNowWhenNothingIsDue() {
        long deadlineNs = START_NS + 3 * MS + 1;
        wheel.schedule(deadlineNs, null);

        wheel.expire(START_NS + 3 * MS, fired);

        assertThat(wheel.nextDeadlineNs()).isEqualTo(deadlineNs);
    }

    @Test
    void anEmptyWheelHasNoDeadline() {
        assertThat(wheel.nextDeadlineNs()).isEqualTo(NO_DEADLINE);
        long id = wheel.schedule(START_NS + MS, null);
        wheel.cancel(id);
        assertThat(wheel.nextDeadlineNs()).isEqualTo(NO_DEADLINE);
        assertThat(wheel.size()).isZero();
    }

    @Test
    void aTickThatIsNotAPowerOfTwoKeepsFiringExact() {
        TimerWheel decimal = new TimerWheel(START_NS, 1_000, 8);
        long id = decimal.schedule(START_NS + 2_999, null);

        assertThat(decimal.expire(START_NS + 2_998, fired)).isZero();
        assertThat(decimal.expire(START_NS + 2_999, fired)).isEqualTo(1);
        assertThat(fired.ids).containsExactly(id);
    }

    @Test
    void deadlinesAtTheEndsOfTheClockRangeDoNotOverflow() {
        TimerWheel late = new TimerWheel(Long.MAX_VALUE - 10 * DAY, DEFAULT_TICK_NS, 4);
        long last = late.schedule(Long.MAX_VALUE - 1, null);
        TimerWheel early = new TimerWheel(Long.MIN_VALUE + 1, DEFAULT_TICK_NS, 4);
        long first = early.schedule(Long.MIN_VALUE, null);

        assertThat(late.expire(Long.MAX_VALUE - 2, fired)).isZero();
        assertThat(late.expire(Long.MAX_VALUE - 1, fired)).isEqualTo(1);
        assertThat(early.expire(Long.MIN_VALUE + 1, fired)).isEqualTo(1);
        assertThat(fired.ids).containsExactly(last, first);
    }

    @Test
    void badArgumentsAreRefusedWithTheirRule() {
        assertThatThrownBy(() -> new TimerWheel(0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tickNs=0 (expected > 0)");
        assertThatThrownBy(() -> new TimerWheel(0, DEFAULT_TICK_NS, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialCapacity=0 (expected > 0 and <= 268435456)");
        assertThatThrownBy(() -> wheel.expire(START_NS, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("handler");
    }

    @Test
    void scheduleCancelAndExpireAllocateNothingOnceTheArraysAreLargeEnough() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = new long[1_000];
        TimerWheel.ExpiryHandler ignore = (id, owner) -> { };
        churn(ids, ignore, 0);

        long before = threads.getCurrentThreadAllocatedBytes();
        churn(ids, ignore, 1);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).isLessThan(1_024);
    }

    private void churn(long[] ids, TimerWheel.ExpiryHandler handler, int round) {
        long baseNs = START_NS + round * 1_000 * DAY;
        for (int pass = 0; pass < 200; pass++) {
            long nowNs = baseNs + pass * HOUR;
            for (int i = 0; i < ids.length; i++) {
                ids[i] = wheel.schedule(nowNs + (i * 7_919L) % (2 * HOUR), null);
            }
            for (int i = 0; i < ids.length; i += 2) {
                wheel.cancel(ids[i]);
            }
            wheel.expire(nowNs + HOUR, handler);
            wheel.nextDeadlineNs();
        }
        wheel.expire(baseNs + 300 * HOUR, handler);
    }

    /** Records what the wheel fires, in order. */
    private static final class Recorder implements TimerWheel.ExpiryHandler {
        final List<Long> ids = new ArrayList<>();
        final List<Object> owners = new ArrayList<>();

        @Override
        public void onExpiry(long timerId, Object owner) {
            ids.add(timerId);
            owners.add(owner);
        }
    }
}

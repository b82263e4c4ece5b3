package dev.loopy.internal.timer;

import static dev.loopy.internal.timer.TimerWheel.NO_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Random schedule, cancel and advance sequences, checked against a sorted map of
 * deadlines: exactly the due timers fire, none early, and each in tick order.
 */
class TimerWheelPropertiesTest {
    private static final long DAY = TimeUnit.DAYS.toNanos(1);

    @Property(tries = 300)
    void theWheelFiresExactlyWhatASortedModelSaysIsDue(
            @ForAll("ticks") long tickNs,
            @ForAll("starts") long startNs,
            @ForAll @Size(max = 120) List<@From("steps") Step> steps) {
        Model model = new Model(new TimerWheel(startNs, tickNs, 4), startNs, tickNs);
        for (Step step : steps) {
            model.apply(step);
            model.checkNextDeadline();
        }
        model.apply(new Step(Kind.ADVANCE, 400 * DAY, 0));
        model.reentering = false;
        model.apply(new Step(Kind.ADVANCE, DAY, 0));
        assertThat(model.wheel.size()).isZero();
        assertThat(model.wheel.nextDeadlineNs()).isEqualTo(NO_DEADLINE);
    }

    @Provide
    Arbitrary<Long> ticks() {
        return Arbitraries.of(1L, 7L, 1_000L, 1_024L, 1L << 20);
    }

    @Provide
    Arbitrary<Long> starts() {
        return Arbitraries.oneOf(Arbitraries.of(0L, -(1L << 61), 1L << 61),
                Arbitraries.longs().between(-(1L << 60), 1L << 60));
    }

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<Long> amounts = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(-5_000, 5_000)),
                Tuple.of(3, Arbitraries.longs().between(0, 5_000_000)),
                Tuple.of(2, Arbitraries.longs().between(0, 3_600_000_000_000L)),
                Tuple.of(1, Arbitraries.longs().between(0, 90 * DAY)));
        return Combinators.combine(Arbitraries.of(Kind.class), amounts,
                Arbitraries.integers().between(0, 1_000)).as(Step::new);
    }

    enum Kind { SCHEDULE, SCHEDULE_MANY, CANCEL, CANCEL_STALE, ADVANCE }

    record Step(Kind kind, long amount, int pick) {
    }

    /** The wheel beside a map of pending ids to deadlines. */
    private static final class Model implements TimerWheel.ExpiryHandler {
        final TimerWheel wheel;
        final long startNs;
        final long tickNs;
        final Map<Long, Long> pending = new HashMap<>();
        final TreeMap<Long, Integer> deadlines = new TreeMap<>();
        final List<Long> ids = new ArrayList<>();
        final List<Long> ended = new ArrayList<>();
        final Set<Long> bornInThisExpire = new HashSet<>();
        long nowNs;
        long lastTick;
        Random reentry = new Random(0);
        boolean reentering = true;
        int firedInThisExpire;

        Model(TimerWheel wheel, long startNs, long tickNs) {
            this.wheel = wheel;
            this.startNs = startNs;
            this.tickNs = tickNs;
            this.nowNs = startNs;
        }

        void apply(Step step) {
            switch (step.kind()) {
                case SCHEDULE -> schedule(nowNs + step.amount());
                case SCHEDULE_MANY -> {
                    for (int i = 0; i < 20; i++) {
                        schedule(nowNs + step.amount() / (i + 1));
                    }
                }
                case CANCEL -> cancel(step.pick());
                case CANCEL_STALE -> cancelStale(step.pick());
                case ADVANCE -> advance(Math.abs(step.amount()), step.pick());
            }
        }

        void schedule(long deadlineNs) {
            long id = wheel.schedule(deadlineNs, deadlineNs);
            assertThat(id).isNotZero();
            assertThat(pending).doesNotContainKey(id);
            pending.put(id, deadlineNs);
            deadlines.merge(deadlineNs, 1, Integer::sum);
            ids.add(id);
        }

        void cancel(int pick) {
            if (ids.isEmpty()) {
                return;
            }
            long id = ids.get(pick % ids.size());
            assertThat(wheel.cancel(id)).isTrue();
            forget(id);
            assertThat(wheel.isPending(id)).isFalse();
        }

        void cancelStale(int pick) {
            if (!ended.isEmpty()) {
                long id = ended.get(pick % ended.size());
                assertThat(wheel.cancel(id)).isFalse();
                assertThat(wheel.deadlineOf(id)).isEqualTo(NO_DEADLINE);
            }
        }

        void advance(long deltaNs, int seed) {
            nowNs += deltaNs;
            reentry = new Random(seed);
            bornInThisExpire.clear();
            firedInThisExpire = 0;

            int fired = wheel.expire(nowNs, this);

            assertThat(fired).isEqualTo(firedInThisExpire);
            for (Map.Entry<Long, Long> timer : pending.entrySet()) {
                if (!bornInThisExpire.contains(timer.getKey())) {
                    assertThat(timer.getValue()).isGreaterThan(nowNs);
                }
            }
            assertThat(wheel.size()).isEqualTo(pending.size());
            lastTick = Math.max(lastTick, tickOf(nowNs));
        }

        @Override
        public void onExpiry(long timerId, Object owner) {
            assertThat(pending).containsKey(timerId);
            assertThat(bornInThisExpire).doesNotContain(timerId);
            long deadlineNs = pending.get(timerId);
            assertThat(owner).isEqualTo(deadlineNs);
            assertThat(deadlineNs).isLessThanOrEqualTo(nowNs);
            long tick = Math.max(tickOf(deadlineNs), lastTick);
            assertThat(tick).isGreaterThanOrEqualTo(lastFiredTick());
            firedTicks.add(tick);
            assertThat(wheel.isPending(timerId)).isFalse();
            forget(timerId);
            firedInThisExpire++;
            if (reentering) {
                reenter();
            }
        }

        private final List<Long> firedTicks = new ArrayList<>();

        private long lastFiredTick() {
            return firedTicks.isEmpty() || firedInThisExpire == 0
                    ? Long.MIN_VALUE : firedTicks.getLast();
        }

        void reenter() {
            int choice = reentry.nextInt(4);
            if (choice == 0) {
                long deadlineNs = nowNs + reentry.nextLong(-3 * tickNs, 3 * tickNs);
                schedule(deadlineNs);
                bornInThisExpire.add(ids.getLast());
            } else if (choice == 1 && !ids.isEmpty()) {
                cancel(reentry.nextInt(ids.size()));
            }
        }

        void checkNextDeadline() {
            long nextNs = wheel.nextDeadlineNs();
            if (deadlines.isEmpty()) {
                assertThat(nextNs).isEqualTo(NO_DEADLINE);
                return;
            }
            long earliestNs = deadlines.firstKey();
            assertThat(nextNs).isLessThanOrEqualTo(earliestNs);
            if (earliestNs > nowNs) {
                assertThat(nextNs).isGreaterThan(nowNs);
            }
        }

        private void forget(long id) {
            long deadlineNs = pending.remove(id);
            deadlines.computeIfPresent(deadlineNs, (key, count) -> count == 1 ? null : count - 1);
            ids.remove(id);
            ended.add(id);
        }

        private long tickOf(long timeNs) {
            return Math.floorDiv(timeNs - startNs, tickNs);
        }
    }
}

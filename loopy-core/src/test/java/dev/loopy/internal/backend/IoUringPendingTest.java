package dev.loopy.internal.backend;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IoUringPendingTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234, 98765, 31337, 271828})
    void randomAddsCancelsAndRemovesAgreeWithAMap(long seed) {
        Random random = new Random(seed);
        Map<Long, Boolean> model = new HashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            IoUringPending pending = new IoUringPending(arena);
            for (int step = 0; step < 20_000; step++) {
                long token = randomToken(random);
                switch (random.nextInt(4)) {
                    case 0 -> add(pending, model, token, random.nextBoolean());
                    case 1 -> assertThat(pending.markCancelled(token))
                            .isEqualTo(model.replace(token, false, true));
                    case 2 -> assertThat(pending.remove(token))
                            .isEqualTo(expectedRemoval(model.remove(token)));
                    default -> assertThat(pending.contains(token))
                            .isEqualTo(model.containsKey(token));
                }
                assertThat(pending.size()).isEqualTo(model.size());
            }
            for (long token : model.keySet()) {
                assertThat(pending.contains(token)).isTrue();
            }
        }
    }

    @Test
    void timespecsAreDistinctWhileHeldAndReusedOnceFreed() {
        try (Arena arena = Arena.ofConfined()) {
            IoUringPending pending = new IoUringPending(arena);
            Set<Long> addresses = new HashSet<>();
            for (long token = 0; token < 300; token++) {
                int slot = pending.allocateTimespec();
                addresses.add(pending.writeTimespec(slot, token));
                pending.add(token, slot);
            }
            assertThat(addresses).hasSize(300);

            for (long token = 0; token < 300; token++) {
                pending.remove(token);
            }
            int slot = pending.allocateTimespec();

            assertThat(addresses).contains(pending.writeTimespec(slot, 0));
        }
    }

    @Test
    void aTimespecHoldsSecondsAndNanoseconds() {
        try (Arena arena = Arena.ofConfined()) {
            IoUringPending pending = new IoUringPending(arena);
            int slot = pending.allocateTimespec();

            long address = pending.writeTimespec(slot, 3_000_000_250L);

            MemorySegment timespec = MemorySegment.ofAddress(address).reinterpret(16);
            assertThat(timespec.get(JAVA_LONG, 0)).isEqualTo(3);
            assertThat(timespec.get(JAVA_LONG, 8)).isEqualTo(250);
        }
    }

    private static void add(IoUringPending pending, Map<Long, Boolean> model, long token,
            boolean withTimespec) {
        if (model.containsKey(token)) {
            return;
        }
        int slot = withTimespec ? pending.allocateTimespec() : IoUringPending.NO_TIMESPEC;
        pending.add(token, slot);
        model.put(token, false);
    }

    private static int expectedRemoval(Boolean cancelled) {
        if (cancelled == null) {
            return -1;
        }
        return cancelled ? 1 : 0;
    }

    /* Small and clustered tokens force long probe runs; a few large ones test hashing. */
    private static long randomToken(Random random) {
        if (random.nextInt(10) == 0) {
            return random.nextLong() >>> 8;
        }
        return random.nextInt(200);
    }
}

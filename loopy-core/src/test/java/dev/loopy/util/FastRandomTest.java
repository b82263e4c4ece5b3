package dev.loopy.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FastRandomTest {
    @Test
    void theGeneratorMatchesThePublishedXoshiro256StarStarSequence() {
        FastRandom random = new FastRandom(1, 2, 3, 4);

        assertThat(random.nextLong()).isEqualTo(11_520L);
        assertThat(random.nextLong()).isEqualTo(0L);
        assertThat(random.nextLong()).isEqualTo(1_509_978_240L);
        assertThat(random.nextLong()).isEqualTo(1_215_971_899_390_074_240L);
    }

    @Test
    void seedingUsesThePublishedSplitMix64Outputs() {
        assertThat(FastRandom.splitMix64(0x9E3779B97F4A7C15L)).isEqualTo(0xE220A8397B1DCDAFL);
        FastRandom seeded = new FastRandom(0);
        FastRandom raw = new FastRandom(0xE220A8397B1DCDAFL,
                FastRandom.splitMix64(2 * 0x9E3779B97F4A7C15L),
                FastRandom.splitMix64(3 * 0x9E3779B97F4A7C15L),
                FastRandom.splitMix64(4 * 0x9E3779B97F4A7C15L));

        assertThat(seeded.nextLong()).isEqualTo(raw.nextLong());
    }

    @Property(tries = 100)
    void oneSeedGivesOneSequence(@ForAll long seed) {
        FastRandom first = new FastRandom(seed);
        FastRandom second = new FastRandom(seed);

        for (int i = 0; i < 100; i++) {
            assertThat(first.nextLong()).isEqualTo(second.nextLong());
        }
    }

    @Property(tries = 100)
    void neighbouringSeedsGiveDifferentSequences(@ForAll long seed) {
        assertThat(new FastRandom(seed).nextLong())
                .isNotEqualTo(new FastRandom(seed + 1).nextLong());
    }

    @Property(tries = 200)
    void boundedDrawsStayWithinTheirBound(@ForAll long seed,
            @ForAll @IntRange(min = 1) int bound) {
        FastRandom random = new FastRandom(seed);

        for (int i = 0; i < 50; i++) {
            assertThat(random.nextInt(bound)).isBetween(0, bound - 1);
        }
    }

    @Property(tries = 100)
    void bytesAreTheLittleEndianBytesOfSuccessiveValues(@ForAll long seed,
            @ForAll @IntRange(max = 40) int length) {
        byte[] filled = new byte[length];
        new FastRandom(seed).fill(filled);

        FastRandom reference = new FastRandom(seed);
        ByteBuffer expected = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            expected.putLong(reference.nextLong());
        }
        assertThat(filled).isEqualTo(Arrays.copyOf(expected.array(), length));
    }

    @Test
    void everyKindOfTargetReceivesTheSameBytes() {
        byte[] array = new byte[21];
        new FastRandom(7).fill(array);
        ByteBuffer direct = ByteBuffer.allocateDirect(21);
        new FastRandom(7).fill(direct);
        byte[] segment = new byte[21];
        new FastRandom(7).fill(MemorySegment.ofArray(segment));
        byte[] viaGenerator = new byte[21];
        new FastRandom(7).nextBytes(viaGenerator);

        byte[] fromDirect = new byte[21];
        direct.flip().get(fromDirect);
        assertThat(fromDirect).isEqualTo(array);
        assertThat(segment).isEqualTo(array);
        assertThat(viaGenerator).isEqualTo(array);
    }

    @Test
    void aRangeIsFilledAndTheRestLeftAlone() {
        byte[] bytes = new byte[20];

        new FastRandom(3).fill(bytes, 5, 10);

        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsOnly(0);
        assertThat(Arrays.copyOfRange(bytes, 15, 20)).containsOnly(0);
    }

    @Test
    void createdGeneratorsDiffer() {
        assertThat(FastRandom.create().nextLong()).isNotEqualTo(FastRandom.create().nextLong());
    }

    @Test
    void badArgumentsAreRefusedWithTheirRule() {
        FastRandom random = new FastRandom(1);

        assertThatThrownBy(() -> random.fill((byte[]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("bytes");
        assertThatThrownBy(() -> random.fill(new byte[2], 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset=1, length=2 (expected a range within 0..2)");
        assertThatThrownBy(() -> random.fill(ByteBuffer.allocate(1).asReadOnlyBuffer()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> random.fill((MemorySegment) null))
                .isInstanceOf(NullPointerException.class).hasMessage("segment");
        assertThatThrownBy(() -> random.nextInt(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

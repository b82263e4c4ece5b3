package dev.loopy.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import dev.loopy.LoopyException;
import dev.loopy.NativeException;
import dev.loopy.Status;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RandomTest {
    private static final byte MARK = (byte) 0xA5;

    @Test
    void theKernelIsTheSourceOnLinux() {
        assertThat(Random.source()).isEqualTo("getrandom");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 255, 4_096, 4_097, 100_003})
    void everyRequestedLengthIsFilled(int length) {
        byte[] bytes = Random.bytes(length);

        assertThat(bytes).hasSize(length);
        if (length >= 32) {
            assertThat(distinctValues(bytes)).isGreaterThan(8);
        }
    }

    @Test
    void successiveDrawsDiffer() {
        Set<String> draws = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            draws.add(Arrays.toString(Random.bytes(32)));
        }
        Set<Long> longs = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            longs.add(Random.nextLong());
        }

        assertThat(draws).hasSize(16);
        assertThat(longs).hasSize(16);
    }

    @Test
    void aRangeOfAnArrayIsFilledAndTheRestLeftAlone() {
        byte[] bytes = new byte[10_000];
        Arrays.fill(bytes, MARK);

        Random.fill(bytes, 100, 9_000);

        assertThat(Arrays.copyOfRange(bytes, 0, 100)).containsOnly(MARK);
        assertThat(Arrays.copyOfRange(bytes, 9_100, 10_000)).containsOnly(MARK);
        assertThat(distinctValues(Arrays.copyOfRange(bytes, 100, 9_100))).isGreaterThan(200);
    }

    @Test
    void aBufferIsFilledFromPositionToLimitAndItsPositionMoved() {
        for (ByteBuffer buffer : List.of(ByteBuffer.allocate(6_000),
                ByteBuffer.allocateDirect(6_000))) {
            for (int i = 0; i < buffer.capacity(); i++) {
                buffer.put(i, MARK);
            }
            buffer.position(10).limit(5_010);

            Random.fill(buffer);

            assertThat(buffer.position()).isEqualTo(5_010);
            buffer.limit(buffer.capacity());
            assertThat(buffer.get(9)).isEqualTo(MARK);
            assertThat(buffer.get(5_010)).isEqualTo(MARK);
            assertThat(countOf(buffer, 10, 5_010, MARK)).isLessThan(100);
        }
    }

    @Test
    void nativeAndHeapSegmentsAreFilledWhole() {
        int fdsBefore = FdCount.open();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment direct = arena.allocate(8_192);
            MemorySegment heap = MemorySegment.ofArray(new byte[8_192]);

            Random.fill(direct);
            Random.fill(heap);

            assertThat(distinctValues(direct.toArray(ValueLayout.JAVA_BYTE)))
                    .isGreaterThan(200);
            assertThat(distinctValues(heap.toArray(ValueLayout.JAVA_BYTE)))
                    .isGreaterThan(200);
        }
        assertThat(FdCount.open()).isEqualTo(fdsBefore);
    }

    @Test
    void anInterruptedOrShortCallIsRepeatedUntilTheTargetIsFull() {
        AtomicInteger calls = new AtomicInteger();
        GetRandom.Call interruptedThenShort = (target, length) -> {
            int call = calls.getAndIncrement();
            if (call % 2 == 0) {
                return -GetRandom.EINTR;
            }
            long written = Math.min(3, length);
            for (long i = 0; i < written; i++) {
                target.set(ValueLayout.JAVA_BYTE, i, (byte) (call + i));
            }
            return written;
        };

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment target = arena.allocate(10);
            GetRandom.fill(target, interruptedThenShort);

            assertThat(target.toArray(ValueLayout.JAVA_BYTE))
                    .containsExactly(1, 2, 3, 3, 4, 5, 5, 6, 7, 7);
        }
        assertThat(calls).hasValue(8);
    }

    @Test
    void aHeapTargetLargerThanOneChunkIsFilledThroughShortCalls() {
        CryptoSource source = new CryptoSource.Kernel((target, length) -> {
            long written = Math.min(1_000, length);
            target.asSlice(0, written).fill((byte) 7);
            return written;
        });
        byte[] bytes = new byte[3 * CryptoSource.CHUNK + 5];

        source.fill(MemorySegment.ofArray(bytes));

        assertThat(bytes).containsOnly((byte) 7);
    }

    @Test
    void anyOtherErrnoFailsWithTheSyscallAndTheErrno() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment target = arena.allocate(16);

            assertThatThrownBy(() -> GetRandom.fill(target, (t, length) -> -14))
                    .isInstanceOfSatisfying(NativeException.class, e -> {
                        assertThat(e.syscall()).isEqualTo("getrandom");
                        assertThat(e.errno()).isEqualTo(14);
                        assertThat(e).hasMessageContaining("length=16");
                    });
            assertThatThrownBy(() -> GetRandom.fill(target, (t, length) -> 0))
                    .isInstanceOfSatisfying(LoopyException.class,
                            e -> assertThat(e.status()).isEqualTo(Status.ERROR))
                    .hasMessage("getrandom returned 0 bytes (length=16, expected > 0)");
        }
    }

    @Test
    void theSecureRandomFallbackFillsEveryKindOfTarget() {
        CryptoSource fallback = new CryptoSource.Jdk(new SecureRandom());
        byte[] bytes = new byte[CryptoSource.CHUNK * 2 + 3];

        fallback.fill(MemorySegment.ofArray(bytes));

        assertThat(fallback.label()).isEqualTo("securerandom");
        assertThat(distinctValues(bytes)).isGreaterThan(200);
        assertThat(countOf(ByteBuffer.wrap(bytes), bytes.length - 3, bytes.length, (byte) 0))
                .isLessThan(3);
    }

    @Test
    void bytesAsyncDeliversOnTheLoopThread() throws Exception {
        int fdsBefore = FdCount.open();
        try (Loop loop = Loop.create()) {
            CompletableFuture<byte[]> delivered = new CompletableFuture<>();
            List<Boolean> onLoop = new ArrayList<>();

            Random.bytesAsync(loop, 64, (bytes, failure) -> {
                onLoop.add(loop.inLoopThread());
                delivered.complete(bytes);
                loop.stop();
            });
            loop.schedule(Duration.ofSeconds(10), timer -> loop.stop());
            loop.run();

            assertThat(delivered.get(0, TimeUnit.SECONDS)).hasSize(64);
            assertThat(onLoop).containsExactly(true);
        }
        assertThat(FdCount.open()).isEqualTo(fdsBefore);
    }

    @Test
    void bytesAsyncDeliversAFailureOnTheLoopThread() throws Exception {
        CryptoSource failing = new CryptoSource.Kernel((target, length) -> -5);
        try (Loop loop = Loop.create()) {
            CompletableFuture<LoopyException> delivered = new CompletableFuture<>();

            Random.bytesAsync(loop, 8, (bytes, failure) -> {
                delivered.complete(bytes == null ? failure : null);
                loop.stop();
            }, failing);
            loop.schedule(Duration.ofSeconds(10), timer -> loop.stop());
            loop.run();

            assertThat(delivered.get(0, TimeUnit.SECONDS))
                    .isInstanceOf(NativeException.class)
                    .extracting(LoopyException::errno).isEqualTo(5);
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheirRule() {
        assertThatThrownBy(() -> Random.bytes(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length=-1 (expected >= 0)");
        assertThatThrownBy(() -> Random.fill((byte[]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("bytes");
        assertThatThrownBy(() -> Random.fill(new byte[4], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset=2, length=3 (expected a range within 0..4)");
        assertThatThrownBy(() -> Random.fill(new byte[4], -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Random.fill((ByteBuffer) null))
                .isInstanceOf(NullPointerException.class).hasMessage("buffer");
        assertThatThrownBy(() -> Random.fill(ByteBuffer.allocate(4).asReadOnlyBuffer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buffer is read-only (expected writable)");
        assertThatThrownBy(() -> Random.fill((MemorySegment) null))
                .isInstanceOf(NullPointerException.class).hasMessage("segment");
        assertThatThrownBy(() -> Random.fill(MemorySegment.ofArray(new byte[4]).asReadOnly()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segment is read-only (expected writable)");
    }

    @Test
    void badAsyncArgumentsAreRefusedWithTheirRule() {
        RandomCallback ignore = (bytes, failure) -> { };
        try (Loop loop = Loop.create()) {
            assertThatThrownBy(() -> Random.bytesAsync(null, 1, ignore))
                    .isInstanceOf(NullPointerException.class).hasMessage("loop");
            assertThatThrownBy(() -> Random.bytesAsync(loop, -1, ignore))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("length=-1 (expected >= 0)");
            assertThatThrownBy(() -> Random.bytesAsync(loop, 1, null))
                    .isInstanceOf(NullPointerException.class).hasMessage("callback");
            loop.close();
            assertThatThrownBy(() -> Random.bytesAsync(loop, 1, ignore))
                    .isInstanceOf(ClosedException.class);
        }
    }

    private static int distinctValues(byte[] bytes) {
        Set<Byte> values = new HashSet<>();
        for (byte value : bytes) {
            values.add(value);
        }
        return values.size();
    }

    private static int countOf(ByteBuffer buffer, int from, int to, byte value) {
        int count = 0;
        for (int i = from; i < to; i++) {
            count += buffer.get(i) == value ? 1 : 0;
        }
        return count;
    }
}

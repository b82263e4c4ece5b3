package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Arguments that break their rule are refused with an error naming them. */
class ChannelArgumentsTest {
    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE, (1 << 30) + 1})
    void aCapacityOutOfRangeIsRefused(int capacity) {
        for (Channel.Shape shape : Channel.Shape.values()) {
            assertThatThrownBy(() -> Channel.create(shape, capacity))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("capacity=" + capacity + " (expected > 0 and <= 1073741824)");
        }
    }

    @Test
    void aNullShapeIsRefused() {
        assertThatThrownBy(() -> Channel.create(null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("shape");
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aNullMessageIsRefusedByEverySend(Channel.Shape shape) {
        final Channel<String> channel = Channel.create(shape, 1);

        assertThatThrownBy(() -> channel.send(null))
                .isInstanceOf(NullPointerException.class).hasMessage("message");
        assertThatThrownBy(() -> channel.trySend(null))
                .isInstanceOf(NullPointerException.class).hasMessage("message");
        assertThatThrownBy(() -> channel.send(null, 1, TimeUnit.SECONDS))
                .isInstanceOf(NullPointerException.class).hasMessage("message");
        assertThatThrownBy(() -> channel.send(null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class).hasMessage("message");
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aNegativeTimeoutIsRefused(Channel.Shape shape) {
        final Channel<String> channel = Channel.create(shape, 1);

        assertThatThrownBy(() -> channel.send("x", -1, TimeUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout=-1 (expected >= 0)");
        assertThatThrownBy(() -> channel.receive(-5, TimeUnit.MILLISECONDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout=-5 (expected >= 0)");
        assertThatThrownBy(() -> channel.send("x", Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout=PT-0.001S (expected >= 0)");
        assertThatThrownBy(() -> channel.receive(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout=PT-1S (expected >= 0)");
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aNullTimeoutOrUnitIsRefused(Channel.Shape shape) {
        final Channel<String> channel = Channel.create(shape, 1);

        assertThatThrownBy(() -> channel.send("x", 1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("unit");
        assertThatThrownBy(() -> channel.receive(1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("unit");
        assertThatThrownBy(() -> channel.send("x", null))
                .isInstanceOf(NullPointerException.class).hasMessage("timeout");
        assertThatThrownBy(() -> channel.receive((Duration) null))
                .isInstanceOf(NullPointerException.class).hasMessage("timeout");
    }
}

package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.ClosedException;
import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * On one thread, every shape behaves exactly like a bounded FIFO that refuses sends once
 * closed: same results, same size, same counters, for any sequence of operations.
 */
class ChannelPropertyTest {
    private static final int CLOSE = 9;
    private static final int FIRST_RECEIVE = 6;

    @Property(tries = 300)
    void aChannelBehavesLikeABoundedQueue(@ForAll Channel.Shape shape,
            @ForAll @IntRange(min = 1, max = 9) int capacity,
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = CLOSE) Integer> operations) {
        final Channel<Integer> channel = Channel.create(shape, capacity);
        final ArrayDeque<Integer> model = new ArrayDeque<>();
        boolean closed = false;
        long failedSends = 0;
        long failedReceives = 0;
        int next = 0;
        for (int operation : operations) {
            if (operation == CLOSE) {
                channel.close();
                closed = true;
            } else if (operation >= FIRST_RECEIVE) {
                final Integer expected = model.poll();
                assertThat(channel.tryReceive()).isEqualTo(expected);
                failedReceives += expected == null ? 1 : 0;
            } else if (closed) {
                final int message = next++;
                assertThatThrownBy(() -> channel.trySend(message))
                        .isInstanceOf(ClosedException.class);
                failedSends++;
            } else {
                final boolean room = model.size() < capacity;
                assertThat(channel.trySend(next)).isEqualTo(room);
                if (room) {
                    model.add(next);
                } else {
                    failedSends++;
                }
                next++;
            }
            assertThat(channel.size()).isEqualTo(model.size());
            assertThat(channel.isClosed()).isEqualTo(closed);
        }
        assertThat(channel.stats().failedSends()).isEqualTo(failedSends);
        assertThat(channel.stats().failedReceives()).isEqualTo(failedReceives);
        assertThat(channel.stats().sent() - channel.stats().received()).isEqualTo(model.size());
    }
}

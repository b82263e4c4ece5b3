package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelWaitListTest {
    private final List<String> woken = new ArrayList<>();

    private ChannelWaitNode node(String name) {
        return new ChannelWaitNode(new ChannelWaiter() {
            @Override
            void wake() {
                woken.add(name);
            }
        }, 0);
    }

    @Test
    void aNodeAddedAgainWhileLinkedKeepsEveryOtherWaiter() {
        ChannelWaitList list = new ChannelWaitList();
        ChannelWaitNode loopReceiver = node("loop");
        ChannelWaitNode blocked = node("blocked");
        list.add(loopReceiver);
        list.add(blocked);

        loopReceiver.waiter.rearm();
        list.add(loopReceiver);
        list.wakeAll();

        assertThat(woken).containsExactlyInAnyOrder("loop", "blocked");
        assertThat(list.size()).isZero();
    }

    @Test
    void wakeOneWakesTheOldestWaiterStillWaiting() {
        ChannelWaitList list = new ChannelWaitList();
        ChannelWaitNode first = node("first");
        ChannelWaitNode second = node("second");
        list.add(first);
        list.add(second);
        first.waiter.tryCancel();

        list.wakeOne();

        assertThat(woken).containsExactly("second");
        assertThat(list.size()).isZero();
    }
}

package dev.loopy.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class QueueGroupTest {
    private static final Duration PATIENT = Duration.ofSeconds(30);

    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final PubSub hub = PubSub.embedded(HubOptions.builder()
            .deadLetterHandler((message, reason, subscription) ->
                    deadLetters.add(new DeadLetter(message, reason)))
            .build());
    private final List<ExecutorService> executors = new ArrayList<>();

    @AfterEach
    void closeAll() throws InterruptedException {
        hub.close();
        for (ExecutorService executor : executors) {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @RepeatedTest(3)
    void everyMessageReachesExactlyOneMemberUnderConcurrentPublishers() throws Exception {
        int publishers = 4;
        int perPublisher = 2_500;
        int total = publishers * perPublisher;
        CountDownLatch allDelivered = new CountDownLatch(total);
        List<Set<Integer>> perMember = new ArrayList<>();
        Set<Integer> everyone = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        for (int member = 0; member < 3; member++) {
            Set<Integer> mine = ConcurrentHashMap.newKeySet();
            perMember.add(mine);
            hub.subscribe("work.#", deferredMember(64), message -> {
                int id = (Integer) message.payload();
                mine.add(id);
                if (!everyone.add(id)) {
                    duplicates.incrementAndGet();
                }
                allDelivered.countDown();
            });
        }
        AtomicInteger broadcastSeen = new AtomicInteger();
        hub.subscribe("work.*", message -> broadcastSeen.incrementAndGet());

        runPublishers(publishers, perPublisher);

        assertThat(allDelivered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(duplicates).hasValue(0);
        assertThat(everyone).hasSize(total);
        assertThat(perMember).allSatisfy(mine -> assertThat(mine).isNotEmpty());
        assertThat(perMember.stream().mapToInt(Set::size).sum()).isEqualTo(total);
        assertThat(broadcastSeen).hasValue(total);
        assertThat(hub.stats().dropped()).isZero();
    }

    @Test
    void membersOnOverlappingPatternsStillShareEachMessageOnce() {
        AtomicInteger deliveries = new AtomicInteger();
        SubscriptionOptions group = SubscriptionOptions.builder().group("g").build();
        hub.subscribe("a.*", group, message -> deliveries.incrementAndGet());
        hub.subscribe("a.#", group, message -> deliveries.incrementAndGet());

        for (int i = 0; i < 10; i++) {
            assertThat(hub.publish("a.b", i).delivered()).isEqualTo(1);
        }

        assertThat(deliveries).hasValue(10);
        assertThat(hub.matchCount("a.b")).isEqualTo(2);
    }

    @Test
    void roundRobinGivesEachMemberItsTurn() {
        SubscriptionOptions group = SubscriptionOptions.builder().group("g").build();
        List<Subscription> members = List.of(
                hub.subscribe("t", group, message -> { }),
                hub.subscribe("t", group, message -> { }),
                hub.subscribe("t", group, message -> { }));

        for (int i = 0; i < 9; i++) {
            hub.publish("t", i);
        }

        assertThat(members).allSatisfy(member ->
                assertThat(member.stats().delivered()).isEqualTo(3));
    }

    @Test
    void leastLoadedPicksTheMemberWithTheShortestQueue() {
        ManualExecutor first = new ManualExecutor();
        ManualExecutor second = new ManualExecutor();
        SubscriptionOptions.Builder group = SubscriptionOptions.builder().group("g")
                .balance(GroupBalance.LEAST_LOADED);
        Subscription busy = hub.subscribe("t", group.deliverOn(first).build(), message -> { });
        Subscription idle = hub.subscribe("t", group.deliverOn(second).build(),
                message -> { });

        for (int i = 0; i < 6; i++) {
            hub.publish("t", i);
        }
        first.runAll();
        hub.publish("t", 6);
        hub.publish("t", 7);

        assertThat(busy.stats().received() + idle.stats().received()).isEqualTo(8);
        assertThat(busy.stats().received()).isEqualTo(5);
        assertThat(idle.stats().queued()).isEqualTo(3);
    }

    @Test
    void aFullMemberIsPassedOverForOneWithRoom() {
        ManualExecutor stuck = new ManualExecutor();
        ManualExecutor roomy = new ManualExecutor();
        SubscriptionOptions.Builder group = SubscriptionOptions.builder().group("g")
                .capacity(1);
        Subscription small = hub.subscribe("t", group.deliverOn(stuck).build(),
                message -> { });
        Subscription large = hub.subscribe("t", group.capacity(100).deliverOn(roomy).build(),
                message -> { });

        for (int i = 0; i < 10; i++) {
            assertThat(hub.publish("t", i).outcome()).isEqualTo(PublishOutcome.DELIVERED);
        }

        assertThat(small.stats().queued()).isEqualTo(1);
        assertThat(large.stats().queued()).isEqualTo(9);
        assertThat(hub.stats().dropped()).isZero();
    }

    @Test
    void aClosingMemberHandsItsQueuedMessagesToTheOthers() {
        ManualExecutor leaving = new ManualExecutor();
        ManualExecutor staying = new ManualExecutor();
        List<Object> received = new ArrayList<>();
        SubscriptionOptions.Builder group = SubscriptionOptions.builder().group("g");
        Subscription quitter = hub.subscribe("t", group.deliverOn(leaving).build(),
                message -> received.add("quitter"));
        Subscription stayer = hub.subscribe("t", group.deliverOn(staying).build(),
                message -> received.add(message.payload()));
        for (int i = 0; i < 6; i++) {
            hub.publish("t", i);
        }

        quitter.close();
        leaving.runAll();
        staying.runAll();

        assertThat(received).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(stayer.stats().redelivered()).isEqualTo(3);
        assertThat(quitter.stats().dropped()).isZero();
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void theLastMemberClosingTurnsItsQueuedMessagesIntoDeadLetters() {
        ManualExecutor never = new ManualExecutor();
        Subscription only = hub.subscribe("t",
                SubscriptionOptions.builder().group("g").deliverOn(never).build(),
                message -> { });
        hub.publish("t", "a");
        hub.publish("t", "b");

        only.close();

        assertThat(deadLetters).extracting(dead -> dead.message().payload())
                .containsExactly("a", "b");
        assertThat(deadLetters).extracting(DeadLetter::reason)
                .containsOnly(DeadLetterReason.NO_MEMBER);
        assertThat(hub.stats().deadLettered()).isEqualTo(2);
        assertThat(never.runAll()).isEqualTo(1);
    }

    @Test
    void membersOfOneGroupMustAgreeOnTheBalance() {
        hub.subscribe("t", SubscriptionOptions.builder().group("g").build(), message -> { });

        assertThatThrownBy(() -> hub.subscribe("t", SubscriptionOptions.builder().group("g")
                .balance(GroupBalance.LEAST_LOADED).build(), message -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("balance=least_loaded (expected round_robin");
    }

    @Test
    void aGroupWhoseMembersAllLeftCanBeFormedAgainWithAnotherBalance() {
        SubscriptionOptions roundRobin = SubscriptionOptions.builder().group("g").build();
        hub.subscribe("t", roundRobin, message -> { }).close();

        Subscription again = hub.subscribe("t", SubscriptionOptions.builder().group("g")
                .balance(GroupBalance.LEAST_LOADED).build(), message -> { });

        assertThat(again.options().balance()).isEqualTo(GroupBalance.LEAST_LOADED);
        assertThat(again.group()).contains("g");
    }

    private SubscriptionOptions deferredMember(int capacity) {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executors.add(executor);
        return SubscriptionOptions.builder().group("workers").deliverOn(executor)
                .capacity(capacity).overflow(OverflowPolicy.BACK_PRESSURE).build();
    }

    private void runPublishers(int publishers, int perPublisher) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicInteger notDelivered = new AtomicInteger();
        for (int p = 0; p < publishers; p++) {
            int base = p * perPublisher;
            threads.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perPublisher; i++) {
                    if (!hub.publish("work.item", base + i, PATIENT).isDelivered()) {
                        notDelivered.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).isFalse();
        }
        assertThat(notDelivered).hasValue(0);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    record DeadLetter(Message message, DeadLetterReason reason) {
    }
}

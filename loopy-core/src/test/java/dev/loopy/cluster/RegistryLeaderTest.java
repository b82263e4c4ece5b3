package dev.loopy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopy.cluster.RegistryEvent.LeaderChanged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegistryLeaderTest {
    @Test
    void theFirstNodeToTurnActiveLeadsAndKeepsLeadingWhenOthersFollow() {
        try (RegistryFixture fixture = new RegistryFixture()) {
            Registry registry = fixture.registry;
            registry.join(NodeSpec.of("a"));
            registry.join(NodeSpec.of("b"));
            assertThat(registry.leader()).isEmpty();

            registry.heartbeat("b");
            registry.heartbeat("a");
            fixture.settle();

            assertThat(registry.leader()).contains(new Leadership("b", 1));
            assertThat(fixture.eventsOf(LeaderChanged.class)).singleElement()
                    .extracting(LeaderChanged::leader)
                    .isEqualTo(Optional.of(new Leadership("b", 1)));
        }
    }

    @Test
    void whenTheLeaderFailsTheEarliestJoinedActiveNodeTakesOverWithAGreaterTerm() {
        try (RegistryFixture fixture = new RegistryFixture()) {
            Registry registry = fixture.registry;
            joinActive(fixture, "a", "b", "c");
            assertThat(registry.leader()).contains(new Leadership("a", 1));

            fixture.advance(Duration.ofSeconds(2));
            registry.heartbeat("b");
            registry.heartbeat("c");
            fixture.advance(Duration.ofSeconds(1));

            assertThat(fixture.state("a")).isEqualTo(NodeState.SUSPECT);
            assertThat(registry.leader()).contains(new Leadership("b", 2));
            LeaderChanged failover = fixture.eventsOf(LeaderChanged.class).getLast();
            assertThat(failover.previous()).contains(new Leadership("a", 1));
        }
    }

    @Test
    void aRevivedFormerLeaderDoesNotTakeLeadershipBack() {
        try (RegistryFixture fixture = new RegistryFixture()) {
            Registry registry = fixture.registry;
            joinActive(fixture, "a", "b");
            fixture.advance(Duration.ofSeconds(2));
            registry.heartbeat("b");
            fixture.advance(Duration.ofSeconds(1));
            assertThat(registry.leader()).contains(new Leadership("b", 2));

            registry.heartbeat("a");
            fixture.settle();

            assertThat(fixture.state("a")).isEqualTo(NodeState.ACTIVE);
            assertThat(registry.leader()).contains(new Leadership("b", 2));
        }
    }

    @Test
    void whenTheLeaderLeavesTheNextOneIsElectedBeforeTheLeaderIsRemoved() {
        try (RegistryFixture fixture = new RegistryFixture()) {
            Registry registry = fixture.registry;
            joinActive(fixture, "a", "b");
            int before = fixture.events.size();

            registry.leave("a");
            fixture.settle();

            assertThat(registry.leader()).contains(new Leadership("b", 2));
            assertThat(fixture.types().subList(before, fixture.events.size())).containsExactly(
                    RegistryEventType.NODE_STATE_CHANGED, RegistryEventType.LEADER_CHANGED,
                    RegistryEventType.NODE_LEFT);
        }
    }

    @Test
    void withNoActiveNodeThereIsNoLeaderUntilOneComesBack() {
        try (RegistryFixture fixture = new RegistryFixture()) {
            Registry registry = fixture.registry;
            joinActive(fixture, "a");

            fixture.advance(Duration.ofSeconds(3));
            assertThat(registry.leader()).isEmpty();
            assertThat(fixture.eventsOf(LeaderChanged.class).getLast().leader()).isEmpty();
            registry.heartbeat("a");
            fixture.settle();

            assertThat(registry.leader()).contains(new Leadership("a", 2));
        }
    }

    @Test
    void onlyNodesWithTheElectionRoleStandForLeader() {
        RegistryOptions options = RegistryOptions.builder().electionRole("voter").build();
        try (RegistryFixture fixture = new RegistryFixture(options)) {
            Registry registry = fixture.registry;
            registry.join(NodeSpec.of("observer"));
            registry.join(NodeSpec.of("voter-1").withRoles("voter"));
            registry.heartbeat("observer");
            fixture.settle();
            assertThat(registry.leader()).isEmpty();

            registry.heartbeat("voter-1");
            fixture.settle();

            assertThat(registry.leader()).contains(new Leadership("voter-1", 1));
        }
    }

    @Test
    void randomFailuresRejoinsAndLeavesNeverShowTwoLeadersOrAnInactiveOne() {
        for (long seed = 1; seed <= 25; seed++) {
            try (RegistryFixture fixture = new RegistryFixture()) {
                runScript(fixture, new SplittableRandom(seed), 300);
                assertThat(fixture.violations()).as("seed %d", seed).isEmpty();
                assertThat(fixture.eventsOf(LeaderChanged.class)).as("seed %d", seed)
                        .hasSizeGreaterThan(1);
            }
        }
    }

    /** Five nodes that heartbeat, fall silent, leave and join again at random. */
    private static void runScript(RegistryFixture fixture, SplittableRandom random, int steps) {
        Registry registry = fixture.registry;
        List<String> ids = List.of("n0", "n1", "n2", "n3", "n4");
        List<String> silent = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            String id = ids.get(random.nextInt(ids.size()));
            Optional<NodeInfo> node = registry.node(id);
            int action = random.nextInt(10);
            if (node.isEmpty() || node.get().state() == NodeState.DOWN) {
                registry.join(NodeSpec.of(id));
                silent.remove(id);
            } else if (action == 0) {
                registry.leave(id);
            } else if (action <= 2) {
                silent.add(id);
            } else if (action <= 4) {
                silent.remove(id);
            }
            for (String other : ids) {
                if (!silent.contains(other) && registry.node(other).isPresent()) {
                    registry.heartbeat(other);
                }
            }
            fixture.advance(Duration.ofMillis(500 + random.nextInt(2_000)));
        }
    }

    private static void joinActive(RegistryFixture fixture, String... ids) {
        for (String id : ids) {
            fixture.registry.join(NodeSpec.of(id));
        }
        for (String id : ids) {
            fixture.registry.heartbeat(id);
        }
        fixture.settle();
    }
}

package dev.loopy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.cluster.RegistryEvent.NodeJoined;
import dev.loopy.cluster.RegistryEvent.NodeLeft;
import dev.loopy.cluster.RegistryEvent.NodeStateChanged;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryMembershipTest {
    private final RegistryFixture fixture = new RegistryFixture();
    private final Registry registry = fixture.registry;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aNodeJoinsAsJoiningAndTurnsActiveOnItsFirstHeartbeat() {
        NodeInfo joined = registry.join("n1", Set.of("worker"), Map.of("zone", "a"))
                .toCompletableFuture().join();
        assertThat(joined.state()).isEqualTo(NodeState.JOINING);
        assertThat(joined.roles()).containsExactly("worker");
        assertThat(joined.metadata()).containsEntry("zone", "a");

        assertThat(registry.heartbeat("n1")).isTrue();
        fixture.settle();

        assertThat(fixture.state("n1")).isEqualTo(NodeState.ACTIVE);
        assertThat(fixture.eventsOf(NodeJoined.class)).extracting(e -> e.node().id())
                .containsExactly("n1");
        NodeStateChanged changed = fixture.eventsOf(NodeStateChanged.class).getFirst();
        assertThat(changed.previous()).isEqualTo(NodeState.JOINING);
        assertThat(changed.node().state()).isEqualTo(NodeState.ACTIVE);
    }

    @Test
    void aSilentNodeTurnsSuspectAtTheSuspectTimeoutAndDownAtTheDownTimeout() {
        joinActive("n1");

        fixture.advance(Duration.ofMillis(2_999));
        assertThat(fixture.state("n1")).isEqualTo(NodeState.ACTIVE);
        fixture.advance(Duration.ofMillis(1));
        assertThat(fixture.state("n1")).isEqualTo(NodeState.SUSPECT);
        fixture.advance(Duration.ofMillis(4_999));
        assertThat(fixture.state("n1")).isEqualTo(NodeState.SUSPECT);
        fixture.advance(Duration.ofMillis(1));

        assertThat(fixture.state("n1")).isEqualTo(NodeState.DOWN);
        assertThat(fixture.statesOf("n1"))
                .containsExactly(NodeState.ACTIVE, NodeState.SUSPECT, NodeState.DOWN);
    }

    @Test
    void aJoiningNodeThatNeverHeartbeatsIsSuspectedToo() {
        registry.join(NodeSpec.of("n1"));

        fixture.advance(Duration.ofSeconds(3));

        assertThat(fixture.state("n1")).isEqualTo(NodeState.SUSPECT);
        assertThat(fixture.statesOf("n1")).containsExactly(NodeState.SUSPECT);
    }

    @Test
    void aTimerThatRunsLateStillPassesThroughEveryState() {
        joinActive("n1");

        fixture.advance(Duration.ofSeconds(20));

        assertThat(fixture.state("n1")).isEqualTo(NodeState.DOWN);
        assertThat(fixture.statesOf("n1"))
                .containsExactly(NodeState.ACTIVE, NodeState.SUSPECT, NodeState.DOWN);
    }

    @Test
    void steadyHeartbeatsKeepANodeActive() {
        joinActive("n1");

        for (int beat = 0; beat < 30; beat++) {
            fixture.advance(Duration.ofMillis(2_500));
            assertThat(registry.heartbeat("n1")).isTrue();
        }
        fixture.settle();

        assertThat(fixture.state("n1")).isEqualTo(NodeState.ACTIVE);
        assertThat(fixture.statesOf("n1")).containsExactly(NodeState.ACTIVE);
    }

    @Test
    void aHeartbeatRevivesASuspectNodeAndRestartsItsTimeout() {
        joinActive("n1");
        fixture.advance(Duration.ofSeconds(4));
        assertThat(fixture.state("n1")).isEqualTo(NodeState.SUSPECT);

        assertThat(registry.heartbeat("n1")).isTrue();
        fixture.settle();
        assertThat(fixture.state("n1")).isEqualTo(NodeState.ACTIVE);
        fixture.advance(Duration.ofMillis(2_999));
        assertThat(fixture.state("n1")).isEqualTo(NodeState.ACTIVE);
        fixture.advance(Duration.ofMillis(1));

        assertThat(fixture.state("n1")).isEqualTo(NodeState.SUSPECT);
        assertThat(fixture.statesOf("n1")).containsExactly(NodeState.ACTIVE,
                NodeState.SUSPECT, NodeState.ACTIVE, NodeState.SUSPECT);
    }

    @Test
    void aDownNodeRefusesHeartbeatsAndMayJoinAgain() {
        joinActive("n1");
        fixture.advance(Duration.ofSeconds(8));
        assertThat(fixture.state("n1")).isEqualTo(NodeState.DOWN);

        assertThat(registry.heartbeat("n1")).isFalse();
        assertThat(fixture.state("n1")).isEqualTo(NodeState.DOWN);
        NodeInfo again = registry.join(NodeSpec.of("n1").withRoles("new"))
                .toCompletableFuture().join();
        fixture.settle();

        assertThat(again.state()).isEqualTo(NodeState.JOINING);
        assertThat(again.roles()).containsExactly("new");
        assertThat(fixture.types().subList(fixture.types().size() - 2, fixture.types().size()))
                .containsExactly(RegistryEventType.NODE_LEFT, RegistryEventType.NODE_JOINED);
    }

    @Test
    void aDownNodeIsForgottenAfterTheRetention() {
        joinActive("n1");
        fixture.advance(Duration.ofSeconds(8));

        fixture.advance(Duration.ofSeconds(59));
        assertThat(registry.node("n1")).isPresent();
        fixture.advance(Duration.ofSeconds(1));

        assertThat(registry.node("n1")).isEmpty();
        assertThat(fixture.eventsOf(NodeLeft.class)).extracting(e -> e.node().state())
                .containsExactly(NodeState.DOWN);
    }

    @Test
    void aKeptAliveNodeIsHeartbeatedByTheRegistryItself() {
        registry.join(NodeSpec.of("self").withKeepAlive(true));
        assertThat(fixture.state("self")).isEqualTo(NodeState.JOINING);

        for (int second = 0; second < 60; second++) {
            fixture.advance(Duration.ofSeconds(1));
        }

        assertThat(fixture.state("self")).isEqualTo(NodeState.ACTIVE);
        assertThat(fixture.statesOf("self")).containsExactly(NodeState.ACTIVE);
        assertThat(registry.isLeader("self")).isTrue();
    }

    @Test
    void leavingReportsTheLeavingStateThenRemovesTheNode() {
        joinActive("n1");

        NodeInfo last = registry.leave("n1").toCompletableFuture().join();
        fixture.settle();

        assertThat(last.state()).isEqualTo(NodeState.LEAVING);
        assertThat(registry.node("n1")).isEmpty();
        assertThat(fixture.statesOf("n1")).containsExactly(NodeState.ACTIVE, NodeState.LEAVING);
        assertThat(fixture.types().getLast()).isEqualTo(RegistryEventType.NODE_LEFT);
        fixture.advance(Duration.ofSeconds(100));
        assertThat(fixture.types().getLast()).isEqualTo(RegistryEventType.NODE_LEFT);
    }

    @Test
    void nodesAreListedInIdOrderAndFoundByRole() {
        registry.join(NodeSpec.of("c").withRoles("worker"));
        registry.join(NodeSpec.of("a").withRoles("worker", "gateway"));
        registry.join(NodeSpec.of("b"));

        assertThat(registry.nodes()).extracting(NodeInfo::id).containsExactly("a", "b", "c");
        assertThat(registry.nodesWithRole("worker")).extracting(NodeInfo::id)
                .containsExactly("a", "c");
        assertThat(registry.nodesWithRole("gateway")).extracting(NodeInfo::id)
                .containsExactly("a");
    }

    @Test
    void unknownNodesAndTakenIdsGiveTypedErrors() {
        joinActive("n1");

        assertThatThrownBy(() -> registry.heartbeat("ghost"))
                .isInstanceOf(UnknownNodeException.class)
                .hasMessage("node=ghost is not in the registry (heartbeat)");
        assertThatThrownBy(() -> registry.leave("ghost"))
                .isInstanceOf(UnknownNodeException.class)
                .hasMessage("node=ghost is not in the registry (leave)");
        assertThatThrownBy(() -> registry.join(NodeSpec.of("n1")))
                .isInstanceOf(NodeExistsException.class)
                .hasMessage("node=n1 already joined and is active (join)");
        assertThat(registry.node("ghost")).isEmpty();
    }

    @Test
    void reservedAndMalformedNodeNamesAreRefusedWithTheirRule() {
        assertThatThrownBy(() -> NodeSpec.of(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("nodeId=\"\" (expected 1 to 128 characters");
        assertThatThrownBy(() -> NodeSpec.of("bad\u0007id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("nodeId=\"bad\\u0007id\"");
        assertThatThrownBy(() -> NodeSpec.of("a/b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeSpec.of("x".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("...");
        assertThatThrownBy(() -> NodeSpec.of("n1").withRoles("has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("role=\"has space\"");
        assertThatThrownBy(() -> NodeSpec.of("n1").withMetadata("zone", "a\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metadata value=\"a\\u000ab\"");
        assertThatThrownBy(() -> registry.heartbeat("\t"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.join(null, Set.of(), Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("nodeId");
        assertThat(registry.nodes()).isEmpty();
    }

    @Test
    void aClosedRegistryRefusesCallsAndDeliversNothingMore() {
        registry.join(NodeSpec.of("n1"));
        registry.close();
        registry.close();
        fixture.settle();

        assertThat(fixture.events).isEmpty();
        assertThatThrownBy(() -> registry.nodes())
                .isInstanceOf(dev.loopy.ClosedException.class)
                .hasMessage("registry is closed (nodes)");
        fixture.advance(Duration.ofSeconds(30));
        assertThat(fixture.events).isEmpty();
    }

    @Test
    void anotherThreadIsRefused() throws Exception {
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread other = new Thread(() -> {
            try {
                registry.nodes();
            } catch (Throwable failure) {
                failures.add(failure);
            }
        });
        other.start();
        other.join(5_000);

        assertThat(failures).singleElement().isInstanceOf(dev.loopy.WrongThreadException.class);
    }

    private void joinActive(String nodeId) {
        registry.join(NodeSpec.of(nodeId));
        registry.heartbeat(nodeId);
        fixture.settle();
    }
}

package dev.loopy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopy.Loop;
import dev.loopy.LoopOptions;
import dev.loopy.ManualClock;
import dev.loopy.RunMode;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A registry on a loop driven by a manual clock, recording every event it delivers and
 * checking at each one that the view has at most one leader, that the leader is active,
 * that revisions grow and that every new leadership has a greater term.
 */
final class RegistryFixture implements AutoCloseable {
    static final RegistryOptions TIMING = RegistryOptions.builder()
            .heartbeatInterval(Duration.ofSeconds(1))
            .suspectTimeout(Duration.ofSeconds(3))
            .downTimeout(Duration.ofSeconds(5))
            .downRetention(Duration.ofSeconds(60))
            .build();

    final ManualClock clock = new ManualClock();
    final List<RegistryEvent> events = new ArrayList<>();
    final List<RuntimeException> loopFailures = new ArrayList<>();
    final Loop loop;
    final Registry registry;
    private final int fdsBefore;
    private final boolean everyActiveNodeIsCandidate;
    private final List<String> violations = new ArrayList<>();
    private Optional<Leadership> lastLeadership = Optional.empty();
    private long highestTerm;
    private long lastRevision;

    RegistryFixture() {
        this(TIMING);
    }

    RegistryFixture(RegistryOptions options) {
        fdsBefore = openFds();
        everyActiveNodeIsCandidate = options.electionRole().isEmpty();
        loop = Loop.create(LoopOptions.builder().clock(clock)
                .errorHandler((failing, failure) -> loopFailures.add(failure)).build());
        registry = Registry.embedded(loop, options);
        registry.subscribe(this::record);
    }

    /** Runs the loop until the timers due and the events they caused were delivered. */
    void settle() {
        for (int i = 0; i < 3; i++) {
            loop.run(RunMode.NOWAIT);
        }
    }

    void advance(Duration delta) {
        clock.advance(delta);
        settle();
    }

    NodeState state(String nodeId) {
        return registry.node(nodeId).orElseThrow().state();
    }

    List<RegistryEventType> types() {
        return events.stream().map(RegistryEvent::type).toList();
    }

    <T extends RegistryEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The states a node went through, as its state-change events reported them. */
    List<NodeState> statesOf(String nodeId) {
        return eventsOf(RegistryEvent.NodeStateChanged.class).stream()
                .filter(changed -> changed.node().id().equals(nodeId))
                .map(changed -> changed.node().state()).toList();
    }

    List<String> violations() {
        return violations;
    }

    @Override
    public void close() {
        registry.close();
        loop.close();
        assertThat(violations).isEmpty();
        assertThat(openFds()).isEqualTo(fdsBefore);
    }

    private void record(RegistryEvent event) {
        events.add(event);
        checkRevision(event);
        checkLeaderInView(event);
        if (event instanceof RegistryEvent.LeaderChanged changed) {
            checkLeaderChain(changed);
        }
    }

    private void checkRevision(RegistryEvent event) {
        if (event.revision() <= lastRevision) {
            violations.add("revision did not grow at " + event);
        }
        lastRevision = event.revision();
    }

    private void checkLeaderInView(RegistryEvent event) {
        List<NodeInfo> nodes = registry.nodes();
        List<NodeInfo> leaders = nodes.stream().filter(node -> registry.isLeader(node.id()))
                .toList();
        if (leaders.size() > 1) {
            violations.add("two leaders " + leaders + " at " + event);
        }
        for (NodeInfo leader : leaders) {
            if (leader.state() != NodeState.ACTIVE) {
                violations.add("leader " + leader + " is not active at " + event);
            }
        }
        if (registry.leader().isPresent() && leaders.isEmpty()) {
            violations.add("leader " + registry.leader() + " is not a node at " + event);
        }
        boolean anyActive = nodes.stream().anyMatch(node -> node.state() == NodeState.ACTIVE);
        if (everyActiveNodeIsCandidate && anyActive && leaders.isEmpty()) {
            violations.add("active nodes but no leader at " + event);
        }
    }

    private void checkLeaderChain(RegistryEvent.LeaderChanged changed) {
        if (!changed.previous().equals(lastLeadership)) {
            violations.add("previous " + changed.previous() + " is not " + lastLeadership);
        }
        if (changed.leader().isPresent()) {
            long term = changed.leader().get().term();
            if (term <= highestTerm) {
                violations.add("term did not grow at " + changed);
            }
            highestTerm = Math.max(highestTerm, term);
        }
        lastLeadership = changed.leader();
    }

    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}

package dev.loopy.cluster;

import dev.loopy.cluster.RegistryEvent.LeaderChanged;
import dev.loopy.cluster.RegistryEvent.NodeJoined;
import dev.loopy.cluster.RegistryEvent.NodeLeft;
import dev.loopy.cluster.RegistryEvent.NodeStateChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The embedded registry's nodes: their states, the failure detector and the election.
 *
 * <p>Loop thread only. Each node has one watchdog timer, armed for its next deadline: the
 * suspect deadline while it is joining or active (last heartbeat plus the suspect timeout),
 * the down deadline while suspect, the removal deadline while down. A heartbeat only moves
 * the last-heartbeat time: the watchdog that fires finds the newer time and arms itself
 * again, so a steady node costs one timer per suspect timeout, not one per heartbeat. A
 * state reached at a deadline is dated at that deadline, not at the moment the timer ran,
 * so a late timer changes no outcome.
 *
 * <p>The leader is the active candidate that joined first, and keeps leading while it stays
 * active, even if an earlier-joined node comes back. The election runs after every state
 * change, within the same call, so no event can observe two leaders or a leader that is not
 * active. Each new leadership takes the next term.
 */
final class NodeTable {
    private final RegistryOptions options;
    private final RegistryScheduler scheduler;
    private final RevisionLog log;
    private final String electionRole;
    private final TreeMap<String, Member> members = new TreeMap<>();
    private Member leader;
    private Leadership leadership;
    private long term;

    NodeTable(RegistryOptions options, RegistryScheduler scheduler, RevisionLog log) {
        this.options = options;
        this.scheduler = scheduler;
        this.log = log;
        this.electionRole = options.electionRole().orElse(null);
    }

    NodeInfo join(NodeSpec spec) {
        Member existing = members.get(spec.id());
        if (existing != null) {
            if (existing.state != NodeState.DOWN) {
                throw new NodeExistsException(spec.id(), existing.state);
            }
            remove(existing);
        }
        long revision = log.next();
        Member member = new Member(spec, revision, scheduler.nowNs());
        members.put(spec.id(), member);
        log.emit(new NodeJoined(revision, member.info()));
        arm(member, options.suspectTimeoutNs());
        if (spec.keepAlive()) {
            keepAliveAfter(member, 0);
        }
        return member.info();
    }

    boolean heartbeat(String nodeId) {
        return heartbeat(require(nodeId, "heartbeat"));
    }

    NodeInfo leave(String nodeId) {
        Member member = require(nodeId, "leave");
        if (member.state != NodeState.DOWN) {
            transition(member, NodeState.LEAVING, scheduler.nowNs());
        }
        return remove(member);
    }

    Optional<NodeInfo> node(String nodeId) {
        Member member = members.get(nodeId);
        return member == null ? Optional.empty() : Optional.of(member.info());
    }

    List<NodeInfo> nodes() {
        List<NodeInfo> snapshot = new ArrayList<>(members.size());
        for (Member member : members.values()) {
            snapshot.add(member.info());
        }
        return snapshot;
    }

    Optional<Leadership> leader() {
        return Optional.ofNullable(leadership);
    }

    void close() {
        for (Member member : members.values()) {
            member.cancelTimers();
        }
    }

    private Member require(String nodeId, String operation) {
        Member member = members.get(nodeId);
        if (member == null) {
            throw new UnknownNodeException(nodeId, operation);
        }
        return member;
    }

    private boolean heartbeat(Member member) {
        if (member.state == NodeState.DOWN) {
            return false;
        }
        long nowNs = scheduler.nowNs();
        member.lastHeartbeatNs = nowNs;
        if (member.state != NodeState.ACTIVE) {
            transition(member, NodeState.ACTIVE, nowNs);
            rearm(member, options.suspectTimeoutNs());
        }
        return true;
    }

    private void keepAliveAfter(Member member, long delayNs) {
        member.keepAlive = scheduler.schedule(delayNs, () -> keepAlive(member));
    }

    private void keepAlive(Member member) {
        member.keepAlive = null;
        if (members.get(member.id()) == member && heartbeat(member)) {
            keepAliveAfter(member, options.heartbeatIntervalNs());
        }
    }

    private void arm(Member member, long delayNs) {
        member.watchdog = scheduler.schedule(delayNs, () -> onDeadline(member));
    }

    private void rearm(Member member, long delayNs) {
        if (member.watchdog != null) {
            member.watchdog.cancel();
        }
        arm(member, delayNs);
    }

    private void onDeadline(Member member) {
        member.watchdog = null;
        if (members.get(member.id()) != member) {
            return;
        }
        long nowNs = scheduler.nowNs();
        long deadlineNs = deadline(member);
        while (deadlineNs <= nowNs) {
            if (!advance(member, deadlineNs)) {
                return;
            }
            deadlineNs = deadline(member);
        }
        arm(member, deadlineNs - nowNs);
    }

    private long deadline(Member member) {
        return switch (member.state) {
            case JOINING, ACTIVE -> member.lastHeartbeatNs + options.suspectTimeoutNs();
            case SUSPECT -> member.stateSinceNs + options.downTimeoutNs();
            case DOWN, LEAVING -> member.stateSinceNs + options.downRetentionNs();
        };
    }

    /** Takes the step a passed deadline calls for; false once the member is removed. */
    private boolean advance(Member member, long deadlineNs) {
        switch (member.state) {
            case JOINING, ACTIVE -> transition(member, NodeState.SUSPECT, deadlineNs);
            case SUSPECT -> {
                member.cancelTimers();
                transition(member, NodeState.DOWN, deadlineNs);
            }
            case DOWN, LEAVING -> {
                remove(member);
                return false;
            }
        }
        return true;
    }

    private void transition(Member member, NodeState next, long atNs) {
        NodeState previous = member.state;
        member.state = next;
        member.stateSinceNs = atNs;
        log.emit(new NodeStateChanged(log.next(), member.info(), previous));
        elect();
    }

    private NodeInfo remove(Member member) {
        member.cancelTimers();
        members.remove(member.id());
        NodeInfo last = member.info();
        log.emit(new NodeLeft(log.next(), last));
        return last;
    }

    private void elect() {
        if (leader != null && candidate(leader)) {
            return;
        }
        Member next = firstCandidate();
        if (next == null && leader == null) {
            return;
        }
        Optional<Leadership> previous = Optional.ofNullable(leadership);
        leader = next;
        leadership = next == null ? null : new Leadership(next.id(), ++term);
        log.emit(new LeaderChanged(log.next(), Optional.ofNullable(leadership), previous));
    }

    private Member firstCandidate() {
        Member first = null;
        for (Member member : members.values()) {
            if (candidate(member) && (first == null || member.joinRevision < first.joinRevision)) {
                first = member;
            }
        }
        return first;
    }

    private boolean candidate(Member member) {
        return member.state == NodeState.ACTIVE
                && (electionRole == null || member.spec.roles().contains(electionRole));
    }
}

package dev.loopy.cluster;

/**
 * The embedded registry's record of one node: its spec, its state and its timers. Mutable,
 * owned by a {@link NodeTable} and touched on the loop thread only.
 */
final class Member {
    final NodeSpec spec;
    final long joinRevision;
    final long joinedAtNs;
    NodeState state = NodeState.JOINING;
    long lastHeartbeatNs;
    long stateSinceNs;
    RegistryScheduler.Scheduled watchdog;
    RegistryScheduler.Scheduled keepAlive;

    Member(NodeSpec spec, long joinRevision, long nowNs) {
        this.spec = spec;
        this.joinRevision = joinRevision;
        this.joinedAtNs = nowNs;
        this.lastHeartbeatNs = nowNs;
        this.stateSinceNs = nowNs;
    }

    String id() {
        return spec.id();
    }

    NodeInfo info() {
        return new NodeInfo(spec.id(), spec.roles(), spec.metadata(), state, joinRevision,
                joinedAtNs, lastHeartbeatNs);
    }

    void cancelTimers() {
        if (watchdog != null) {
            watchdog.cancel();
            watchdog = null;
        }
        if (keepAlive != null) {
            keepAlive.cancel();
            keepAlive = null;
        }
    }
}

package dev.loopy.cluster;

import dev.loopy.Loop;
import dev.loopy.cluster.spi.RegistryBackend;
import dev.loopy.cluster.spi.RegistryEventSink;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The registry's default store, inside the process: a {@link NodeTable} and a
 * {@link ConfigStore} sharing one revision counter, driven by the loop's timers.
 *
 * <p>Loop thread only. Every write completes before it returns, so its stage is already
 * complete, and its events are emitted within the call.
 */
final class EmbeddedRegistryBackend implements RegistryBackend {
    private final RegistryOptions options;
    private RevisionLog log;
    private NodeTable nodes;
    private ConfigStore config;

    EmbeddedRegistryBackend(RegistryOptions options) {
        this.options = options;
    }

    @Override
    public void open(Loop loop, RegistryEventSink sink) {
        if (log != null) {
            throw new IllegalStateException("embedded registry backend is already open");
        }
        RegistryScheduler scheduler = new LoopRegistryScheduler(loop);
        log = new RevisionLog(sink);
        nodes = new NodeTable(options, scheduler, log);
        config = new ConfigStore(scheduler, log);
    }

    @Override
    public long revision() {
        return log.current();
    }

    @Override
    public Optional<NodeInfo> node(String nodeId) {
        return nodes.node(nodeId);
    }

    @Override
    public List<NodeInfo> nodes() {
        return nodes.nodes();
    }

    @Override
    public Optional<Leadership> leader() {
        return nodes.leader();
    }

    @Override
    public Optional<ConfigEntry> get(String key) {
        return config.get(key);
    }

    @Override
    public List<ConfigEntry> entries(String prefix) {
        return config.entries(prefix);
    }

    @Override
    public CompletionStage<NodeInfo> join(NodeSpec spec) {
        try {
            return CompletableFuture.completedFuture(nodes.join(spec));
        } catch (NodeExistsException taken) {
            return CompletableFuture.failedFuture(taken);
        }
    }

    @Override
    public boolean heartbeat(String nodeId) {
        return nodes.heartbeat(nodeId);
    }

    @Override
    public CompletionStage<NodeInfo> leave(String nodeId) {
        return CompletableFuture.completedFuture(nodes.leave(nodeId));
    }

    @Override
    public CompletionStage<ConfigEntry> put(String key, byte[] value, long ttlNs) {
        return CompletableFuture.completedFuture(config.put(key, value, ttlNs));
    }

    @Override
    public CompletionStage<CasResult> compareAndSet(String key, long expectedVersion,
            byte[] value, long ttlNs) {
        return CompletableFuture.completedFuture(
                config.compareAndSet(key, expectedVersion, value, ttlNs));
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        return CompletableFuture.completedFuture(config.delete(key));
    }

    @Override
    public void close() {
        if (nodes != null) {
            nodes.close();
            config.close();
        }
    }
}

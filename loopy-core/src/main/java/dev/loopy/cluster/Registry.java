package dev.loopy.cluster;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import dev.loopy.WrongThreadException;
import dev.loopy.cluster.spi.RegistryBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A cluster registry: nodes with roles and states, failure detection by heartbeats, one
 * leader, and a versioned key/value configuration with time to live and compare-and-set.
 *
 * <p>Loop thread only: every method throws {@link WrongThreadException} elsewhere. Other
 * threads hand their calls over with {@link Loop#execute(Runnable)}. Events are delivered on
 * the loop thread, in revision order, in a later step than the call that caused them, so a
 * listener never runs inside a registry call.
 *
 * <pre>{@code
 * Registry registry = Registry.embedded(loop);
 * registry.subscribe(event -> metrics.count(event.type().label()));
 * registry.join(NodeSpec.of("node-1").withRoles("worker").withKeepAlive(true));
 * registry.put("db.url", "postgres://db:5432", Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Nodes: a node {@link #join joins} in state joining and turns active on its first
 * {@link #heartbeat heartbeat}. A node that misses its heartbeats for the suspect timeout
 * turns suspect, and down after the down timeout; a heartbeat revives a suspect node, a down
 * node must join again. The registry's loop timers run the detector: nobody has to call a
 * sweep. The leader is always an active node: the active candidate that joined first. It
 * keeps leading while it stays active; when it turns suspect, goes down or leaves, the next
 * one is elected at once with a greater term. No event can observe two leaders.
 *
 * <p>Configuration: {@link #put} and {@link #compareAndSet} store bytes under a key, each
 * write taking the next registry revision as the entry's version. An entry written with a
 * time to live is removed by a loop timer at its deadline, with a
 * {@link RegistryEvent.KeyExpired} event, and is never read past its deadline.
 *
 * <p>Writes return a {@link CompletionStage} completed on the loop thread. The embedded
 * registry completes it before returning; a distributed backend completes it once the store
 * answered. Reads answer from the current view at once. Arguments that break a naming rule
 * throw {@link IllegalArgumentException}; a call naming an absent node throws
 * {@link UnknownNodeException}; joining under a taken id throws {@link NodeExistsException}.
 *
 * <p>Limitations: the embedded registry lives in one process and shares nothing with other
 * processes; for a cluster of machines, use a distributed backend through
 * {@link #create(Loop, RegistryBackend)}. Node states change when the loop runs their
 * timers, so a loop that is blocked delays failure detection.
 */
public final class Registry implements AutoCloseable {
    /** Keys that start with this belong to the registry itself. */
    public static final String RESERVED_KEY_PREFIX = "$";
    /** The longest node id. */
    public static final int MAX_NODE_ID_LENGTH = 128;
    /** The longest role or metadata name. */
    public static final int MAX_NAME_LENGTH = 64;
    /** The longest metadata value. */
    public static final int MAX_METADATA_VALUE_LENGTH = 1024;
    /** The longest key or prefix. */
    public static final int MAX_KEY_LENGTH = 512;
    /** The largest value, in bytes. */
    public static final int MAX_VALUE_BYTES = 1 << 20;

    private static final RegistryWatch[] NO_WATCHES = new RegistryWatch[0];
    private static final Duration LONGEST_TTL = Duration.ofDays(365);

    private final Loop loop;
    private final RegistryBackend backend;
    private final ArrayDeque<RegistryEvent> pending = new ArrayDeque<>();
    private final Runnable drainTask = this::drain;
    private RegistryWatch[] watches = NO_WATCHES;
    private boolean drainScheduled;
    private boolean closed;

    private Registry(Loop loop, RegistryBackend backend) {
        this.loop = loop;
        this.backend = backend;
    }

    /**
     * Creates a registry held in this process, with the default timing.
     *
     * @param loop the loop whose thread uses the registry and runs its timers
     * @return the registry, with no nodes and no entries
     * @throws WrongThreadException if called off the loop's thread
     */
    public static Registry embedded(Loop loop) {
        return embedded(loop, RegistryOptions.defaults());
    }

    /**
     * Creates a registry held in this process.
     *
     * @param loop the loop whose thread uses the registry and runs its timers
     * @param options the timing and election settings
     * @return the registry, with no nodes and no entries
     * @throws WrongThreadException if called off the loop's thread
     */
    public static Registry embedded(Loop loop, RegistryOptions options) {
        Objects.requireNonNull(options, "options");
        return create(loop, new EmbeddedRegistryBackend(options));
    }

    /**
     * Creates a registry in front of a backend, for example one over a distributed store.
     *
     * @param loop the loop whose thread uses the registry
     * @param backend a backend that was not opened yet; the registry opens and closes it
     * @return the registry
     * @throws WrongThreadException if called off the loop's thread
     */
    public static Registry create(Loop loop, RegistryBackend backend) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(backend, "backend");
        checkThread(loop, "create");
        Registry registry = new Registry(loop, backend);
        backend.open(loop, registry::enqueue);
        return registry;
    }

    /**
     * Returns the loop the registry runs on.
     *
     * @return the loop
     */
    public Loop loop() {
        return loop;
    }

    /**
     * Returns the latest revision: every change takes the next one.
     *
     * @return at least 0
     */
    public long revision() {
        check("revision");
        return backend.revision();
    }

    // ---------------------------------------------------------------- nodes

    /**
     * Adds a node, in state joining. A node that is down may join again under its id: the
     * old record is removed first, with a {@link RegistryEvent.NodeLeft} event.
     *
     * @param spec the node's id, roles, metadata and keep-alive choice
     * @return a stage completed with the node as it joined
     * @throws NodeExistsException if a node that is not down holds the id
     */
    public CompletionStage<NodeInfo> join(NodeSpec spec) {
        Objects.requireNonNull(spec, "spec");
        check("join");
        Optional<NodeInfo> existing = backend.node(spec.id());
        if (existing.isPresent() && existing.get().state() != NodeState.DOWN) {
            throw new NodeExistsException(spec.id(), existing.get().state());
        }
        return backend.join(spec);
    }

    /**
     * Adds a node whose heartbeats the caller reports.
     *
     * @param nodeId the node's id
     * @param roles its roles
     * @param metadata its metadata
     * @return a stage completed with the node as it joined
     * @throws IllegalArgumentException if a name breaks its rule
     * @throws NodeExistsException if a node that is not down holds the id
     */
    public CompletionStage<NodeInfo> join(String nodeId, Set<String> roles,
            Map<String, String> metadata) {
        return join(new NodeSpec(nodeId, roles, metadata, false));
    }

    /**
     * Records a heartbeat of a node: a joining or suspect node turns active.
     *
     * @param nodeId the node's id
     * @return true if taken, false if the node is down and must join again
     * @throws UnknownNodeException if the registry holds no such node
     */
    public boolean heartbeat(String nodeId) {
        RegistryNames.nodeId(nodeId);
        check("heartbeat");
        return backend.heartbeat(nodeId);
    }

    /**
     * Removes a node: it turns leaving, gives up its leadership if it had it, and is
     * removed, each step with its event.
     *
     * @param nodeId the node's id
     * @return a stage completed with the node as last known
     * @throws UnknownNodeException if the registry holds no such node
     */
    public CompletionStage<NodeInfo> leave(String nodeId) {
        RegistryNames.nodeId(nodeId);
        check("leave");
        return backend.leave(nodeId);
    }

    /**
     * Looks a node up.
     *
     * @param nodeId the node's id
     * @return the node, or empty
     */
    public Optional<NodeInfo> node(String nodeId) {
        RegistryNames.nodeId(nodeId);
        check("node");
        return backend.node(nodeId);
    }

    /**
     * Lists the nodes, ordered by id.
     *
     * @return a snapshot
     */
    public List<NodeInfo> nodes() {
        check("nodes");
        return backend.nodes();
    }

    /**
     * Lists the nodes that have a role, ordered by id.
     *
     * @param role the role name
     * @return a snapshot
     */
    public List<NodeInfo> nodesWithRole(String role) {
        RegistryNames.roles(Set.of(Objects.requireNonNull(role, "role")));
        check("nodesWithRole");
        List<NodeInfo> matching = new ArrayList<>();
        for (NodeInfo node : backend.nodes()) {
            if (node.hasRole(role)) {
                matching.add(node);
            }
        }
        return matching;
    }

    /**
     * Returns the current leadership.
     *
     * @return the leader's id and term, or empty when no active node can lead
     */
    public Optional<Leadership> leader() {
        check("leader");
        return backend.leader();
    }

    /**
     * Tells whether a node leads.
     *
     * @param nodeId the node's id
     * @return true if it is the leader
     */
    public boolean isLeader(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        return leader().map(leadership -> leadership.nodeId().equals(nodeId)).orElse(false);
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Reads an entry.
     *
     * @param key the key
     * @return the entry, or empty if the key has none
     * @throws IllegalArgumentException if the key breaks its rule
     */
    public Optional<ConfigEntry> get(String key) {
        RegistryNames.key(key);
        check("get");
        return backend.get(key);
    }

    /**
     * Lists the entries whose key starts with a prefix, ordered by key.
     *
     * @param prefix the prefix, empty for every entry
     * @return a snapshot
     * @throws IllegalArgumentException if the prefix breaks the key rule
     */
    public List<ConfigEntry> entries(String prefix) {
        RegistryNames.prefix(prefix);
        check("entries");
        return backend.entries(prefix);
    }

    /**
     * Writes an entry that never expires.
     *
     * @param key the key: 1 to {@value #MAX_KEY_LENGTH} printable characters, not starting
     *     with {@value #RESERVED_KEY_PREFIX}
     * @param value at most {@value #MAX_VALUE_BYTES} bytes, copied
     * @return a stage completed with the entry as written
     * @throws IllegalArgumentException if the key or value breaks its rule
     */
    public CompletionStage<ConfigEntry> put(String key, byte[] value) {
        return write("put", key, value, RegistryBackend.NO_TTL);
    }

    /**
     * Writes an entry that expires on its own.
     *
     * @param key the key
     * @param value the bytes, copied
     * @param ttl the time to live, more than zero and at most 365 days
     * @return a stage completed with the entry as written
     * @throws IllegalArgumentException if an argument breaks its rule
     */
    public CompletionStage<ConfigEntry> put(String key, byte[] value, Duration ttl) {
        return write("put", key, value, ttlNs(ttl));
    }

    /**
     * Writes text, as UTF-8, under a key that never expires.
     *
     * @param key the key
     * @param value the text
     * @return a stage completed with the entry as written
     * @throws IllegalArgumentException if an argument breaks its rule
     */
    public CompletionStage<ConfigEntry> put(String key, String value) {
        return put(key, utf8(value));
    }

    /**
     * Writes text, as UTF-8, under a key that expires on its own.
     *
     * @param key the key
     * @param value the text
     * @param ttl the time to live, more than zero and at most 365 days
     * @return a stage completed with the entry as written
     * @throws IllegalArgumentException if an argument breaks its rule
     */
    public CompletionStage<ConfigEntry> put(String key, String value, Duration ttl) {
        return put(key, utf8(value), ttl);
    }

    /**
     * Writes an entry, never expiring, if the key's version is the expected one.
     *
     * @param key the key
     * @param expectedVersion the version the entry must have, or {@link ConfigEntry#ABSENT}
     *     to create a key that must not exist yet
     * @param value the bytes, copied
     * @return a stage completed with {@link CasOutcome#SET} and the new version, or
     *     {@link CasOutcome#CONFLICT} and the version the key has
     * @throws IllegalArgumentException if an argument breaks its rule
     */
    public CompletionStage<CasResult> compareAndSet(String key, long expectedVersion,
            byte[] value) {
        return compareAndSet(key, expectedVersion, value, RegistryBackend.NO_TTL);
    }

    /**
     * Writes an entry with a time to live if the key's version is the expected one.
     *
     * @param key the key
     * @param expectedVersion the version the entry must have, or {@link ConfigEntry#ABSENT}
     * @param value the bytes, copied
     * @param ttl the time to live, more than zero and at most 365 days
     * @return a stage completed with the outcome
     * @throws IllegalArgumentException if an argument breaks its rule
     */
    public CompletionStage<CasResult> compareAndSet(String key, long expectedVersion,
            byte[] value, Duration ttl) {
        return compareAndSet(key, expectedVersion, value, ttlNs(ttl));
    }

    /**
     * Writes text, as UTF-8 and never expiring, if the key's version is the expected one.
     *
     * @param key the key
     * @param expectedVersion the version the entry must have, or {@link ConfigEntry#ABSENT}
     * @param value the text
     * @return a stage completed with the outcome
     * @throws IllegalArgumentException if an argument breaks its rule
     */
    public CompletionStage<CasResult> compareAndSet(String key, long expectedVersion,
            String value) {
        return compareAndSet(key, expectedVersion, utf8(value));
    }

    /**
     * Deletes an entry.
     *
     * @param key the key
     * @return a stage completed with true if the key had an entry
     * @throws IllegalArgumentException if the key breaks its rule
     */
    public CompletionStage<Boolean> delete(String key) {
        RegistryNames.key(key);
        check("delete");
        return backend.delete(key);
    }

    // ---------------------------------------------------------------- events

    /**
     * Subscribes a listener to every event: nodes, leadership and keys.
     *
     * @param listener called on the loop thread
     * @return the watch, to cancel the subscription
     */
    public RegistryWatch subscribe(RegistryListener listener) {
        return addWatch("subscribe", null, listener);
    }

    /**
     * Watches the keys that start with a prefix: the listener receives their
     * {@link RegistryEvent.KeyEvent}s, put, deleted and expired.
     *
     * @param prefix the key prefix, empty for every key
     * @param listener called on the loop thread
     * @return the watch, to cancel it
     * @throws IllegalArgumentException if the prefix breaks the key rule
     */
    public RegistryWatch watch(String prefix, RegistryListener listener) {
        RegistryNames.prefix(prefix);
        return addWatch("watch", prefix, listener);
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the registry and its backend: timers stop, watches end, and events not yet
     * delivered are dropped. The embedded registry's nodes and entries are gone with it.
     * Idempotent.
     */
    @Override
    public void close() {
        checkThread(loop, "close");
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        for (RegistryWatch watch : watches) {
            watch.deactivate();
        }
        watches = NO_WATCHES;
        backend.close();
    }

    @Override
    public String toString() {
        return "Registry[backend=" + backend.getClass().getSimpleName() + ", watches="
                + watches.length + (closed ? ", closed" : "") + "]";
    }

    void removeWatch(RegistryWatch watch) {
        checkThread(loop, "cancel");
        RegistryWatch[] current = watches;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == watch) {
                RegistryWatch[] fewer = Arrays.copyOf(current, current.length - 1);
                System.arraycopy(current, i + 1, fewer, i, current.length - i - 1);
                watches = fewer;
                return;
            }
        }
    }

    private RegistryWatch addWatch(String method, String prefix, RegistryListener listener) {
        Objects.requireNonNull(listener, "listener");
        check(method);
        RegistryWatch watch = new RegistryWatch(this, prefix, listener, backend.revision());
        RegistryWatch[] more = Arrays.copyOf(watches, watches.length + 1);
        more[watches.length] = watch;
        watches = more;
        return watch;
    }

    private CompletionStage<ConfigEntry> write(String method, String key, byte[] value,
            long ttlNs) {
        RegistryNames.key(key);
        RegistryNames.value(value);
        check(method);
        return backend.put(key, value, ttlNs);
    }

    private CompletionStage<CasResult> compareAndSet(String key, long expectedVersion,
            byte[] value, long ttlNs) {
        RegistryNames.key(key);
        RegistryNames.value(value);
        if (expectedVersion < ConfigEntry.ABSENT) {
            throw new IllegalArgumentException("expectedVersion=" + expectedVersion
                    + " (expected >= 0, 0 for a key that must not exist)");
        }
        check("compareAndSet");
        return backend.compareAndSet(key, expectedVersion, value, ttlNs);
    }

    /** Called by the backend, within its calls or timers, for every change. */
    private void enqueue(RegistryEvent event) {
        if (closed) {
            return;
        }
        pending.add(event);
        if (!drainScheduled) {
            drainScheduled = true;
            loop.execute(drainTask);
        }
    }

    private void drain() {
        drainScheduled = false;
        RegistryEvent event;
        while (!closed && (event = pending.poll()) != null) {
            deliver(event);
        }
    }

    private void deliver(RegistryEvent event) {
        for (RegistryWatch watch : watches) {
            if (watch.accepts(event)) {
                try {
                    watch.listener().onEvent(event);
                } catch (RuntimeException failure) {
                    loop.reportFailure(failure);
                }
            }
        }
    }

    private void check(String method) {
        checkThread(loop, method);
        if (closed) {
            throw new ClosedException("registry is closed (" + method + ")");
        }
    }

    private static void checkThread(Loop loop, String method) {
        if (!loop.inLoopThread()) {
            throw new WrongThreadException("Registry." + method + ": called from "
                    + Thread.currentThread().getName() + " but the registry belongs to "
                    + "its loop's thread");
        }
    }

    private static long ttlNs(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(LONGEST_TTL) > 0) {
            throw new IllegalArgumentException(
                    "ttl=" + ttl + " (expected > 0 and <= " + LONGEST_TTL + ")");
        }
        return ttl.toNanos();
    }

    private static byte[] utf8(String value) {
        return Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8);
    }
}

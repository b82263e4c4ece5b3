package dev.loopy.cluster.spi;

import dev.loopy.Loop;
import dev.loopy.cluster.CasResult;
import dev.loopy.cluster.ConfigEntry;
import dev.loopy.cluster.Leadership;
import dev.loopy.cluster.NodeInfo;
import dev.loopy.cluster.NodeSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The store behind a {@link dev.loopy.cluster.Registry}: membership, failure detection,
 * election and versioned configuration, embedded in the process or in a distributed engine.
 *
 * <p>Every method is called on the loop thread of the registry that opened the backend.
 * The registry checks every argument before it reaches the backend, so a backend sees only
 * valid ids, keys and values. Reads answer from the backend's current view without waiting;
 * writes return a stage that the backend completes on the loop thread (it may be complete
 * already when returned). Every change the backend learns of, its own writes included, is
 * reported to the {@link RegistryEventSink} with strictly growing revisions, before or at
 * the moment the write's stage completes.
 *
 * <p>How the contract maps onto etcd (v3): a node is a key under the cluster's node prefix,
 * attached to a lease whose time to live is the suspect timeout plus the down timeout;
 * {@link #heartbeat(String)} is a keep-alive of that lease and {@link #leave(String)} its
 * revocation. A node whose lease has less than the down timeout left (read with a lease
 * time-to-live query) is reported suspect, and the lease's expiry, seen as the deletion of
 * the node's key, as the node going down. The leader is the winner of the election API
 * campaigned on each candidate's lease, and a {@link Leadership}'s term is the create
 * revision of the winning election key, a fencing token that only grows. A configuration
 * key with a time to live is put with a lease of its own; {@link #compareAndSet} is a
 * transaction comparing the key's modification revision, which is the entry's
 * {@link ConfigEntry#version() version}. Events come from one watch on the registry's
 * prefix, started at the revision after the initial read so that no change falls in
 * between. Stores that count time to live in whole seconds round it up.
 */
public interface RegistryBackend extends AutoCloseable {
    /** The time to live of an entry that never expires. */
    long NO_TTL = 0;

    /**
     * Starts the backend. Called once, before any other method.
     *
     * @param loop the loop whose thread calls the backend and on which it completes stages
     * @param sink where the backend reports changes
     */
    void open(Loop loop, RegistryEventSink sink);

    /**
     * Returns the latest revision the backend reported or knows of.
     *
     * @return at least 0
     */
    long revision();

    /**
     * Looks a node up.
     *
     * @param nodeId a valid node id
     * @return the node, or empty
     */
    Optional<NodeInfo> node(String nodeId);

    /**
     * Lists the nodes, ordered by id.
     *
     * @return a snapshot
     */
    List<NodeInfo> nodes();

    /**
     * Returns the current leadership.
     *
     * @return the leader and its term, or empty when no node leads
     */
    Optional<Leadership> leader();

    /**
     * Reads one entry.
     *
     * @param key a valid key
     * @return the entry, or empty if the key has none or it expired
     */
    Optional<ConfigEntry> get(String key);

    /**
     * Lists the entries whose key starts with a prefix, ordered by key.
     *
     * @param prefix a valid prefix, possibly empty
     * @return a snapshot
     */
    List<ConfigEntry> entries(String prefix);

    /**
     * Adds a node in state joining.
     *
     * @param spec the node
     * @return a stage completed with the node as it joined, or failed with
     *     {@link dev.loopy.cluster.NodeExistsException}
     */
    CompletionStage<NodeInfo> join(NodeSpec spec);

    /**
     * Records a heartbeat of a node that joined through this backend.
     *
     * @param nodeId a valid node id
     * @return true if the heartbeat was taken, false if the node is down and must join again
     * @throws dev.loopy.cluster.UnknownNodeException if the backend holds no such node
     */
    boolean heartbeat(String nodeId);

    /**
     * Removes a node that joined through this backend, reporting it leaving first.
     *
     * @param nodeId a valid node id
     * @return a stage completed with the node as last known
     * @throws dev.loopy.cluster.UnknownNodeException if the backend holds no such node
     */
    CompletionStage<NodeInfo> leave(String nodeId);

    /**
     * Writes an entry.
     *
     * @param key a valid key
     * @param value the caller's bytes, to copy if kept ({@link ConfigEntry}'s constructor
     *     copies them)
     * @param ttlNs the time to live in nanoseconds, or {@link #NO_TTL}
     * @return a stage completed with the entry as written
     */
    CompletionStage<ConfigEntry> put(String key, byte[] value, long ttlNs);

    /**
     * Writes an entry if its version is the expected one.
     *
     * @param key a valid key
     * @param expectedVersion the version the entry must have, or {@link ConfigEntry#ABSENT}
     *     for a key that must not exist
     * @param value the bytes
     * @param ttlNs the time to live in nanoseconds, or {@link #NO_TTL}
     * @return a stage completed with the outcome
     */
    CompletionStage<CasResult> compareAndSet(String key, long expectedVersion, byte[] value,
            long ttlNs);

    /**
     * Deletes an entry.
     *
     * @param key a valid key
     * @return a stage completed with true if the key had an entry
     */
    CompletionStage<Boolean> delete(String key);

    /**
     * Stops the backend: no more events, no more timers, nodes it keeps alive are given up.
     * Idempotent.
     */
    @Override
    void close();
}

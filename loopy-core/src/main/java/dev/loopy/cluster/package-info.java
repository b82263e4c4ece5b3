/**
 * The cluster registry: which nodes exist, what state each is in, who leads, and a
 * versioned key/value configuration, with every change delivered as an event on the loop.
 *
 * <p>Vocabulary used throughout:
 * <ul>
 *   <li><b>node</b>: a member of the cluster, named by an id, with a set of <b>roles</b>
 *       and a map of <b>metadata</b>;</li>
 *   <li><b>state</b>: joining, active, suspect, down or leaving ({@link
 *       dev.loopy.cluster.NodeState});</li>
 *   <li><b>heartbeat</b>: a sign of life of a node; a <b>kept-alive</b> node is heartbeated
 *       by the registry itself;</li>
 *   <li><b>suspect timeout</b>: how long a node may miss heartbeats before it turns suspect;
 *       <b>down timeout</b>: how long it may stay suspect before it is down;</li>
 *   <li><b>candidate</b>: an active node that may lead; the <b>leader</b> is one
 *       candidate, for a <b>term</b> that only grows;</li>
 *   <li><b>revision</b>: the registry's change counter; every change takes the next one,
 *       and an entry's <b>version</b> is the revision of its last write;</li>
 *   <li><b>entry</b>: a value under a <b>key</b>, with an optional <b>time to live</b>
 *       (TTL) after which it <b>expires</b>;</li>
 *   <li><b>watch</b>: a listener's subscription to events, all of them or those of the
 *       keys under a prefix;</li>
 *   <li><b>backend</b>: the store behind the registry, embedded or distributed ({@link
 *       dev.loopy.cluster.spi}).</li>
 * </ul>
 *
 * <p>Everything in this package is used from the loop thread of the registry's loop,
 * except the immutable values ({@link dev.loopy.cluster.NodeInfo},
 * {@link dev.loopy.cluster.ConfigEntry}, the events), which any thread may read.
 */
package dev.loopy.cluster;

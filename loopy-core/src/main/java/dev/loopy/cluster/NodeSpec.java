package dev.loopy.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a node brings when it joins: its id, its roles, its metadata, and whether the
 * registry heartbeats it by itself.
 *
 * <p>Immutable; the components are checked and copied when the spec is made. A node with
 * {@code keepAlive} is one that lives in this process: the registry heartbeats it every
 * {@link RegistryOptions#heartbeatInterval() heartbeat interval} by a loop timer until it
 * leaves. A node without it is one whose liveness the caller learns from elsewhere, for
 * example pings over the network, and reports with {@link Registry#heartbeat(String)}.
 *
 * @param id the node's id: 1 to {@value Registry#MAX_NODE_ID_LENGTH} characters among
 *     letters, digits and {@code . _ - : @}
 * @param roles role names, same characters, 1 to {@value Registry#MAX_NAME_LENGTH} each
 * @param metadata names (as for roles) to printable values of at most
 *     {@value Registry#MAX_METADATA_VALUE_LENGTH} characters
 * @param keepAlive true if the registry heartbeats the node by itself
 */
public record NodeSpec(String id, Set<String> roles, Map<String, String> metadata,
        boolean keepAlive) {
    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a name or value breaks its rule
     */
    public NodeSpec {
        RegistryNames.nodeId(id);
        roles = RegistryNames.roles(roles);
        metadata = RegistryNames.metadata(metadata);
    }

    /**
     * Makes the spec of a node with no roles, no metadata and caller-reported heartbeats.
     *
     * @param id the node's id
     * @return the spec
     * @throws IllegalArgumentException if the id breaks its rule
     */
    public static NodeSpec of(String id) {
        return new NodeSpec(id, Set.of(), Map.of(), false);
    }

    /**
     * Returns a copy with other roles.
     *
     * @param names the role names
     * @return the new spec
     */
    public NodeSpec withRoles(String... names) {
        return new NodeSpec(id, Set.of(names), metadata, keepAlive);
    }

    /**
     * Returns a copy with one more metadata pair, replacing an earlier value of that name.
     *
     * @param name the metadata name
     * @param value the value
     * @return the new spec
     */
    public NodeSpec withMetadata(String name, String value) {
        Map<String, String> more = new HashMap<>(metadata);
        more.put(name, value);
        return new NodeSpec(id, roles, more, keepAlive);
    }

    /**
     * Returns a copy that the registry heartbeats by itself, or not.
     *
     * @param enabled true for a node that lives in this process
     * @return the new spec
     */
    public NodeSpec withKeepAlive(boolean enabled) {
        return new NodeSpec(id, roles, metadata, enabled);
    }
}

package dev.loopy.pubsub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions of a hub as a tree of words, and a cache of the routes of recently
 * published topics.
 *
 * <p>{@link #lookup(String)} may be called from any thread without locking; {@link #add}
 * and {@link #remove} are serialized by this object's monitor.
 */
final class RouteTable {
    /*
     * Each node stands for a pattern prefix. Its children are keyed by the next word, with
     * '*' and '#' children of their own; the endpoints whose pattern ends at the node sit
     * in a copy-on-write array. Matching a topic of n words walks literal and '*' children
     * one word at a time, and lets a '#' child absorb zero to all of the remaining words,
     * so it visits only nodes on paths that can still match, never every subscription.
     *
     * Runs of '#' are folded at parse time, so a pattern with a single '#' matches a topic
     * along one path only. A pattern with two separate '#' words can match along several
     * paths; while such patterns exist, matches are deduplicated.
     *
     * The cache maps a topic to its route. Every change of the tree bumps the version; a
     * cached route counts only if it carries the current version, so a route computed
     * while a change was being made is recomputed on its next use. Writers publish their
     * tree changes before the version with a volatile write; readers load the version
     * first.
     */
    private final Node root = new Node();
    private final ConcurrentHashMap<String, Route> cache = new ConcurrentHashMap<>();
    private final int cacheLimit;
    private volatile long version;
    private volatile int multiAnyWordsPatterns;

    RouteTable(int cacheLimit) {
        this.cacheLimit = cacheLimit;
    }

    /**
     * Returns the route of a valid topic.
     *
     * @param topic the topic
     * @return its route, possibly cached
     */
    Route lookup(String topic) {
        long current = version;
        if (cacheLimit == 0) {
            return compute(topic, current);
        }
        Route cached = cache.get(topic);
        if (cached != null && cached.version == current) {
            return cached;
        }
        Route route = compute(topic, current);
        if (cache.size() >= cacheLimit) {
            cache.clear();
        }
        cache.put(topic, route);
        return route;
    }

    synchronized void add(Endpoint endpoint) {
        Node node = root;
        for (String word : endpoint.topicPattern().matchWords()) {
            node = node.childOrCreate(word);
        }
        node.endpoints = append(node.endpoints, endpoint);
        if (endpoint.topicPattern().anyWordsCount() > 1) {
            multiAnyWordsPatterns++;
        }
        changed();
    }

    synchronized void remove(Endpoint endpoint) {
        String[] words = endpoint.topicPattern().matchWords();
        Node[] path = new Node[words.length + 1];
        path[0] = root;
        for (int i = 0; i < words.length; i++) {
            path[i + 1] = path[i].child(words[i]);
            if (path[i + 1] == null) {
                return;
            }
        }
        Node last = path[words.length];
        last.endpoints = without(last.endpoints, endpoint);
        prune(path, words);
        if (endpoint.topicPattern().anyWordsCount() > 1) {
            multiAnyWordsPatterns--;
        }
        changed();
    }

    private void changed() {
        version = version + 1;
        cache.clear();
    }

    private static void prune(Node[] path, String[] words) {
        for (int i = words.length; i > 0; i--) {
            if (!path[i].isEmpty()) {
                return;
            }
            path[i - 1].removeChild(words[i - 1]);
        }
    }

    private Route compute(String topic, long atVersion) {
        String[] words = topic.split("\\.");
        List<Endpoint> found = new ArrayList<>();
        match(root, words, 0, found);
        if (multiAnyWordsPatterns > 0 && found.size() > 1) {
            Set<Endpoint> unique = Collections.newSetFromMap(new IdentityHashMap<>());
            found.removeIf(endpoint -> !unique.add(endpoint));
        }
        return build(found, atVersion);
    }

    private static void match(Node node, String[] words, int index, List<Endpoint> found) {
        if (index == words.length) {
            Collections.addAll(found, node.endpoints);
        } else {
            Node literal = node.literal.get(words[index]);
            if (literal != null) {
                match(literal, words, index + 1, found);
            }
            Node oneWord = node.oneWord;
            if (oneWord != null) {
                match(oneWord, words, index + 1, found);
            }
        }
        Node anyWords = node.anyWords;
        if (anyWords != null) {
            for (int rest = index; rest <= words.length; rest++) {
                match(anyWords, words, rest, found);
            }
        }
    }

    private static Route build(List<Endpoint> found, long atVersion) {
        List<Endpoint> broadcast = new ArrayList<>(found.size());
        Map<Mailbox, List<Endpoint>> shared = new LinkedHashMap<>();
        Map<Group, List<Endpoint>> groups = new LinkedHashMap<>();
        for (Endpoint endpoint : found) {
            Group group = endpoint.groupOrNull();
            Mailbox mailbox = endpoint.mailboxOrNull();
            if (group != null) {
                groups.computeIfAbsent(group, key -> new ArrayList<>()).add(endpoint);
            } else if (mailbox != null) {
                shared.computeIfAbsent(mailbox, key -> new ArrayList<>()).add(endpoint);
            } else {
                broadcast.add(endpoint);
            }
        }
        return new Route(atVersion, broadcast.toArray(Route.NO_ENDPOINTS), shared(shared),
                members(groups), found.size());
    }

    private static Route.Shared[] shared(Map<Mailbox, List<Endpoint>> byMailbox) {
        Route.Shared[] shared = new Route.Shared[byMailbox.size()];
        int next = 0;
        for (Map.Entry<Mailbox, List<Endpoint>> entry : byMailbox.entrySet()) {
            Endpoint[] targets = entry.getValue().toArray(Route.NO_ENDPOINTS);
            int smallest = Integer.MAX_VALUE;
            for (Endpoint target : targets) {
                smallest = Math.min(smallest, target.options().capacity());
            }
            shared[next++] = new Route.Shared(entry.getKey(), targets, smallest);
        }
        return shared;
    }

    private static Route.Members[] members(Map<Group, List<Endpoint>> byGroup) {
        Route.Members[] members = new Route.Members[byGroup.size()];
        int next = 0;
        for (Map.Entry<Group, List<Endpoint>> entry : byGroup.entrySet()) {
            members[next++] = new Route.Members(entry.getKey(),
                    entry.getValue().toArray(Route.NO_ENDPOINTS));
        }
        return members;
    }

    private static Endpoint[] append(Endpoint[] endpoints, Endpoint endpoint) {
        Endpoint[] grown = Arrays.copyOf(endpoints, endpoints.length + 1);
        grown[endpoints.length] = endpoint;
        return grown;
    }

    private static Endpoint[] without(Endpoint[] endpoints, Endpoint endpoint) {
        List<Endpoint> kept = new ArrayList<>(Arrays.asList(endpoints));
        kept.remove(endpoint);
        return kept.toArray(Route.NO_ENDPOINTS);
    }

    /** One pattern prefix; children and endpoints are replaced under the table's lock. */
    private static final class Node {
        final ConcurrentHashMap<String, Node> literal = new ConcurrentHashMap<>();
        volatile Node oneWord;
        volatile Node anyWords;
        volatile Endpoint[] endpoints = Route.NO_ENDPOINTS;

        Node child(String word) {
            return switch (word) {
                case Topics.ONE_WORD -> oneWord;
                case Topics.ANY_WORDS -> anyWords;
                default -> literal.get(word);
            };
        }

        Node childOrCreate(String word) {
            Node existing = child(word);
            if (existing != null) {
                return existing;
            }
            Node created = new Node();
            switch (word) {
                case Topics.ONE_WORD -> oneWord = created;
                case Topics.ANY_WORDS -> anyWords = created;
                default -> literal.put(word, created);
            }
            return created;
        }

        void removeChild(String word) {
            switch (word) {
                case Topics.ONE_WORD -> oneWord = null;
                case Topics.ANY_WORDS -> anyWords = null;
                default -> literal.remove(word);
            }
        }

        boolean isEmpty() {
            return endpoints.length == 0 && literal.isEmpty() && oneWord == null
                    && anyWords == null;
        }
    }
}

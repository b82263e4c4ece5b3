package dev.loopy.cluster;

import dev.loopy.cluster.RegistryEvent.KeyDeleted;
import dev.loopy.cluster.RegistryEvent.KeyExpired;
import dev.loopy.cluster.RegistryEvent.KeyPut;
import dev.loopy.cluster.spi.RegistryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The embedded registry's versioned key/value entries and their times to live.
 *
 * <p>Loop thread only. An entry written with a time to live gets a one-shot timer that
 * removes it at its deadline and reports {@link KeyExpired}. A read or write that reaches a
 * key whose deadline passed before its timer ran expires it first, so no entry is ever seen
 * past its deadline.
 */
final class ConfigStore {
    private final RegistryScheduler scheduler;
    private final RevisionLog log;
    private final TreeMap<String, Stored> entries = new TreeMap<>();

    /** An entry and the timer that expires it, or null when it never expires. */
    private record Stored(ConfigEntry entry, RegistryScheduler.Scheduled expiry) {
        void cancel() {
            if (expiry != null) {
                expiry.cancel();
            }
        }
    }

    ConfigStore(RegistryScheduler scheduler, RevisionLog log) {
        this.scheduler = scheduler;
        this.log = log;
    }

    Optional<ConfigEntry> get(String key) {
        Stored stored = live(key);
        return stored == null ? Optional.empty() : Optional.of(stored.entry());
    }

    List<ConfigEntry> entries(String prefix) {
        expireDue(prefix);
        List<ConfigEntry> matching = new ArrayList<>();
        for (Map.Entry<String, Stored> slot : entries.tailMap(prefix, true).entrySet()) {
            if (!slot.getKey().startsWith(prefix)) {
                break;
            }
            matching.add(slot.getValue().entry());
        }
        return matching;
    }

    ConfigEntry put(String key, byte[] value, long ttlNs) {
        Stored previous = live(key);
        long revision = log.next();
        long createVersion = previous == null ? revision : previous.entry().createVersion();
        boolean expires = ttlNs != RegistryBackend.NO_TTL;
        long deadlineNs = expires ? scheduler.nowNs() + ttlNs : ConfigEntry.NO_DEADLINE;
        ConfigEntry entry = new ConfigEntry(key, value, revision, createVersion, deadlineNs);
        if (previous != null) {
            previous.cancel();
        }
        entries.put(key, new Stored(entry, expires ? expireAfter(entry, ttlNs) : null));
        long previousVersion = previous == null ? ConfigEntry.ABSENT : previous.entry().version();
        log.emit(new KeyPut(revision, entry, previousVersion));
        return entry;
    }

    CasResult compareAndSet(String key, long expectedVersion, byte[] value, long ttlNs) {
        Stored current = live(key);
        long version = current == null ? ConfigEntry.ABSENT : current.entry().version();
        if (version != expectedVersion) {
            return new CasResult(CasOutcome.CONFLICT, version);
        }
        return new CasResult(CasOutcome.SET, put(key, value, ttlNs).version());
    }

    boolean delete(String key) {
        Stored stored = live(key);
        if (stored == null) {
            return false;
        }
        stored.cancel();
        entries.remove(key);
        log.emit(new KeyDeleted(log.next(), key, stored.entry().version()));
        return true;
    }

    void close() {
        for (Stored stored : entries.values()) {
            stored.cancel();
        }
    }

    private RegistryScheduler.Scheduled expireAfter(ConfigEntry entry, long ttlNs) {
        return scheduler.schedule(ttlNs, () -> expireIfCurrent(entry));
    }

    private void expireIfCurrent(ConfigEntry entry) {
        Stored stored = entries.get(entry.key());
        if (stored != null && stored.entry() == entry) {
            expire(stored);
        }
    }

    /** Returns the key's entry, expiring it first if its deadline passed. */
    private Stored live(String key) {
        Stored stored = entries.get(key);
        if (stored != null && stored.entry().deadlineNs() <= scheduler.nowNs()) {
            expire(stored);
            return null;
        }
        return stored;
    }

    private void expireDue(String prefix) {
        long nowNs = scheduler.nowNs();
        List<Stored> due = new ArrayList<>();
        for (Map.Entry<String, Stored> slot : entries.tailMap(prefix, true).entrySet()) {
            if (!slot.getKey().startsWith(prefix)) {
                break;
            }
            if (slot.getValue().entry().deadlineNs() <= nowNs) {
                due.add(slot.getValue());
            }
        }
        for (Stored stored : due) {
            expire(stored);
        }
    }

    private void expire(Stored stored) {
        stored.cancel();
        ConfigEntry entry = stored.entry();
        entries.remove(entry.key());
        log.emit(new KeyExpired(log.next(), entry.key(), entry.version()));
    }
}

package dev.loopy.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One versioned configuration value: its key, its bytes, its version and its deadline.
 *
 * <p>Immutable and safe to share between threads: the bytes are copied in when the entry is
 * made and copied out by {@link #value()}. Versions are registry revisions: every change in
 * the registry takes the next revision, so versions only grow, across all keys, and the
 * version of an entry changes on every write to it.
 */
public final class ConfigEntry {
    /** The version an absent key has, which a compare-and-set expects to create the key. */
    public static final long ABSENT = 0;
    /** The deadline of an entry that never expires. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final String key;
    private final byte[] value;
    private final long version;
    private final long createVersion;
    private final long deadlineNs;

    /**
     * Makes an entry.
     *
     * @param key the key
     * @param value the bytes, copied
     * @param version the revision of the write that made this value, at least 1
     * @param createVersion the revision at which the key was created, at least 1 and at most
     *     {@code version}
     * @param deadlineNs when the entry expires, on the loop's clock, or {@link #NO_DEADLINE}
     * @throws IllegalArgumentException if a version breaks its rule
     */
    public ConfigEntry(String key, byte[] value, long version, long createVersion,
            long deadlineNs) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value").clone();
        if (createVersion < 1 || createVersion > version) {
            throw new IllegalArgumentException("createVersion=" + createVersion
                    + " (expected 1 to version=" + version + ")");
        }
        this.version = version;
        this.createVersion = createVersion;
        this.deadlineNs = deadlineNs;
    }

    /**
     * Returns the key.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * Returns a copy of the bytes.
     *
     * @return a new array on every call
     */
    public byte[] value() {
        return value.clone();
    }

    /**
     * Returns the bytes decoded as UTF-8.
     *
     * @return the text
     */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /**
     * Returns the number of bytes.
     *
     * @return the length of the value
     */
    public int valueLength() {
        return value.length;
    }

    /**
     * Returns the version: the revision of the write that made this value.
     *
     * @return at least 1
     */
    public long version() {
        return version;
    }

    /**
     * Returns the revision at which the key was created, which later writes keep.
     *
     * @return at least 1
     */
    public long createVersion() {
        return createVersion;
    }

    /**
     * Returns when the entry expires.
     *
     * @return the deadline on the loop's clock in nanoseconds, or {@link #NO_DEADLINE}
     */
    public long deadlineNs() {
        return deadlineNs;
    }

    /**
     * Tells whether the entry expires on its own.
     *
     * @return true if it was written with a time to live
     */
    public boolean expires() {
        return deadlineNs != NO_DEADLINE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigEntry entry && entry.version == version
                && entry.createVersion == createVersion && entry.deadlineNs == deadlineNs
                && entry.key.equals(key) && Arrays.equals(entry.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, version) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "ConfigEntry[key=" + key + ", version=" + version + ", bytes=" + value.length
                + (expires() ? ", deadlineNs=" + deadlineNs : "") + "]";
    }
}

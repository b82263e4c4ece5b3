package dev.loopy.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules for node ids, roles, metadata, keys and values, checked before anything reaches
 * a backend. Node ids, roles and metadata names are path components in a distributed store,
 * so they keep to a small character set; keys may hold any printable character.
 */
final class RegistryNames {
    private static final String NAME_RULE = " characters among letters, digits and . _ - : @";

    private RegistryNames() {
    }

    static String nodeId(String nodeId) {
        return name("nodeId", nodeId, Registry.MAX_NODE_ID_LENGTH);
    }

    static Set<String> roles(Set<String> roles) {
        Objects.requireNonNull(roles, "roles");
        for (String role : roles) {
            name("role", role, Registry.MAX_NAME_LENGTH);
        }
        return Set.copyOf(roles);
    }

    static Map<String, String> metadata(Map<String, String> metadata) {
        Objects.requireNonNull(metadata, "metadata");
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            name("metadata key", entry.getKey(), Registry.MAX_NAME_LENGTH);
            text("metadata value", entry.getValue(), Registry.MAX_METADATA_VALUE_LENGTH);
        }
        return Map.copyOf(metadata);
    }

    static String key(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key=\"\" (expected 1 to "
                    + Registry.MAX_KEY_LENGTH + " printable characters)");
        }
        return prefix("key", key);
    }

    static String prefix(String prefix) {
        return prefix("prefix", prefix);
    }

    static byte[] value(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length > Registry.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value.length=" + value.length
                    + " (expected <= " + Registry.MAX_VALUE_BYTES + ")");
        }
        return value;
    }

    private static String prefix(String what, String text) {
        text(what, text, Registry.MAX_KEY_LENGTH);
        if (text.startsWith(Registry.RESERVED_KEY_PREFIX)) {
            throw new IllegalArgumentException(what + "=" + quote(text)
                    + " (expected no leading " + Registry.RESERVED_KEY_PREFIX
                    + ", which is reserved for the registry)");
        }
        return text;
    }

    private static String name(String what, String name, int maxLength) {
        Objects.requireNonNull(name, what);
        if (name.isEmpty() || name.length() > maxLength || !nameCharacters(name)) {
            throw new IllegalArgumentException(
                    what + "=" + quote(name) + " (expected 1 to " + maxLength + NAME_RULE + ")");
        }
        return name;
    }

    private static void text(String what, String text, int maxLength) {
        Objects.requireNonNull(text, what);
        if (text.length() > maxLength || !printable(text)) {
            throw new IllegalArgumentException(what + "=" + quote(text)
                    + " (expected at most " + maxLength + " printable characters)");
        }
    }

    private static boolean nameCharacters(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9');
            if (!letterOrDigit && ".-_:@".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Quotes a refused name with its control characters escaped, and long ones cut. */
    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), 40) + 2).append('"');
        int shown = Math.min(text.length(), 32);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        if (shown < text.length()) {
            quoted.append("...");
        }
        return quoted.append('"').toString();
    }
}

package dev.versioned.gateway.auth;

import dev.versioned.gateway.config.ApiKeyConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys in force at one time, as digests, immutable: the configuration's and the key file's. A lookup
 * compares the presented key's digest with every entry's, in constant time each and without stopping at a
 * match, so its duration depends on the number of keys only.
 */
public final class KeySet {

    private record Entry(byte[] digest, ApiClient client) {}

    private final List<Entry> entries;

    private KeySet(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The keys of {@code configured}; refused (with a message that names entries by name or position, never
     * by key) when an entry lacks a key, a name, or a store or collection, spells a malformed digest, or repeats another's key.
     */
    public static KeySet of(List<ApiKeyConfig> configured) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            ApiKeyConfig key = configured.get(i);
            String where = "API key #" + (i + 1) + (isBlank(key.getName()) ? "" : " (" + key.getName() + ")");
            if (isBlank(key.getKey()) || isBlank(key.getName())) {
                throw new IllegalArgumentException(where + " needs a key and a name");
            }
            if (isEmpty(key.getStores()) && isEmpty(key.getCollections())) {
                throw new IllegalArgumentException(where + " needs stores or collections");
            }
            if (anyBlank(key.getStores()) || anyBlank(key.getCollections())) {
                throw new IllegalArgumentException(where + " names a blank store or collection");
            }
            if (!KeyDigest.isWellFormed(key.getKey())) {
                throw new IllegalArgumentException(where + ": a sha256: key must be followed by 64 hex digits");
            }
            RateLimit limit;
            try {
                limit = RateLimit.of(key.getRatePerSecond(), key.getBurst());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            byte[] digest = KeyDigest.ofConfigured(key.getKey());
            if (entries.stream().anyMatch(e -> KeyDigest.same(e.digest, digest))) {
                throw new IllegalArgumentException(where + " repeats the key of another entry");
            }
            entries.add(new Entry(digest, ApiClient.of(key.getName(), key.getStores(), key.getCollections(), limit)));
        }
        return new KeySet(entries);
    }

    /** The client of a presented key, if it is one of these. */
    public Optional<ApiClient> find(String presented) {
        byte[] digest = KeyDigest.of(presented);
        ApiClient found = null;
        for (Entry entry : entries) {
            // Every entry is compared: no exit at the first match.
            if (KeyDigest.same(entry.digest, digest) && found == null) {
                found = entry.client;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The names of the keys, in configuration order. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        entries.forEach(e -> names.add(e.client.name()));
        return names;
    }

    public int size() {
        return entries.size();
    }

    private static boolean isEmpty(List<String> names) {
        return names == null || names.isEmpty();
    }

    private static boolean anyBlank(List<String> names) {
        return names != null && names.stream().anyMatch(KeySet::isBlank);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

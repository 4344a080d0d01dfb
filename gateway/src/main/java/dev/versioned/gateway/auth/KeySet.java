package dev.versioned.gateway.auth;

import dev.versioned.gateway.config.ApiKeyConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
     * The keys of {@code configured}; refused ({@link InvalidKeys}), with a message that names entries by where they
     * were written and by name, never by key, when an entry breaks a rule of its own ({@link ApiKeyConfig#problem()}), repeats
     * another's key, or sets another rate limit than an entry of the same name: a name's keys (the old and the
     * new one of a rotation) share one token bucket, so they must agree on its size.
     */
    public static KeySet of(List<KeyEntry> configured) {
        List<Entry> entries = new ArrayList<>();
        List<KeyEntry> taken = new ArrayList<>();
        Map<String, KeyEntry> firstOfName = new HashMap<>();
        for (KeyEntry entry : configured) {
            ApiKeyConfig key = entry.config();
            Optional<String> problem = key.problem();
            if (problem.isPresent()) {
                throw new InvalidKeys(entry.named() + ": " + problem.get());
            }
            byte[] digest = KeyDigest.ofConfigured(key.getKey());
            for (int i = 0; i < entries.size(); i++) {
                if (KeyDigest.same(entries.get(i).digest, digest)) {
                    throw new InvalidKeys(entry.named() + " repeats the key of "
                            + taken.get(i).named());
                }
            }
            RateLimit limit = RateLimit.of(key);
            KeyEntry first = firstOfName.putIfAbsent(key.getName(), entry);
            if (first != null && !RateLimit.of(first.config()).equals(limit)) {
                throw new InvalidKeys(entry.named() + " sets " + limit.described() + ", but "
                        + first.named() + " sets "
                        + RateLimit.of(first.config()).described()
                        + ": the keys of one name share one rate limit, so give them the same ratePerSecond and"
                        + " burst");
            }
            entries.add(new Entry(
                    digest,
                    ApiClient.of(key.getName(), key.getStores(), key.getCollections(), key.getCategories(), limit)));
            taken.add(entry);
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
}

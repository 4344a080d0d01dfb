package dev.versioned.gateway.auth;

import dev.versioned.gateway.config.ApiKeyConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * An API key entry and where it was written, in the words an error names it by: never by its key.
 *
 * @param config the entry
 * @param where where it was written: {@code apiKeys entry #2}, {@code entry #3 at line 7} of the key file
 */
public record KeyEntry(ApiKeyConfig config, String where) {

    /** The configuration's {@code apiKeys}, numbered from 1. */
    public static List<KeyEntry> configured(List<ApiKeyConfig> apiKeys) {
        List<KeyEntry> entries = new ArrayList<>(apiKeys.size());
        for (int i = 0; i < apiKeys.size(); i++) {
            entries.add(new KeyEntry(apiKeys.get(i), "apiKeys entry #" + (i + 1)));
        }
        return List.copyOf(entries);
    }

    /** Where it was written and, when it has one, its name: how every message about it starts. */
    public String named() {
        String name = config.getName();
        return name == null || name.isBlank() ? where : where + " (" + name + ")";
    }
}

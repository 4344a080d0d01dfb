package dev.versioned.gateway.auth;

import dev.versioned.gateway.config.ApiKeyConfig;
import io.dropwizard.auth.Authenticator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the {@link ApiClient} of an {@code X-API-Key} value among the configured keys and those of the key
 * file ({@link KeyFile}), which may be replaced while the gateway runs. Keys are held and compared as SHA-256
 * digests ({@link KeySet}); the clear keys of the configuration are not kept. The configured keys are checked
 * here, at start, by the same rules as the key file's: an invalid set stops the start.
 */
public final class ApiKeyAuthenticator implements Authenticator<String, ApiClient> {

    /** Longer values are not hashed: nobody's key is that long. */
    static final int MAX_KEY_LENGTH = 512;

    private final List<KeyEntry> configured;
    private final Consumer<Set<String>> onNames;
    private volatile KeySet keys;

    public ApiKeyAuthenticator(List<ApiKeyConfig> configured) {
        this(configured, names -> {});
    }

    /** {@code onNames} hears the key names in force, now and after every change (to register their metrics). */
    public ApiKeyAuthenticator(List<ApiKeyConfig> configured, Consumer<Set<String>> onNames) {
        this.configured = KeyEntry.configured(configured);
        this.onNames = onNames;
        this.keys = KeySet.of(this.configured);
        onNames.accept(keys.names());
    }

    @Override
    public Optional<ApiClient> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        return keys.find(apiKey);
    }

    /**
     * Puts the key file's entries in force beside the configured ones, all at once; refused (the keys in force
     * stay) when the two together are not a valid key set ({@link KeySet#of}).
     */
    public void useFileKeys(List<KeyEntry> fromFile) {
        List<KeyEntry> all = new ArrayList<>(configured);
        all.addAll(fromFile);
        KeySet next = KeySet.of(all);
        keys = next;
        onNames.accept(next.names());
    }

    /** How many keys are in force. */
    public int size() {
        return keys.size();
    }
}

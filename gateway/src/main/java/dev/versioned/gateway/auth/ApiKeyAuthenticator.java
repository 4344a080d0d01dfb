package dev.versioned.gateway.auth;

import dev.versioned.gateway.config.ApiKeyConfig;
import io.dropwizard.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the {@link ApiClient} of an {@code X-API-Key} value. Keys are looked up by their SHA-256, so the
 * lookup time says nothing about how much of a guessed key was right, and the plain keys are not kept.
 */
public final class ApiKeyAuthenticator implements Authenticator<String, ApiClient> {

    private final Map<String, ApiClient> byHash = new HashMap<>();

    public ApiKeyAuthenticator(List<ApiKeyConfig> keys) {
        for (ApiKeyConfig key : keys) {
            byHash.put(hash(key.getKey()), ApiClient.of(key.getName(), key.getStores()));
        }
    }

    @Override
    public Optional<ApiClient> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 512) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(hash(apiKey)));
    }

    private static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

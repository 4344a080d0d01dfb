package dev.versioned.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versioned.gateway.config.ApiKeyConfig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private static final String SECRET = "s3cret-key-for-tests";

    @Test
    @DisplayName(
            "given a key with collections and no stores, when it authenticates, then it covers its collections only")
    void givenCollectionsOnlyKey_whenAuthenticated_thenCoversItsCollectionsOnly() {
        // given
        ApiKeyConfig config = new ApiKeyConfig(SECRET, "wallets", List.of());
        config.setCollections(List.of("wallets"));
        // when
        ApiClient client =
                new ApiKeyAuthenticator(List.of(config)).authenticate(SECRET).orElseThrow();
        // then
        assertThat(client.mayAccessCollection("wallets")).isTrue();
        assertThat(client.mayAccessCollection("customers")).isFalse();
        assertThat(client.mayAccess("store-1")).isFalse();
    }

    @Test
    @DisplayName("given a key with stores only, when it authenticates, then it covers no collection; with *, all")
    void givenStoresOnlyKey_whenAuthenticated_thenNoCollectionUnlessStar() {
        ApiClient storesOnly = ApiClient.of("s", List.of("*"));
        ApiClient all = ApiClient.of("a", List.of(), List.of("*"), RateLimit.UNLIMITED);
        assertThat(storesOnly.mayAccessCollection("wallets")).isFalse();
        assertThat(all.mayAccessCollection("wallets")).isTrue();
    }

    @Test
    @DisplayName("a key configured as its sha256: digest authenticates the clear key")
    void hashedKeyAuthenticates() {
        // given a key configured only by its digest
        ApiKeyAuthenticator keys = new ApiKeyAuthenticator(
                List.of(new ApiKeyConfig(KeyDigest.written(SECRET), "hashed", List.of("store-1"))));
        // when the clear key is presented, then it stands for its name
        assertThat(keys.authenticate(SECRET)).map(ApiClient::name).contains("hashed");
    }

    @Test
    @DisplayName("a digest written in upper-case hex authenticates too")
    void upperCaseDigestAuthenticates() {
        String upper = KeyDigest.PREFIX
                + KeyDigest.written(SECRET).substring(KeyDigest.PREFIX.length()).toUpperCase();
        ApiKeyAuthenticator keys = new ApiKeyAuthenticator(List.of(new ApiKeyConfig(upper, "upper", List.of("*"))));
        assertThat(keys.authenticate(SECRET)).isPresent();
    }

    @Test
    @DisplayName("a clear configured key authenticates")
    void clearKeyAuthenticates() {
        ApiKeyAuthenticator keys = new ApiKeyAuthenticator(List.of(new ApiKeyConfig(SECRET, "clear", List.of("*"))));
        assertThat(keys.authenticate(SECRET)).map(ApiClient::name).contains("clear");
    }

    @Test
    @DisplayName("a wrong key, the digest itself, an empty or an oversized key are refused")
    void wrongKeysRefused() {
        ApiKeyAuthenticator keys = new ApiKeyAuthenticator(
                List.of(new ApiKeyConfig(KeyDigest.written(SECRET), "hashed", List.of("store-1"))));
        assertThat(keys.authenticate(SECRET + "x")).isEmpty();
        assertThat(keys.authenticate(KeyDigest.written(SECRET))).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate("k".repeat(ApiKeyAuthenticator.MAX_KEY_LENGTH + 1)))
                .isEmpty();
    }

    @Test
    @DisplayName("a malformed digest is refused with a message that names the entry, not the key")
    void malformedDigestRefused() {
        assertThatThrownBy(() -> new ApiKeyAuthenticator(
                        List.of(new ApiKeyConfig("sha256:abc" + SECRET, "broken", List.of("*")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    @DisplayName("a clear key and its own digest in two entries are the same key: refused")
    void sameKeyTwiceRefused() {
        assertThatThrownBy(() -> new ApiKeyAuthenticator(List.of(
                        new ApiKeyConfig(SECRET, "one", List.of("*")),
                        new ApiKeyConfig(KeyDigest.written(SECRET), "two", List.of("*")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    @DisplayName("file keys are used beside the configured ones; an invalid file list leaves the keys in force")
    void invalidFileKeysKeepKeysInForce() {
        // given a configured key and a file key in force
        ApiKeyAuthenticator keys = new ApiKeyAuthenticator(List.of(new ApiKeyConfig("configured", "c", List.of("*"))));
        keys.useFileKeys(List.of(new ApiKeyConfig("from-file", "f", List.of("*"))));
        // when a file list without stores is offered
        assertThatThrownBy(() -> keys.useFileKeys(List.of(new ApiKeyConfig("other", "o", List.of()))))
                .isInstanceOf(IllegalArgumentException.class);
        // then both keys in force still authenticate, and the refused one does not
        assertThat(keys.authenticate("configured")).isPresent();
        assertThat(keys.authenticate("from-file")).isPresent();
        assertThat(keys.authenticate("other")).isEmpty();
    }
}

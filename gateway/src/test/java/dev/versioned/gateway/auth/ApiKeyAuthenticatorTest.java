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
        keys.useFileKeys(fileEntries(new ApiKeyConfig("from-file", "f", List.of("*"))));
        // when a file list without stores is offered
        assertThatThrownBy(() -> keys.useFileKeys(fileEntries(new ApiKeyConfig("other", "o", List.of()))))
                .isInstanceOf(IllegalArgumentException.class);
        // then both keys in force still authenticate, and the refused one does not
        assertThat(keys.authenticate("configured")).isPresent();
        assertThat(keys.authenticate("from-file")).isPresent();
        assertThat(keys.authenticate("other")).isEmpty();
    }

    @Test
    @DisplayName("given a configured key and a file key of one name with different rate limits, when the file is"
            + " offered, then it is refused naming both entries and neither key, and the keys in force stay")
    void givenOneNameTwoLimits_whenFileOffered_thenRefusedNamingBothEntries() {
        // given a configured key of "orders" limited to 1 request a second
        ApiKeyAuthenticator keys = new ApiKeyAuthenticator(List.of(limited(SECRET, "orders", 1.0, null)));
        // when the key file brings a second key of "orders" without a limit
        ApiKeyConfig unlimited = new ApiKeyConfig("second-" + SECRET, "orders", List.of("*"));
        // then the file is refused, saying where both entries are and what they set
        assertThatThrownBy(() -> keys.useFileKeys(fileEntries(unlimited)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry #1 at line 1 (orders) sets no rate limit")
                .hasMessageContaining("apiKeys entry #1 (orders) sets ratePerSecond 1, burst 1")
                .hasMessageContaining("the keys of one name share one rate limit")
                .hasMessageNotContaining(SECRET);
        assertThat(keys.authenticate("second-" + SECRET)).isEmpty();
        assertThat(keys.authenticate(SECRET)).map(ApiClient::rateLimit).contains(new RateLimit(1, 1));
    }

    @Test
    @DisplayName("given two configured keys of one name with different bursts, when the authenticator is built,"
            + " then it is refused: the start stops")
    void givenOneNameTwoBursts_whenConfigured_thenRefused() {
        assertThatThrownBy(() -> new ApiKeyAuthenticator(List.of(
                        limited("old-" + SECRET, "orders", 50.0, 100), limited("new-" + SECRET, "orders", 50.0, 200))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiKeys entry #2 (orders) sets ratePerSecond 50, burst 200, but apiKeys entry"
                        + " #1 (orders) sets ratePerSecond 50, burst 100")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    @DisplayName("given two keys of one name whose limits are the same, one burst written and one by default,"
            + " then both are taken, sharing the name's limit")
    void givenOneNameSameLimit_whenConfigured_thenBothTaken() {
        ApiKeyAuthenticator keys = new ApiKeyAuthenticator(
                List.of(limited("old-" + SECRET, "orders", 5.0, null), limited("new-" + SECRET, "orders", 5.0, 5)));
        assertThat(keys.authenticate("old-" + SECRET)).map(ApiClient::rateLimit).contains(new RateLimit(5, 5));
        assertThat(keys.authenticate("new-" + SECRET)).map(ApiClient::rateLimit).contains(new RateLimit(5, 5));
    }

    @Test
    @DisplayName("given a key file entry with a burst and no rate, when offered, then it is refused as the"
            + " configuration refuses it, not taken as unlimited")
    void givenFileBurstWithoutRate_whenOffered_thenRefused() {
        ApiKeyAuthenticator keys = new ApiKeyAuthenticator(List.of(new ApiKeyConfig("configured", "c", List.of("*"))));
        assertThatThrownBy(() -> keys.useFileKeys(fileEntries(limited(SECRET, "bursty", null, 10))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("entry #1 at line 1 (bursty): burst needs a ratePerSecond");
        assertThat(keys.authenticate(SECRET)).isEmpty();
    }

    private static ApiKeyConfig limited(String key, String name, Double ratePerSecond, Integer burst) {
        ApiKeyConfig config = new ApiKeyConfig(key, name, List.of("*"));
        config.setRatePerSecond(ratePerSecond);
        config.setBurst(burst);
        return config;
    }

    /** Entries as the key file names them: by number and line, one line each. */
    private static List<KeyEntry> fileEntries(ApiKeyConfig... entries) {
        List<KeyEntry> named = new java.util.ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            named.add(new KeyEntry(entries[i], "entry #" + (i + 1) + " at line " + (i + 1)));
        }
        return named;
    }
}

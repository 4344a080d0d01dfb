package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.auth.KeyDigest;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import dev.versioned.gateway.support.Scrape;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * API keys over real HTTP, from a real key file: digests, refusals, the file reloaded while the gateway runs,
 * per-key rate limits, and no secret in a log line or a metric. Reads of products never written answer 404,
 * which shows that a key was taken without needing the processor.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiKeysTest {

    private static final String HASHED_SECRET = "hashed-secret-7Qx2";
    private static final String LIMITED_SECRET = "limited-secret-9Kd4";
    private static final String WRONG_SECRET = "wrong-secret-3Vb8";
    private static final Path KEY_DIR = tempDir();
    private static final Path KEY_FILE = KEY_DIR.resolve("api-keys.yml");
    /** The file's starting entries: one key by its digest, one limited to 2 requests and then one a minute. */
    private static final String BASE_KEYS = "- key: " + KeyDigest.written(HASHED_SECRET) + "\n"
            + "  name: hashed\n"
            + "  stores: [store-1]\n"
            + "- key: " + LIMITED_SECRET + "\n"
            + "  name: limited\n"
            + "  stores: ['*']\n"
            + "  ratePerSecond: 0.016\n"
            + "  burst: 2\n";

    static {
        write(BASE_KEYS);
    }

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withoutProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("api-keys", "apiKeysFile", KEY_FILE.toString(), "apiKeysFileCheckInterval", "200ms"));

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Http http;

    @BeforeEach
    void start() {
        http = new Http(APP.getLocalPort());
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        write(BASE_KEYS);
        await("base keys back in force")
                .atMost(DEADLINE)
                .until(() -> read(HASHED_SECRET).status() == 404);
    }

    @AfterAll
    static void deleteKeyFile() throws IOException {
        Files.deleteIfExists(KEY_FILE);
        Files.deleteIfExists(KEY_DIR);
    }

    @Test
    @DisplayName("a key written in the key file as its sha256: digest is taken")
    void hashedKeyAuthenticates() {
        assertThat(read(HASHED_SECRET).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("a wrong key is refused with 401 and counted as unknown_key of key \"unknown\"")
    void wrongKeyRefused() {
        double before = refusals("unknown_key", "unknown");
        Http.Reply reply = read(WRONG_SECRET);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().at("/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(refusals("unknown_key", "unknown")).isEqualTo(before + 1);
    }

    @Test
    @DisplayName("a request without a key is counted as missing_key")
    void missingKeyCounted() {
        double before = refusals("missing_key", "unknown");
        assertThat(http.get("/v1/inventory/NEVER-1?storeId=store-1").status()).isEqualTo(401);
        assertThat(refusals("missing_key", "unknown")).isEqualTo(before + 1);
    }

    @Test
    @DisplayName("a store outside the key's stores is refused with 403 and counted under the key's name")
    void forbiddenStoreCounted() {
        double before = refusals("forbidden_store", "hashed");
        assertThat(http.get("/v1/inventory/NEVER-1?storeId=store-2", "X-API-Key", HASHED_SECRET)
                        .status())
                .isEqualTo(403);
        assertThat(refusals("forbidden_store", "hashed")).isEqualTo(before + 1);
    }

    @Test
    @DisplayName("a key added to the file is taken, and a key removed from it refused, without a restart")
    void fileReloadTakesEffect() {
        // given the base keys in force; when the file is rewritten with a new key instead of the hashed one
        write("- {key: added-secret-5Hn1, name: added, stores: ['*']}\n");
        // then the new key is taken and the removed one refused, while the gateway runs
        await("new key in force")
                .atMost(DEADLINE)
                .until(() -> read("added-secret-5Hn1").status() == 404);
        assertThat(read(HASHED_SECRET).status()).isEqualTo(401);
    }

    @Test
    @DisplayName("a broken key file keeps the keys in force and logs an error")
    void brokenFileKeepsKeys() {
        // when the file is replaced by something that is not a list of keys
        write("- key: broken-secret-2Wm6\n  name: [unclosed\n");
        // then an error is logged, and the keys in force still work
        await("error logged")
                .atMost(DEADLINE)
                .until(() -> log.list.stream()
                        .anyMatch(e -> e.getLevel().toString().equals("ERROR")
                                && e.getFormattedMessage().contains("not loaded")));
        assertThat(read(HASHED_SECRET).status()).isEqualTo(404);
        assertThat(read("broken-secret-2Wm6").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("a key past its rate limit gets 429 RATE_LIMITED with Retry-After; another key is unaffected")
    void rateLimitPerKey() {
        // given the limited key's burst of 2 spent
        assertThat(read(LIMITED_SECRET).status()).isEqualTo(404);
        assertThat(read(LIMITED_SECRET).status()).isEqualTo(404);
        // when it asks again
        Http.Reply refused = read(LIMITED_SECRET);
        // then 429 RATE_LIMITED with a Retry-After in whole seconds, counted under its name
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(refused.header("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 63L));
        assertThat(refusals("rate_limited", "limited")).isEqualTo(1);
        // and another key, unlimited, is still taken
        assertThat(read(HASHED_SECRET).status()).isEqualTo(404);
        assertThat(refusals("rate_limited", "hashed")).isZero();
    }

    @Test
    @DisplayName("given a rotation, the old and the new key of one name side by side, when requests alternate between"
            + " them, then they share the name's one allowance")
    void givenRotation_whenRequestsAlternate_thenOneAllowance() {
        // given the README's rotation: a new key added under the name of the old one, with the same limit
        write(BASE_KEYS
                + "- {key: rotating-old-6Fp3, name: rotating, stores: ['*'], ratePerSecond: 0.016, burst: 3}\n"
                + "- {key: rotating-new-1Zs8, name: rotating, stores: ['*'], ratePerSecond: 0.016, burst: 3}\n");
        await("both keys in force")
                .atMost(DEADLINE)
                .until(() -> read("rotating-new-1Zs8").status() != 401);
        // when 20 requests alternate between the two keys (the one above included)
        int taken = read("rotating-new-1Zs8").status() == 404 ? 2 : 1;
        for (int i = 0; i < 18; i++) {
            if (read(i % 2 == 0 ? "rotating-old-6Fp3" : "rotating-new-1Zs8").status() == 404) {
                taken++;
            }
        }
        // then the name's burst of 3 was taken, and nothing more: alternating keys refills nothing
        assertThat(taken).isEqualTo(3);
        assertThat(refusals("rate_limited", "rotating")).isEqualTo(17);
    }

    @Test
    @DisplayName("given a key file entry beside a configuration entry of the same name with another rate limit, when"
            + " the file is loaded, then it is refused naming both entries: the keys in force stay")
    void givenFileEntryDisagreeingWithConfiguredName_whenLoaded_thenRefused() {
        // given the configured, unlimited key "demo"; when the file adds a key of that name limited to 1/s
        write(BASE_KEYS + "- {key: second-demo-3Rj5, name: demo, stores: [store-1], ratePerSecond: 1}\n");
        // then the file is refused, saying which entries disagree and how, without a key
        await("refusal logged")
                .atMost(DEADLINE)
                .until(() -> log.list.stream()
                        .anyMatch(e -> e.getLevel().toString().equals("ERROR")
                                && e.getFormattedMessage()
                                        .contains("entry #3 at line 9 (demo) sets ratePerSecond 1, burst 1, but apiKeys"
                                                + " entry #1 (demo) sets no rate limit")));
        assertThat(read("second-demo-3Rj5").status()).isEqualTo(401);
        assertThat(read(HASHED_SECRET).status()).isEqualTo(404);
        assertThat(log.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("second-demo-3Rj5"));
    }

    @Test
    @DisplayName("neither a log line nor a metric ever holds a key, taken or refused")
    void noSecretInLogsOrMetrics() {
        // given requests with a good key, a wrong key, a forbidden store and no key
        read(HASHED_SECRET);
        read(WRONG_SECRET);
        http.get("/v1/inventory/NEVER-1?storeId=store-2", "X-API-Key", HASHED_SECRET);
        http.get("/v1/inventory/NEVER-1?storeId=store-1");
        // when the logs and the metrics are read
        String metrics = new Http(APP.getAdminPort()).get("/prometheus").body();
        // then the refusals are there, by name, and no secret is
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("key=hashed"));
        assertThat(log.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains(HASHED_SECRET) || m.contains(WRONG_SECRET) || m.contains(LIMITED_SECRET));
        assertThat(metrics).contains("gateway_auth_refusals_total").doesNotContain(HASHED_SECRET, WRONG_SECRET);
    }

    private Http.Reply read(String key) {
        return http.get("/v1/inventory/NEVER-1?storeId=store-1", "X-API-Key", key);
    }

    private static double refusals(String reason, String key) {
        return Scrape.of(new Http(APP.getAdminPort()).get("/prometheus"))
                .value("gateway_auth_refusals_total", "reason", reason, "key", key)
                .orElse(-1);
    }

    /** Replaces the key file at once (a move), so the gateway never reads half of it. */
    private static void write(String content) {
        try {
            Path next = KEY_DIR.resolve("api-keys.yml.next");
            Files.writeString(next, content);
            Files.move(next, KEY_FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("gateway-api-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

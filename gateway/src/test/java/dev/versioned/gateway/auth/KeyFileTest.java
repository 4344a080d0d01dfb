package dev.versioned.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.versioned.gateway.config.ApiKeyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** The key file on a real file, checked by hand ({@code check()}) so that each test decides when. */
class KeyFileTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(KeyFile.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    @Test
    @DisplayName("a YAML key file's keys are in force after start, beside the configured ones")
    void yamlLoaded() throws Exception {
        Path file = write("- {key: file-key, name: file, stores: [store-1]}\n");
        ApiKeyAuthenticator keys = configured();
        new KeyFile(file, Duration.ofHours(1), keys).start();
        assertThat(keys.authenticate("file-key")).map(ApiClient::name).contains("file");
        assertThat(keys.authenticate("configured")).isPresent();
    }

    @Test
    @DisplayName("a JSON key file with a digest and a rate limit is read too")
    void jsonLoaded() throws Exception {
        Path file = write("[{\"key\":\"" + KeyDigest.written("json-key")
                + "\",\"name\":\"json\",\"stores\":[\"*\"],\"ratePerSecond\":5,\"burst\":10}]");
        ApiKeyAuthenticator keys = configured();
        new KeyFile(file, Duration.ofHours(1), keys).start();
        assertThat(keys.authenticate("json-key")).map(ApiClient::rateLimit).contains(new RateLimit(5, 10));
    }

    @Test
    @DisplayName("a changed file replaces the file's keys at the next check")
    void changedFileReloaded() throws Exception {
        Path file = write("- {key: old-key, name: rotating, stores: ['*']}\n");
        ApiKeyAuthenticator keys = configured();
        KeyFile keyFile = new KeyFile(file, Duration.ofHours(1), keys);
        keyFile.start();
        write("- {key: new-key, name: rotating, stores: ['*']}\n");
        keyFile.check();
        assertThat(keys.authenticate("new-key")).isPresent();
        assertThat(keys.authenticate("old-key")).isEmpty();
    }

    @Test
    @DisplayName("a broken file keeps the keys in force and logs an error that quotes no key")
    void brokenFileKeepsKeys() throws Exception {
        ApiKeyAuthenticator keys = configured();
        KeyFile keyFile = goodFileInForce(keys);
        write("- {key: leaked-secret, name: [unclosed\n");
        keyFile.check();
        assertThat(keys.authenticate("good-key")).isPresent();
        assertThat(keys.authenticate("leaked-secret")).isEmpty();
        assertThat(log.list)
                .anySatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("ERROR"))
                .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("leaked-secret"));
    }

    @Test
    @DisplayName("an entry without stores is refused whole: the keys in force stay")
    void invalidEntryKeepsKeys() throws Exception {
        ApiKeyAuthenticator keys = configured();
        KeyFile keyFile = goodFileInForce(keys);
        write("- {key: good-key, name: good, stores: ['*']}\n- {key: no-stores, name: bad, stores: []}\n");
        keyFile.check();
        assertThat(keys.authenticate("good-key")).isPresent();
        assertThat(keys.authenticate("no-stores")).isEmpty();
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("bad"));
    }

    /** A key that must never show in a log line or an exception's message. */
    private static final String SECRET = "leaked-secret-4Tq9";

    /** Files whose problem is next to a key: what, the content, and what the error must name. */
    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of(
                        "an unclosed list",
                        "- {key: good-key, name: good, stores: ['*']}\n- {key: " + SECRET + ", name: [x\n",
                        "line 2"),
                Arguments.of("a value YAML reserves", "- key: `" + SECRET + "\n  name: x\n", "line 1"),
                Arguments.of("a value holding ': '", "- key: " + SECRET + ": x\n", "line 1"),
                Arguments.of(
                        "JSON without a comma",
                        "[{\"key\":\"" + SECRET + "\" \"name\":\"x\",\"stores\":[\"*\"]}]",
                        "line 1"),
                Arguments.of(
                        "the key where a number goes",
                        "- {key: k, name: x, stores: ['*'], ratePerSecond: " + SECRET + "}\n",
                        "entry #1 at line 1: ratePerSecond must be a number"),
                Arguments.of(
                        "the key as a member's name",
                        "- {" + SECRET + ": x, name: x, stores: ['*']}\n",
                        "a member that an entry does not have"),
                Arguments.of("the key alone as an entry", "- " + SECRET + "\n", "entry #1 at line 1"),
                Arguments.of(
                        "a key in a list", "- {key: [" + SECRET + "], name: x, stores: ['*']}\n", "key must be a text"),
                Arguments.of(
                        "the key where a whole number goes",
                        "- {key: k, name: x, stores: ['*'], ratePerSecond: 1, burst: " + SECRET + "}\n",
                        "burst must be a whole number"),
                Arguments.of(
                        "a burst without a rate",
                        "- {key: k, name: k, stores: ['*']}\n- {key: " + SECRET
                                + ", name: b, stores: ['*'], burst: 3}\n",
                        "entry #2 at line 2 (b): burst needs a ratePerSecond"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    @DisplayName("given a key file broken at start, when the gateway starts, then it stops with an error that names"
            + " the file, the place and the problem, and quotes no key")
    void givenBrokenFileAtStart_whenStarted_thenErrorQuotesNoKey(String what, String content, String names)
            throws Exception {
        // given a file whose problem is next to a key
        Path file = write(content);
        // when the gateway starts with it
        KeyFile keyFile = new KeyFile(file, Duration.ofHours(1), configured());
        // then the start stops, saying where and what, without the key, and without a cause that could say it
        assertThatThrownBy(keyFile::start)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(names)
                .hasMessageNotContaining(SECRET)
                .hasNoCause();
        assertThat(log.list)
                .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    @DisplayName("given a key file broken while the gateway runs, when it is checked, then the error logged names the"
            + " place and the problem, and quotes no key")
    void givenBrokenFileOnReload_whenChecked_thenLogQuotesNoKey(String what, String content, String names)
            throws Exception {
        // given a good file in force
        KeyFile keyFile = goodFileInForce(configured());
        // when it is replaced by a broken one and checked
        write(content);
        keyFile.check();
        // then one error names the place and the problem, and no line holds the key
        assertThat(log.list)
                .filteredOn(e -> e.getLevel().toString().equals("ERROR"))
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains(names));
        assertThat(log.list)
                .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(SECRET));
    }

    @Test
    @DisplayName("given a key file that cannot be read, when checked again and again, then the error is logged once")
    void givenUnreadableFile_whenCheckedRepeatedly_thenLoggedOnce() throws Exception {
        ApiKeyAuthenticator keys = configured();
        KeyFile keyFile = goodFileInForce(keys);
        Files.delete(dir.resolve("keys.yml"));
        for (int i = 0; i < 5; i++) {
            keyFile.check();
        }
        assertThat(log.list)
                .filteredOn(e -> e.getLevel().toString().equals("ERROR"))
                .hasSize(1);
        assertThat(keys.authenticate("good-key")).isPresent();
    }

    /** A key file holding the key "good-key", started (checked by hand from then on). */
    private KeyFile goodFileInForce(ApiKeyAuthenticator keys) throws Exception {
        KeyFile keyFile =
                new KeyFile(write("- {key: good-key, name: good, stores: ['*']}\n"), Duration.ofHours(1), keys);
        keyFile.start();
        return keyFile;
    }

    private ApiKeyAuthenticator configured() {
        return new ApiKeyAuthenticator(List.of(new ApiKeyConfig("configured", "configured", List.of("*"))));
    }

    private Path write(String content) throws Exception {
        Path file = dir.resolve("keys.yml");
        Path next = dir.resolve("keys.yml.next");
        Files.writeString(next, content);
        return Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}

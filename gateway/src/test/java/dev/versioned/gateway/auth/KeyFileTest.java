package dev.versioned.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.versioned.gateway.config.ApiKeyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        Path file = write("- {key: good-key, name: good, stores: ['*']}\n");
        ApiKeyAuthenticator keys = configured();
        KeyFile keyFile = new KeyFile(file, Duration.ofHours(1), keys);
        keyFile.start();
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
        Path file = write("- {key: good-key, name: good, stores: ['*']}\n");
        ApiKeyAuthenticator keys = configured();
        KeyFile keyFile = new KeyFile(file, Duration.ofHours(1), keys);
        keyFile.start();
        write("- {key: good-key, name: good, stores: ['*']}\n- {key: no-stores, name: bad, stores: []}\n");
        keyFile.check();
        assertThat(keys.authenticate("good-key")).isPresent();
        assertThat(keys.authenticate("no-stores")).isEmpty();
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("bad"));
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

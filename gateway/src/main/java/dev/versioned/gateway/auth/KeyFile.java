package dev.versioned.gateway.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.versioned.gateway.config.ApiKeyConfig;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API key file ({@code apiKeysFile}): a YAML or JSON list of entries like those of {@code apiKeys}, put in
 * force at start and again whenever its content changes, without a restart. The file is read every
 * {@code checkInterval} and compared by content (a modification time may not change within its resolution). A
 * file that cannot be read or holds an invalid list is refused whole: the keys in force stay, and an error is
 * logged, which quotes neither the file nor the parser's message (either may hold a key).
 */
public final class KeyFile implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
    /** YAML is a superset of JSON: one parser reads both. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path path;
    private final Duration checkInterval;
    private final ApiKeyAuthenticator authenticator;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "api-key-file");
        thread.setDaemon(true);
        return thread;
    });
    private byte[] loaded = new byte[0];

    public KeyFile(Path path, Duration checkInterval, ApiKeyAuthenticator authenticator) {
        this.path = Objects.requireNonNull(path, "path");
        this.checkInterval = checkInterval;
        this.authenticator = authenticator;
    }

    /** Loads the file (a broken one stops the start), then checks it for changes every interval. */
    @Override
    public void start() throws IOException {
        byte[] content = Files.readAllBytes(path);
        authenticator.useFileKeys(parse(content));
        loaded = content;
        LOG.info("API key file {} loaded: {} keys in force", path, authenticator.size());
        long every = checkInterval.toMillis();
        checker.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        checker.shutdownNow();
    }

    /** Reloads the file if its content changed; keeps the keys in force if it cannot. */
    void check() {
        try {
            byte[] content = Files.readAllBytes(path);
            if (Arrays.equals(content, loaded)) {
                return;
            }
            loaded = content; // a broken version is reported once, not at every check
            authenticator.useFileKeys(parse(content));
            LOG.info("API key file {} reloaded: {} keys in force", path, authenticator.size());
        } catch (IOException | RuntimeException e) {
            LOG.error("API key file {} not loaded, the keys in force stay: {}", path, describe(e));
        }
    }

    static List<ApiKeyConfig> parse(byte[] content) throws IOException {
        List<ApiKeyConfig> keys = YAML.readValue(content, new TypeReference<List<ApiKeyConfig>>() {});
        if (keys == null) {
            throw new IllegalArgumentException("the file is empty: write [] for no keys");
        }
        return keys;
    }

    /** What went wrong, without quoting the content: a parser's message may show a key. */
    private static String describe(Exception e) {
        if (e instanceof JsonProcessingException json) {
            return "not a list of key entries (" + json.getClass().getSimpleName()
                    + (json.getLocation() == null
                            ? ""
                            : " at line " + json.getLocation().getLineNr() + ", column "
                                    + json.getLocation().getColumnNr())
                    + ")";
        }
        if (e instanceof IllegalArgumentException) {
            return e.getMessage(); // KeySet's messages name entries, never keys
        }
        return e.getClass().getSimpleName();
    }
}

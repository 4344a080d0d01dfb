package dev.versioned.gateway.auth;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.versioned.gateway.config.ApiKeyConfig;
import dev.versioned.gateway.config.YamlProblems;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * file that cannot be read or holds an invalid list is refused whole: at start the gateway does not start, later
 * the keys in force stay and an error is logged once per distinct problem.
 *
 * <p>Every such error names the file, the entry (its number and line) or the line and column, and what is wrong,
 * in words of the gateway's own: never the parser's message, which quotes the text around the problem, and so
 * may quote a key.
 */
public final class KeyFile implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
    /** YAML is a superset of JSON: one parser reads both. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The members of an entry: the only names from the file that a message may repeat. */
    private static final List<String> MEMBERS =
            List.of("key", "name", "stores", "collections", "categories", "ratePerSecond", "burst");

    private final Path path;
    private final Duration checkInterval;
    private final ApiKeyAuthenticator authenticator;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "api-key-file");
        thread.setDaemon(true);
        return thread;
    });
    private byte[] loaded = new byte[0];
    private String lastProblem = "";

    public KeyFile(Path path, Duration checkInterval, ApiKeyAuthenticator authenticator) {
        this.path = Objects.requireNonNull(path, "path");
        this.checkInterval = checkInterval;
        this.authenticator = authenticator;
    }

    /** Loads the file (a broken one stops the start, saying why), then checks it for changes every interval. */
    @Override
    public void start() {
        try {
            byte[] content = Files.readAllBytes(path);
            authenticator.useFileKeys(parse(content));
            loaded = content;
        } catch (IOException | RuntimeException e) {
            // Without the cause: its message (a parser's) may quote a key, and a stack trace prints it.
            throw new IllegalStateException("API key file " + path + " not loaded: " + describe(e));
        }
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
            lastProblem = "";
            LOG.info("API key file {} reloaded: {} keys in force", path, authenticator.size());
        } catch (IOException | RuntimeException e) {
            String problem = describe(e);
            if (!problem.equals(lastProblem)) { // a file that stays unreadable is reported once too
                lastProblem = problem;
                LOG.error("API key file {} not loaded, the keys in force stay: {}", path, problem);
            }
        }
    }

    /**
     * The entries of a key file, each named by its number and line; refused with {@link InvalidKeys} that says
     * where and what, never quoting the file.
     */
    static List<KeyEntry> parse(byte[] content) {
        List<KeyEntry> entries = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidKeys("the file is empty: write [] for no keys");
            }
            if (first != JsonToken.START_ARRAY) {
                throw new InvalidKeys(
                        "the file must hold a list of entries" + YamlProblems.at(parser.currentTokenLocation()));
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new InvalidKeys("the list of entries ends before it is closed");
                }
                int number = entries.size() + 1;
                String where = "entry #" + number + " at line "
                        + parser.currentTokenLocation().getLineNr();
                ApiKeyConfig entry;
                try {
                    entry = YAML.readValue(parser, ApiKeyConfig.class);
                } catch (JsonProcessingException e) {
                    throw new InvalidKeys(where + ": " + parserProblem(e));
                }
                if (entry == null) {
                    throw new InvalidKeys(where + " is empty");
                }
                entries.add(new KeyEntry(entry, where));
            }
        } catch (JsonProcessingException e) {
            throw new InvalidKeys(parserProblem(e));
        } catch (IOException e) {
            throw new InvalidKeys(describe(e));
        }
        return entries;
    }

    /**
     * What went wrong, safe to log: the message of {@link InvalidKeys} (this class's and {@link KeySet}'s), which
     * names entries and never keys; anything else by its kind alone.
     */
    private static String describe(Exception e) {
        if (e instanceof InvalidKeys) {
            return e.getMessage();
        }
        if (e instanceof IOException) {
            return "the file cannot be read (" + e.getClass().getSimpleName() + ")";
        }
        return "unexpected " + e.getClass().getSimpleName();
    }

    /** A parser's refusal, from its kind, the members it concerns and its place, never from its message. */
    private static String parserProblem(JsonProcessingException e) {
        String at = YamlProblems.at(e.getLocation());
        if (e instanceof UnrecognizedPropertyException) {
            return "a member that an entry does not have" + at + " (an entry has " + String.join(", ", MEMBERS) + ")";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String member = member(mismatch);
            return (member.isEmpty()
                            ? "an entry must be a mapping of " + String.join(", ", MEMBERS)
                            : member + " must be " + kind(mismatch.getTargetType()))
                    + at;
        }
        if (e instanceof JsonParseException) {
            return YamlProblems.malformed(e.getLocation());
        }
        return "not a list of key entries (" + e.getClass().getSimpleName() + at + ")";
    }

    /** The member a mismatch is about, named only when an entry has it: {@code stores[1]}, {@code burst}. */
    private static String member(JsonMappingException e) {
        StringBuilder member = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                member.append(MEMBERS.contains(reference.getFieldName()) ? reference.getFieldName() : "a member");
            } else if (reference.getIndex() >= 0) {
                member.append('[').append(reference.getIndex()).append(']');
            }
        }
        return member.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return Integer.class.equals(type) ? "a whole number" : "a number";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return String.class.equals(type) ? "a text" : "of another type";
    }
}

package dev.versioned.processor.config;

import dev.versioned.processor.documents.CollectionSchema;
import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads {@link ProcessorSettings} from an optional properties file and the environment (which wins). */
public final class SettingsLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsLoader.class);

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private SettingsLoader() {}

    /** Loads and validates; throws {@link SettingsException} naming the offending key. */
    public static ProcessorSettings load(Optional<Path> file, Map<String, String> environment) {
        Map<String, String> values = new TreeMap<>();
        file.ifPresent(path -> values.putAll(readFile(path)));
        List<String> ignored = ignoredEnvironment(environment);
        if (!ignored.isEmpty()) {
            // Platforms inject variables of their own (Kubernetes: a Service named "inventory" gives
            // INVENTORY_SERVICE_HOST), so an unknown INVENTORY_* variable is not an error; a misspelt key in
            // the properties file still is.
            LOG.warn("ignoring environment variables that are not processor settings: {}", String.join(", ", ignored));
        }
        environment.forEach((name, value) ->
                envKey(name).filter(key -> !ignored.contains(name)).ifPresent(key -> values.put(key, value)));
        return fromMap(values);
    }

    /** The {@code INVENTORY_*}, {@code DOCUMENTS_*} and {@code STREAMS_*} variables that name no setting the processor knows, sorted. */
    public static List<String> ignoredEnvironment(Map<String, String> environment) {
        return environment.keySet().stream()
                .filter(name ->
                        name.startsWith("INVENTORY_") || name.startsWith("DOCUMENTS_") || name.startsWith("STREAMS_"))
                .filter(name -> envKey(name)
                        .filter(key -> KNOWN.contains(key)
                                || COLLECTION_SCHEMA.matcher(key).matches())
                        .isEmpty())
                .sorted()
                .toList();
    }

    /** Builds settings from flat keys as documented on {@link ProcessorSettings}. */
    public static ProcessorSettings fromMap(Map<String, String> values) {
        TopicNames d = TopicNames.DEFAULTS;
        TopicNames topics = new TopicNames(
                values.getOrDefault("inventory.topic.requests", d.requests()),
                values.getOrDefault("inventory.topic.results", d.results()),
                values.getOrDefault("inventory.topic.state", d.state()),
                values.getOrDefault("inventory.topic.dead-letters", d.deadLetters()),
                values.getOrDefault("inventory.topic.reply-prefix", d.replyPrefix()));
        Duration retention = Optional.ofNullable(values.get("inventory.idempotency.retention"))
                .map(v -> duration("inventory.idempotency.retention", v))
                .orElse(ProcessorSettings.DEFAULT_RETENTION);
        int maxBytes = Optional.ofNullable(values.get("inventory.max.request.bytes"))
                .map(v -> integer("inventory.max.request.bytes", v))
                .orElse(ProcessorSettings.DEFAULT_MAX_REQUEST_BYTES);
        boolean unconditional = Optional.ofNullable(values.get("inventory.unconditional-adjust.enabled"))
                .map(v -> bool("inventory.unconditional-adjust.enabled", v))
                .orElse(false);
        boolean adminEnabled = Optional.ofNullable(values.get("inventory.admin.enabled"))
                .map(v -> bool("inventory.admin.enabled", v))
                .orElse(true);
        int adminPort = Optional.ofNullable(values.get("inventory.admin.port"))
                .map(v -> integer("inventory.admin.port", v))
                .orElse(ProcessorSettings.DEFAULT_ADMIN_PORT);
        Map<String, String> kafka = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith("kafka.")) {
                kafka.put(key.substring("kafka.".length()), value);
            } else if (!KNOWN.contains(key) && !COLLECTION_SCHEMA.matcher(key).matches()) {
                throw new SettingsException("unknown setting '" + key + "' (Kafka properties take the prefix kafka.)");
            }
        });
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new SettingsException("kafka.bootstrap.servers is required (or environment KAFKA_BOOTSTRAP_SERVERS)");
        }
        return new ProcessorSettings(
                topics,
                retention,
                maxBytes,
                unconditional,
                adminEnabled,
                adminPort,
                kafka,
                documents(values),
                streams(values));
    }

    private static StreamSettings streams(Map<String, String> values) {
        StreamSettings d = StreamSettings.DEFAULTS;
        return new StreamSettings(
                values.getOrDefault("streams.topic.events", d.eventsTopic()),
                Optional.ofNullable(values.get("streams.max.events"))
                        .map(v -> integer("streams.max.events", v))
                        .orElse(d.maxEvents()),
                Optional.ofNullable(values.get("streams.max.append.bytes"))
                        .map(v -> integer("streams.max.append.bytes", v))
                        .orElse(d.maxAppendBytes()));
    }

    /** {@code documents.collection.<name>.schema}: the one key with a name in it. */
    private static final Pattern COLLECTION_SCHEMA = Pattern.compile("documents\\.collection\\.([^.]+)\\.schema");

    private static DocumentSettings documents(Map<String, String> values) {
        int maxDocumentBytes = Optional.ofNullable(values.get("documents.max.document.bytes"))
                .map(v -> integer("documents.max.document.bytes", v))
                .orElse(DocumentSettings.DEFAULT_MAX_DOCUMENT_BYTES);
        DocumentSettings documents = new DocumentSettings(
                values.getOrDefault("documents.topic.results", DocumentSettings.DEFAULT_RESULTS_TOPIC),
                values.getOrDefault("documents.topic.state", DocumentSettings.DEFAULT_STATE_TOPIC),
                maxDocumentBytes,
                Map.of());
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Matcher m = COLLECTION_SCHEMA.matcher(entry.getKey());
            if (m.matches()) {
                String name = m.group(1);
                if (!DocumentKey.isCollection(name)) {
                    throw new SettingsException(
                            entry.getKey() + ": collection name '" + name + "' must be " + DocumentKey.COLLECTION_RULE);
                }
                try {
                    documents = documents.withCollection(CollectionSchema.load(name, entry.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new SettingsException(entry.getKey() + ": " + e.getMessage());
                }
            }
        }
        return documents;
    }

    private static final java.util.Set<String> KNOWN = java.util.Set.of(
            "inventory.topic.requests",
            "inventory.topic.results",
            "inventory.topic.state",
            "inventory.topic.dead-letters",
            "inventory.topic.reply-prefix",
            "inventory.idempotency.retention",
            "inventory.max.request.bytes",
            "inventory.unconditional-adjust.enabled",
            "inventory.admin.enabled",
            "inventory.admin.port",
            "documents.topic.results",
            "documents.topic.state",
            "documents.max.document.bytes",
            "streams.topic.events",
            "streams.max.events",
            "streams.max.append.bytes");

    /** {@code INVENTORY_TOPIC_DEAD__LETTERS} -> {@code inventory.topic.dead-letters}; others ignored. */
    static Optional<String> envKey(String name) {
        if (!name.startsWith("INVENTORY_")
                && !name.startsWith("KAFKA_")
                && !name.startsWith("DOCUMENTS_")
                && !name.startsWith("STREAMS_")) {
            return Optional.empty();
        }
        return Optional.of(name.toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.'));
    }

    static Duration duration(String key, String value) {
        String v = value.trim();
        Matcher m = SIMPLE_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new SettingsException(key + " must be a duration like 24h, 30m, 90s or PT24H, was '" + value + "'");
        }
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(key + " must be an integer, was '" + value + "'");
        }
    }

    private static boolean bool(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new SettingsException(key + " must be true or false, was '" + value + "'");
        };
    }

    private static Map<String, String> readFile(Path path) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            props.load(reader);
        } catch (IOException e) {
            throw new SettingsException("cannot read configuration file " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        props.stringPropertyNames()
                .forEach(name -> values.put(name, props.getProperty(name).trim()));
        return values;
    }
}

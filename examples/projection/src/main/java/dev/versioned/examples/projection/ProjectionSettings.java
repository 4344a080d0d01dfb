package dev.versioned.examples.projection;

import dev.versioned.schemas.TopicNames;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the projection needs to run: each setting from an argument {@code --name=value}, else from its environment
 * variable, else its default.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>argument</th><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code --bootstrap-servers}</td><td>{@code KAFKA_BOOTSTRAP_SERVERS}</td><td>{@code localhost:9092}</td></tr>
 *   <tr><td>{@code --events-topic}</td><td>{@code PROJECTION_EVENTS_TOPIC}</td><td>{@code streams.events}</td></tr>
 *   <tr><td>{@code --balances-topic}</td><td>{@code PROJECTION_BALANCES_TOPIC}</td><td>{@code account-balances}</td></tr>
 *   <tr><td>{@code --application-id}</td><td>{@code PROJECTION_APPLICATION_ID}</td>
 *       <td>{@code account-balances-projection}</td></tr>
 *   <tr><td>{@code --state-dir}</td><td>{@code PROJECTION_STATE_DIR}</td><td>{@code data/account-balances}</td></tr>
 * </table>
 *
 * @param applicationId the Kafka Streams application id: its consumer group, and the prefix of its changelog topic
 *     and its transactional ids. Changing it starts the projection over from the first event.
 * @param stateDir where the balance store's RocksDB files live; a restart with the same directory resumes from its
 *     last commit
 */
public record ProjectionSettings(
        String bootstrapServers, String eventsTopic, String balancesTopic, String applicationId, Path stateDir) {

    public static final String DEFAULT_BALANCES_TOPIC = "account-balances";
    public static final String DEFAULT_APPLICATION_ID = "account-balances-projection";

    /** Argument name to environment variable and default, in the order of the usage text. */
    private static final Map<String, String[]> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("bootstrap-servers", new String[] {"KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"});
        SETTINGS.put("events-topic", new String[] {"PROJECTION_EVENTS_TOPIC", TopicNames.STREAM_EVENTS});
        SETTINGS.put("balances-topic", new String[] {"PROJECTION_BALANCES_TOPIC", DEFAULT_BALANCES_TOPIC});
        SETTINGS.put("application-id", new String[] {"PROJECTION_APPLICATION_ID", DEFAULT_APPLICATION_ID});
        SETTINGS.put("state-dir", new String[] {"PROJECTION_STATE_DIR", "data/account-balances"});
    }

    public ProjectionSettings {
        for (String topic : List.of(eventsTopic, balancesTopic)) {
            if (!TopicNames.isValidName(topic)) {
                throw new IllegalArgumentException("not a Kafka topic name: '" + topic + "'");
            }
        }
        if (eventsTopic.equals(balancesTopic)) {
            throw new IllegalArgumentException("the events and balances topics must differ, both are " + eventsTopic);
        }
        if (bootstrapServers.isBlank() || applicationId.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers and application id must not be blank");
        }
    }

    /**
     * The settings of {@code args} over {@code environment} over the defaults.
     *
     * @throws IllegalArgumentException naming an argument that is not {@code --name=value} of a known name, or a
     *     value that is not valid
     */
    public static ProjectionSettings from(List<String> args, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        SETTINGS.forEach((name, variableAndDefault) ->
                values.put(name, environment.getOrDefault(variableAndDefault[0], variableAndDefault[1])));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 2 ? arg.substring(2, equals) : "";
            if (!SETTINGS.containsKey(name)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + usage());
            }
            values.put(name, arg.substring(equals + 1));
        }
        return new ProjectionSettings(
                values.get("bootstrap-servers").trim(),
                values.get("events-topic").trim(),
                values.get("balances-topic").trim(),
                values.get("application-id").trim(),
                Path.of(values.get("state-dir").trim()));
    }

    /** One line per setting: argument, variable, default. */
    public static String usage() {
        StringBuilder usage = new StringBuilder("settings (argument, else environment variable, else default):");
        SETTINGS.forEach((name, variableAndDefault) -> usage.append(
                String.format("%n  --%-22s %-26s %s", name + "=...", variableAndDefault[0], variableAndDefault[1])));
        return usage.toString();
    }
}

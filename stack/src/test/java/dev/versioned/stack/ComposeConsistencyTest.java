package dev.versioned.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.processor.config.SettingsLoader;
import dev.versioned.schemas.TopicNames;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringSubstitutor;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * compose/ cannot run on a machine without a container engine, so this checks it against the
 * applications instead: topic names and partitions, the processors' and gateways' environment (loaded
 * through the applications' own configuration code), ports, and the files the Dockerfile copies.
 */
class ComposeConsistencyTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("compose/docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> env = new HashMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
                .forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byTarget(String target) {
        Map<String, Map<String, Object>> found = new HashMap<>();
        services.forEach((name, service) -> {
            Object build = service.get("build");
            if (build instanceof Map<?, ?> b && target.equals(((Map<String, Object>) b).get("target"))) {
                found.put(name, service);
            }
        });
        return found;
    }

    @Test
    @DisplayName("three KRaft nodes, each a voter, with replication 3 and min.insync.replicas 2")
    void kafkaCluster() {
        Map<String, Map<String, Object>> nodes = new HashMap<>();
        services.forEach((name, s) -> {
            if (env(s).containsKey("KAFKA_NODE_ID")) {
                nodes.put(name, s);
            }
        });
        assertThat(nodes).hasSize(3);
        Set<String> ids = new HashSet<>();
        nodes.forEach((name, s) -> {
            Map<String, String> env = env(s);
            ids.add(env.get("KAFKA_NODE_ID"));
            assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                    .contains(env.get("KAFKA_NODE_ID") + "@" + name + ":9093");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS"))
                    .startsWith("PLAINTEXT://" + name + ":9092,HOST://localhost:");
            assertThat(env)
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3");
        });
        assertThat(ids).hasSize(3);
    }

    @Test
    @DisplayName("the topic service creates the product's topics with the local stack's partitions and policies")
    @SuppressWarnings("unchecked")
    void topics() {
        String script = String.join("\n", (List<String>) services.get("topics").get("command"));
        Matcher m = Pattern.compile(
                        "--topic (\\S+) --partitions (\\d+) --replication-factor 3( --config cleanup.policy=compact)?")
                .matcher(script);
        Map<String, String> created = new HashMap<>();
        while (m.find()) {
            created.put(m.group(1), m.group(2) + (m.group(3) == null ? "" : " compact"));
        }
        Map<String, String> expected = new HashMap<>();
        for (NewTopic topic : StackTopics.of(TopicNames.DEFAULTS, (short) 3)) {
            expected.put(
                    topic.name(),
                    topic.numPartitions()
                            + ("compact"
                                            .equals(
                                                    topic.configs() == null
                                                            ? null
                                                            : topic.configs().get("cleanup.policy"))
                                    ? " compact"
                                    : ""));
        }
        assertThat(created).isEqualTo(expected);
    }

    @Test
    @DisplayName("at least two processors, sharing one application id, whose environment the processor accepts")
    void processors() {
        Map<String, Map<String, Object>> processors = byTarget("processor");
        assertThat(processors).hasSizeGreaterThanOrEqualTo(2);
        Set<String> applicationIds = new HashSet<>();
        processors.forEach((name, s) -> {
            // every INVENTORY_* variable compose sets must be a setting: the processor would only warn about a misspelt
            // one
            assertThat(SettingsLoader.ignoredEnvironment(env(s)))
                    .as(name + " environment")
                    .isEmpty();
            var settings =
                    SettingsLoader.load(Optional.of(ROOT.resolve("processor/config/processor.properties")), env(s));
            applicationIds.add(settings.kafka().get("application.id"));
            assertThat(settings.kafka().get("bootstrap.servers")).isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
            assertThat(settings.topics()).isEqualTo(TopicNames.DEFAULTS);
        });
        assertThat(applicationIds).hasSize(1);
    }

    @Test
    @DisplayName(
            "at least two gateways with distinct instance ids, a valid configuration each, and ports that match it")
    @SuppressWarnings("unchecked")
    void gateways() throws Exception {
        Map<String, Map<String, Object>> gateways = byTarget("gateway");
        assertThat(gateways).hasSizeGreaterThanOrEqualTo(2);
        String yaml = Files.readString(ROOT.resolve("gateway/config/gateway.yml"));
        Set<String> instanceIds = new HashSet<>();
        Set<String> hostPorts = new HashSet<>();
        for (var entry : gateways.entrySet()) {
            Map<String, String> env = env(entry.getValue());
            for (String name : env.keySet()) {
                assertThat(name.startsWith("KAFKA_")
                                || yaml.contains("${" + name + ":-")
                                || yaml.contains("${" + name + "}"))
                        .as("%s sets %s, which gateway.yml does not read", entry.getKey(), name)
                        .isTrue();
            }
            GatewayConfiguration config = gatewayConfig(env);
            instanceIds.add(config.getInstanceId());
            assertThat(config.getKafka().getTopics().getRequests()).isEqualTo(TopicNames.DEFAULTS.requests());
            assertThat(config.getKafka().getTopics().getState()).isEqualTo(TopicNames.DEFAULTS.state());
            String port = env.getOrDefault("GATEWAY_PORT", "8081");
            String adminPort = env.getOrDefault("GATEWAY_ADMIN_PORT", "8082");
            List<String> ports = (List<String>) entry.getValue().get("ports");
            assertThat(ports).anyMatch(p -> p.endsWith(":" + port)).anyMatch(p -> p.endsWith(":" + adminPort));
            ports.forEach(p -> assertThat(hostPorts.add(p.substring(0, p.indexOf(':'))))
                    .as("host port %s used once", p)
                    .isTrue());
        }
        assertThat(instanceIds).hasSize(gateways.size());
    }

    /** Loads gateway.yml exactly as the gateway does, with this environment instead of the JVM's. */
    private static GatewayConfiguration gatewayConfig(Map<String, String> env) throws Exception {
        StringSubstitutor substitutor = new StringSubstitutor(env::get);
        substitutor.setEnableUndefinedVariableException(false);
        return new YamlConfigurationFactory<>(
                        GatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(
                        new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor),
                        ROOT.resolve("gateway/config/gateway.yml").toString());
    }

    @Test
    @DisplayName("the Dockerfile copies files that exist and starts main classes that exist")
    void dockerfile() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("compose/Dockerfile"));
        Matcher copies = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
        while (copies.find()) {
            assertThat(ROOT.resolve(copies.group(1))).exists();
        }
        Matcher mains = Pattern.compile("(dev\\.versioned(?:\\.[a-z]+)+\\.[A-Z][A-Za-z]*)")
                .matcher(dockerfile);
        int found = 0;
        while (mains.find()) {
            Class.forName(mains.group(1)).getMethod("main", String[].class);
            found++;
        }
        assertThat(found).isEqualTo(2);
    }

    @Test
    @DisplayName("the Dockerfile runs as a user without privileges, with a bounded heap and a HEALTHCHECK per image")
    void dockerfileHardening() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("compose/Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^USER app$").contains("MaxRAMPercentage");
        assertThat(Pattern.compile("(?m)^HEALTHCHECK ").matcher(dockerfile).results())
                .hasSize(2);
        assertThat(dockerfile).as("no jar name with a version").doesNotContain("-SNAPSHOT.jar");
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains(".git", "**/target", "data");
    }

    @Test
    @DisplayName("the cluster id is a valid KRaft cluster id and the image runs the Kafka version of the code")
    @SuppressWarnings("unchecked")
    void kafkaVersionAndClusterId() throws Exception {
        String kafkaVersion = org.apache.kafka.common.utils.AppInfoParser.getVersion();
        services.forEach((name, service) -> {
            Object image = service.get("image");
            if (image != null && image.toString().startsWith("apache/kafka:")) {
                assertThat(image).as(name).isEqualTo("apache/kafka:" + kafkaVersion);
            }
            String clusterId = env(service).get("CLUSTER_ID");
            if (clusterId != null) {
                assertThat(org.apache.kafka.common.Uuid.fromString(clusterId).toString())
                        .isEqualTo(clusterId);
            }
        });
    }

    @Test
    @DisplayName("every long-running service has a healthcheck (its own or its image's) and a restart policy")
    void healthchecksAndRestarts() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("compose/Dockerfile"));
        services.forEach((name, service) -> {
            if (name.equals("topics")) {
                assertThat(service.get("restart")).as(name).isEqualTo("on-failure");
                return;
            }
            assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
            boolean built = service.containsKey("build");
            assertThat(built ? dockerfile.contains("HEALTHCHECK") : service.containsKey("healthcheck"))
                    .as(name + " has a healthcheck")
                    .isTrue();
        });
    }

    @Test
    @DisplayName("services wait for what they need to be healthy: topics for all brokers, gateways for a processor")
    @SuppressWarnings("unchecked")
    void startOrder() {
        Map<String, Object> topicsNeeds =
                (Map<String, Object>) services.get("topics").get("depends_on");
        assertThat(topicsNeeds).containsOnlyKeys("kafka-1", "kafka-2", "kafka-3");
        topicsNeeds
                .values()
                .forEach(c -> assertThat((Map<String, Object>) c).containsEntry("condition", "service_healthy"));
        String script = String.join("\n", (List<String>) services.get("topics").get("command"));
        assertThat(script).contains("-ge 3").contains("--if-not-exists");
        byTarget("gateway").forEach((name, gateway) -> {
            Map<String, Map<String, Object>> needs = (Map<String, Map<String, Object>>) gateway.get("depends_on");
            assertThat(needs.get("topics")).containsEntry("condition", "service_completed_successfully");
            assertThat(needs.entrySet())
                    .anyMatch(e -> e.getKey().startsWith("processor")
                            && "service_healthy".equals(e.getValue().get("condition")));
        });
    }

    @Test
    @DisplayName("Kafka's and the processors' data live on named volumes, so that a down keeps the cluster")
    @SuppressWarnings("unchecked")
    void dataOnNamedVolumes() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("compose/docker-compose.yml")));
        Set<String> declared = ((Map<String, Object>) compose.get("volumes")).keySet();
        services.forEach((name, service) -> {
            Map<String, String> env = env(service);
            String dataDir = env.containsKey("KAFKA_NODE_ID") ? env.get("KAFKA_LOG_DIRS") : null;
            if (byTarget("processor").containsKey(name)) {
                dataDir = env.get("KAFKA_STATE_DIR");
            }
            if (dataDir == null) {
                return;
            }
            List<String> volumes = (List<String>) service.get("volumes");
            String dir = dataDir;
            assertThat(volumes)
                    .as(name + " keeps " + dir + " on a named volume")
                    .anyMatch(v -> declared.contains(v.substring(0, v.indexOf(':')))
                            && dir.startsWith(v.substring(v.indexOf(':') + 1)));
        });
    }

    @Test
    @DisplayName("Prometheus scrapes every processor and gateway on the port and path the applications serve")
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryInstance() throws Exception {
        Map<String, Object> prometheus =
                new Yaml().load(Files.readString(ROOT.resolve("compose/prometheus/prometheus.yml")));
        Map<String, List<String>> targets = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            String jobName = (String) job.get("job_name");
            paths.put(jobName, (String) job.get("metrics_path"));
            targets.put(
                    jobName,
                    ((List<Map<String, List<String>>>) job.get("static_configs"))
                            .get(0)
                            .get("targets"));
        }
        Set<String> processors = new HashSet<>();
        byTarget("processor").forEach((name, s) -> processors.add(name + ":" + env(s).get("INVENTORY_ADMIN_PORT")));
        Set<String> gateways = new HashSet<>();
        byTarget("gateway")
                .forEach((name, s) -> gateways.add(name + ":" + env(s).getOrDefault("GATEWAY_ADMIN_PORT", "8082")));
        assertThat(targets.get("processor")).containsExactlyInAnyOrderElementsOf(processors);
        assertThat(targets.get("gateway")).containsExactlyInAnyOrderElementsOf(gateways);
        assertThat(paths).containsEntry("processor", "/metrics").containsEntry("gateway", "/prometheus");
    }

    @Test
    @DisplayName("docker-compose accepts the file: schema, anchors, interpolation and dependencies resolve")
    void composeValidates() throws Exception {
        HostTools.require(
                "docker-compose",
                "install Debian's docker-compose package (apt-get install --no-install-recommends docker-compose;"
                        + " no engine needed)");
        HostTools.run(
                "docker-compose",
                "-f",
                ROOT.resolve("compose/docker-compose.yml").toString(),
                "config",
                "-q");
    }
}

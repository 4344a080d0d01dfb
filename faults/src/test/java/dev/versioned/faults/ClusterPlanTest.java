package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.processor.config.SettingsLoader;
import dev.versioned.schemas.TopicNames;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code ./faults/cluster} runs what compose/docker-compose.yml describes, so that the two cannot drift: the
 * same hosts, the same environment for each (only the directories of data and the heap differ, since compose
 * mounts volumes and sizes the heap by the container's memory), a broker configuration that is the one the
 * {@code apache/kafka} image would derive, and settings the applications accept. Needs no root: it checks the
 * plan, not the namespaces.
 */
class ClusterPlanTest {

    private static final Path DATA = Path.of("/cluster-data");
    private static ClusterPlan plan;

    @BeforeAll
    static void load() throws Exception {
        plan = ClusterPlan.fromCompose(ProcessStack.ROOT, DATA);
    }

    @Test
    @DisplayName("three KRaft brokers, two processors and two gateways, each with an address of its own on one subnet")
    void hostsOfCompose() {
        assertThat(plan.of(ClusterPlan.Role.BROKER))
                .extracting(ClusterPlan.Host::name)
                .containsExactly("kafka-1", "kafka-2", "kafka-3");
        assertThat(plan.of(ClusterPlan.Role.PROCESSOR))
                .extracting(ClusterPlan.Host::name)
                .containsExactly("processor-1", "processor-2");
        assertThat(plan.of(ClusterPlan.Role.GATEWAY))
                .extracting(ClusterPlan.Host::name)
                .containsExactly("gateway-1", "gateway-2");
        Set<String> addresses = new HashSet<>();
        Set<String> links = new HashSet<>();
        for (ClusterPlan.Host host : plan.hosts()) {
            assertThat(host.address()).startsWith(ClusterPlan.SUBNET_PREFIX).isNotEqualTo(ClusterPlan.BRIDGE_ADDRESS);
            assertThat(addresses.add(host.address()))
                    .as("address of %s used once", host.name())
                    .isTrue();
            assertThat(links.add(host.hostLink())).isTrue();
            assertThat(host.hostLink().length()).isLessThanOrEqualTo(15);
            assertThat(host.namespace()).startsWith(ClusterPlan.NAMESPACE_PREFIX);
        }
        assertThat(plan.hostsFile("127.0.0.1 localhost\n"))
                .startsWith("127.0.0.1 localhost\n")
                .contains(plan.of(ClusterPlan.Role.BROKER).get(0).address() + " kafka-1\n");
    }

    @Test
    @DisplayName(
            "every host gets its compose service's environment, only its data directories moved under the cluster's")
    void environmentOfCompose() {
        for (ClusterPlan.Host host : plan.hosts()) {
            Map<String, String> differences = new TreeMap<>(host.environment());
            differences
                    .entrySet()
                    .removeIf(e -> e.getValue().equals(host.composeEnvironment().get(e.getKey())));
            assertThat(host.composeEnvironment().keySet())
                    .as(host.name())
                    .isSubsetOf(host.environment().keySet());
            Set<String> allowed = switch (host.role()) {
                case BROKER -> Set.of("KAFKA_LOG_DIRS");
                case PROCESSOR -> Set.of("KAFKA_STATE_DIR");
                case GATEWAY -> Set.of("GATEWAY_STATE_VIEW_DIR");
            };
            assertThat(differences.keySet()).as(host.name()).isEqualTo(allowed);
            differences
                    .values()
                    .forEach(dir -> assertThat(dir)
                            .as(host.name())
                            .startsWith(
                                    DATA.resolve("data").resolve(host.name()).toString()));
        }
    }

    @Test
    @DisplayName("the brokers: replication 3, min.insync.replicas 2, three voters, the compose cluster id")
    void brokerSettings() {
        for (ClusterPlan.Host broker : plan.of(ClusterPlan.Role.BROKER)) {
            Properties props = ClusterBrokerMain.settings(broker.environment());
            assertThat(props)
                    .containsEntry("default.replication.factor", "3")
                    .containsEntry("min.insync.replicas", "2")
                    .containsEntry("offsets.topic.replication.factor", "3")
                    .containsEntry("transaction.state.log.replication.factor", "3")
                    .containsEntry("transaction.state.log.min.isr", "2")
                    .containsEntry("process.roles", "broker,controller")
                    .containsEntry("controller.quorum.voters", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("node.id", broker.name().substring("kafka-".length()));
            assertThat(broker.environment().get("CLUSTER_ID")).isEqualTo("H9mrd-p-QhW2FrxtK1sS2g");
            assertThat(broker.mainClass()).isEqualTo(ClusterBrokerMain.class.getName());
        }
    }

    @Test
    @DisplayName("environment variables name Kafka settings as the apache/kafka image names them")
    void settingNames() {
        assertThat(ClusterBrokerMain.settingName("KAFKA_MIN_INSYNC_REPLICAS")).isEqualTo("min.insync.replicas");
        assertThat(ClusterBrokerMain.settingName("KAFKA_A__B")).isEqualTo("a_b");
        assertThat(ClusterBrokerMain.settingName("KAFKA_A___B_C")).isEqualTo("a-b.c");
    }

    @Test
    @DisplayName("the processors accept their environment: one application id, standby replicas 1, the compose brokers")
    void processorSettings() {
        Set<String> applicationIds = new HashSet<>();
        for (ClusterPlan.Host processor : plan.of(ClusterPlan.Role.PROCESSOR)) {
            assertThat(SettingsLoader.ignoredEnvironment(processor.environment()))
                    .isEmpty();
            var settings =
                    SettingsLoader.load(Optional.of(Path.of(processor.args().get(0))), processor.environment());
            applicationIds.add(settings.kafka().get("application.id"));
            assertThat(settings.kafka())
                    .containsEntry("bootstrap.servers", "kafka-1:9092,kafka-2:9092,kafka-3:9092")
                    .containsEntry("num.standby.replicas", "1")
                    .containsEntry("replication.factor", "3");
            assertThat(settings.topics()).isEqualTo(TopicNames.DEFAULTS);
        }
        assertThat(applicationIds).hasSize(1);
    }

    @Test
    @DisplayName("the gateways run the shipped configuration with distinct instance ids")
    void gatewaySettings() {
        Set<String> ids = new HashSet<>();
        for (ClusterPlan.Host gateway : plan.of(ClusterPlan.Role.GATEWAY)) {
            assertThat(gateway.args()).hasSize(2).first().isEqualTo("server");
            assertThat(Path.of(gateway.args().get(1))).exists();
            assertThat(gateway.environment())
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092,kafka-3:9092");
            ids.add(gateway.environment().get("GATEWAY_INSTANCE_ID"));
        }
        assertThat(ids).hasSize(2);
        assertThat(plan.bootstrap())
                .isEqualTo(String.join(",", List.of("kafka-1:9092", "kafka-2:9092", "kafka-3:9092")));
    }
}

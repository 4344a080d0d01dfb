package dev.versioned.faults;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.processor.ProcessorApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;

/**
 * What {@code ./faults/cluster} runs, read from compose/docker-compose.yml so that the two cannot drift: every
 * Kafka node, processor and gateway service of the compose file becomes a host of its own (a Linux network
 * namespace with its own address on one bridge, and the service's name resolving to it in every host), running
 * the product's jars with the service's environment as compose gives it. Only what a container has and a host
 * process has not is replaced: the directories of data (compose's volumes), the gateways' state view directory
 * (a temp directory in a container) and the heap (compose leaves it to the container's memory).
 *
 * @param hosts brokers first, then processors, then gateways, each in name order
 */
record ClusterPlan(List<Host> hosts) {

    /** The bridge every host is attached to, and its address on the private subnet. */
    static final String BRIDGE = "vu-br0";

    static final String SUBNET_PREFIX = "10.213.0.";
    static final String BRIDGE_ADDRESS = SUBNET_PREFIX + "1";
    static final int PREFIX_LENGTH = 24;
    /** Every namespace's name starts with this, so that {@code down} removes only its own. */
    static final String NAMESPACE_PREFIX = "vu-";

    /** A compose service's volume mount points, replaced by a directory of the host under the cluster's data. */
    private static final List<String> DATA_KEYS = List.of("KAFKA_LOG_DIRS", "KAFKA_STATE_DIR");

    enum Role {
        BROKER,
        PROCESSOR,
        GATEWAY
    }

    /**
     * One host: its namespace, address, and the process it runs.
     *
     * @param environment the service's environment as compose sets it, data directories replaced
     * @param composeEnvironment the service's environment exactly as compose sets it
     */
    record Host(
            String name,
            Role role,
            String address,
            List<String> jvmOptions,
            String mainClass,
            List<String> args,
            Map<String, String> environment,
            Map<String, String> composeEnvironment) {

        String namespace() {
            return NAMESPACE_PREFIX + name;
        }

        /** The host side of its veth pair (at most 15 characters, as Linux allows). */
        String hostLink() {
            return "vuh-" + address.substring(address.lastIndexOf('.') + 1);
        }
    }

    /** The plan for the compose file under {@code root}, with every host's data under {@code clusterDir}. */
    @SuppressWarnings("unchecked")
    static ClusterPlan fromCompose(Path root, Path clusterDir) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(root.resolve("compose/docker-compose.yml")));
        Map<String, Map<String, Object>> services =
                new TreeMap<>((Map<String, Map<String, Object>>) compose.get("services"));
        Map<Role, List<String>> byRole = new HashMap<>();
        services.forEach((name, service) -> roleOf(service)
                .ifPresent(role ->
                        byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(name)));
        List<Host> hosts = new ArrayList<>();
        int address = 11;
        for (Role role : Role.values()) {
            for (String name : byRole.getOrDefault(role, List.of())) {
                Map<String, String> composeEnv = environment(services.get(name));
                Path data = clusterDir.resolve("data").resolve(name);
                Map<String, String> env = new TreeMap<>(composeEnv);
                for (String key : DATA_KEYS) {
                    env.computeIfPresent(key, (k, v) -> data.resolve("data").toString());
                }
                List<String> jvm = new ArrayList<>(ProcessStack.CHILD_JVM_OPTIONS);
                String main;
                List<String> args;
                switch (role) {
                    case BROKER -> {
                        jvm.set(0, "-Xmx1g"); // the broker keeps more than the applications
                        main = ClusterBrokerMain.class.getName();
                        args = List.of();
                    }
                    case PROCESSOR -> {
                        main = ProcessorApp.class.getName();
                        args = List.of(root.resolve("processor/config/processor.properties")
                                .toString());
                    }
                    default -> {
                        // In a container the view lives in the temp directory; here under the host's data, so
                        // that down removes it.
                        env.put(
                                "GATEWAY_STATE_VIEW_DIR",
                                data.resolve("state-view").toString());
                        main = GatewayApplication.class.getName();
                        args = List.of(
                                "server",
                                root.resolve("gateway/config/gateway.yml").toString());
                    }
                }
                hosts.add(new Host(
                        name,
                        role,
                        SUBNET_PREFIX + address++,
                        List.copyOf(jvm),
                        main,
                        args,
                        Map.copyOf(env),
                        Map.copyOf(composeEnv)));
            }
        }
        return new ClusterPlan(List.copyOf(hosts));
    }

    List<Host> of(Role role) {
        return hosts.stream().filter(h -> h.role() == role).toList();
    }

    /** /etc/hosts of every host: the machine's own lines, then every service name at its address. */
    String hostsFile(String machineHosts) {
        StringBuilder out = new StringBuilder(machineHosts);
        if (!machineHosts.isEmpty() && !machineHosts.endsWith("\n")) {
            out.append('\n');
        }
        for (Host host : hosts) {
            out.append(host.address()).append(' ').append(host.name()).append('\n');
        }
        return out.toString();
    }

    /** The brokers as the applications reach them, from compose: {@code kafka-1:9092,...}. */
    String bootstrap() {
        return of(Role.PROCESSOR).get(0).environment().get("KAFKA_BOOTSTRAP_SERVERS");
    }

    @SuppressWarnings("unchecked")
    private static java.util.Optional<Role> roleOf(Map<String, Object> service) {
        if (environment(service).containsKey("KAFKA_NODE_ID")) {
            return java.util.Optional.of(Role.BROKER);
        }
        if (service.get("build") instanceof Map<?, ?> build) {
            Object target = ((Map<String, Object>) build).get("target");
            if ("processor".equals(target)) {
                return java.util.Optional.of(Role.PROCESSOR);
            }
            if ("gateway".equals(target)) {
                return java.util.Optional.of(Role.GATEWAY);
            }
        }
        return java.util.Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new TreeMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
                .forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }
}

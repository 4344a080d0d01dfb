package dev.versioned.faults;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One KRaft node of {@code ./faults/cluster}, configured from its environment exactly as the
 * {@code apache/kafka} image of compose configures itself: {@code CLUSTER_ID}, and every {@code KAFKA_X_Y}
 * variable as setting {@code x.y} ({@code __} for {@code _}, {@code ___} for {@code -}). It formats its log
 * directory once (a restart keeps its data), prints {@code BROKER READY} once started, and stops cleanly on
 * SIGTERM.
 */
public final class ClusterBrokerMain {

    private ClusterBrokerMain() {}

    public static void main(String[] args) throws Exception {
        Properties props = settings(System.getenv());
        String clusterId = System.getenv("CLUSTER_ID");
        if (clusterId == null || !props.containsKey("node.id") || !props.containsKey("log.dirs")) {
            System.err.println("ClusterBrokerMain needs CLUSTER_ID, KAFKA_NODE_ID and KAFKA_LOG_DIRS");
            System.exit(2);
        }
        Path logDir = Path.of(props.getProperty("log.dirs"));
        Files.createDirectories(logDir);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(Integer.parseInt(props.getProperty("node.id")))
                    .setClusterId(clusterId)
                    .setControllerListenerName(props.getProperty("controller.listener.names"))
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.shutdown();
                            server.awaitShutdown();
                            stopped.countDown();
                        },
                        "broker-shutdown"));
        System.out.println("BROKER READY node " + props.getProperty("node.id"));
        stopped.await();
    }

    /** The Kafka settings of an environment, named as the apache/kafka image names them. */
    static Properties settings(Map<String, String> environment) {
        Properties props = new Properties();
        environment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_")) {
                props.put(settingName(name), value);
            }
        });
        return props;
    }

    static String settingName(String variable) {
        return variable.substring("KAFKA_".length())
                .replace("___", "\u0001")
                .replace("__", "\u0002")
                .replace('_', '.')
                .replace('\u0001', '-')
                .replace('\u0002', '_')
                .toLowerCase(Locale.ROOT);
    }
}

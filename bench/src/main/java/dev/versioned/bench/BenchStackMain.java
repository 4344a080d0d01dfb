package dev.versioned.bench;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.GatewayLauncher;
import dev.versioned.stack.StackTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.jetty.server.Server;

/**
 * Processor and gateway in one JVM against an existing broker, configured for one bench stack (its own
 * topics, commit interval, unconditional ADJUST on or off, extra Kafka Streams properties). Run by
 * {@link BenchStack} as a child JVM; prints {@code BENCH STACK READY} once it accepts HTTP requests.
 *
 * <p>The same wiring as the stack module's {@code LocalStack} (which starts its own broker and has no
 * switch for unconditional ADJUST): {@code BenchStackMain BOOTSTRAP HTTP_PORT ADMIN_PORT COMMIT_MS
 * UNCONDITIONAL STATE_DIR TOPIC_PREFIX GATEWAY_YML [kafka.key=value...]}.
 */
public final class BenchStackMain {

    private BenchStackMain() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int httpPort = Integer.parseInt(args[1]);
        int adminPort = Integer.parseInt(args[2]);
        String commitMs = args[3];
        boolean unconditional = Boolean.parseBoolean(args[4]);
        String stateDir = args[5];
        String prefix = args[6];
        String gatewayYml = args[7];

        TopicNames topics = topics(prefix);
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminProps)) {
            StackTopics.ensure(admin, topics, (short) 1);
            // The gateway's reply topic, as the gateway would create it (1 partition, 1 h), but with the broker's
            // append time as record timestamp: the hot-row cycle split (HotRowCycle) reads when each reply was
            // appended. Nothing reads the timestamp of a reply otherwise.
            admin.createTopics(List.of(new NewTopic(gatewayReplyTopic(prefix), 1, (short) 1)
                            .configs(Map.of(
                                    "retention.ms",
                                    "3600000",
                                    "cleanup.policy",
                                    "delete",
                                    "message.timestamp.type",
                                    "LogAppendTime"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        ProcessorSettings settings = ProcessorSettings.defaults(bootstrap)
                .withTopics(topics)
                .withUnconditionalAdjust(unconditional)
                .withKafka(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "processor")
                .withKafka(StreamsConfig.STATE_DIR_CONFIG, stateDir)
                .withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        for (int i = 8; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            settings = settings.withKafka(kv[0], kv[1]);
        }
        ProcessorApp processor = new ProcessorApp(settings);
        processor.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (processor.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || processor.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("processor did not reach RUNNING: " + processor.state());
            }
            Thread.sleep(50); // start-up poll
        }

        Map<String, String> overrides = new java.util.HashMap<>();
        overrides.put("kafka.bootstrapServers", bootstrap);
        overrides.put("kafka.topics.requests", topics.requests());
        overrides.put("kafka.topics.state", topics.state());
        overrides.put("kafka.topics.replyPrefix", topics.replyPrefix());
        overrides.put("instanceId", prefix + "gateway");
        overrides.put("server.applicationConnectors[0].port", String.valueOf(httpPort));
        overrides.put("server.adminConnectors[0].port", String.valueOf(adminPort));
        overrides.put("replyTopicReplicationFactor", "1");
        Server gateway = GatewayLauncher.start(Path.of(gatewayYml), overrides);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                gateway.stop();
                            } catch (Exception e) {
                                System.err.println("stopping the gateway: " + e);
                            }
                            processor.close();
                            stopped.countDown();
                        },
                        "bench-stack-shutdown"));
        System.out.println("BENCH STACK READY http://127.0.0.1:" + httpPort);
        stopped.await();
    }

    /** The reply topic of the stack's gateway (instance id {@code <prefix>gateway}). */
    static String gatewayReplyTopic(String prefix) {
        return TopicNames.DEFAULTS.replyPrefix() + prefix + "gateway";
    }

    /** The topics of one bench stack: the defaults with a prefix, so stacks on one broker do not share data. */
    static TopicNames topics(String prefix) {
        TopicNames d = TopicNames.DEFAULTS;
        return new TopicNames(
                prefix + d.requests(),
                prefix + d.results(),
                prefix + d.state(),
                prefix + d.deadLetters(),
                d.replyPrefix());
    }
}

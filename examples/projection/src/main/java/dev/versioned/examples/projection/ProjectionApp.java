package dev.versioned.examples.projection;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the account balance projection until SIGTERM or Ctrl-C:
 * {@code ProjectionApp [--name=value ...]} (see {@link ProjectionSettings} for the settings).
 *
 * <p>SIGTERM or Ctrl-C stops it cleanly. Exit status 2 means bad settings, 1 that the projection could not start or
 * stopped after a failure (a stream thread that fails is not replaced: under exactly-once its work since the last
 * commit is rolled back, and a restart resumes from there).
 */
public final class ProjectionApp {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionApp.class);

    private ProjectionApp() {}

    public static void main(String[] args) throws InterruptedException {
        ProjectionSettings settings;
        try {
            settings = ProjectionSettings.from(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int status = run(settings);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs until the JVM is asked to stop or the projection fails; returns the exit status. */
    static int run(ProjectionSettings settings) throws InterruptedException {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        Admin client = Admin.create(admin);
        try {
            BalancesTopic.ensure(client, settings);
        } catch (IllegalStateException e) {
            LOG.error("cannot start: {}", e.getMessage());
            return 1;
        } finally {
            client.close(Duration.ofSeconds(5)); // by default it would wait for a broker that does not answer
        }
        KafkaStreams streams = new KafkaStreams(BalanceTopology.build(settings), BalanceTopology.properties(settings));
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            LOG.info("projection {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("the projection stops after a failure", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        // SIGTERM or Ctrl-C: commit what is processed, and leave the group so that another instance takes over
        // at once rather than after the session timeout.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)),
                        "projection-shutdown"));
        LOG.info(
                "projecting {} into {} as {} (state in {})",
                settings.eventsTopic(),
                settings.balancesTopic(),
                settings.applicationId(),
                settings.stateDir().toAbsolutePath());
        streams.start();
        stopped.await();
        boolean failed = streams.state() == KafkaStreams.State.ERROR;
        if (failed) {
            streams.close(Duration.ofSeconds(30));
        }
        return failed ? 1 : 0;
    }
}

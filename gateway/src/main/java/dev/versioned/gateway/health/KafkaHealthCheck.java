package dev.versioned.gateway.health;

import com.codahale.metrics.health.HealthCheck;
import dev.versioned.client.kafka.KafkaClients;
import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Healthy when the cluster answers a metadata request within 3 s. Owns one Admin client. */
public final class KafkaHealthCheck extends HealthCheck implements Managed {

    private final KafkaClients clients;
    private volatile Admin admin;

    public KafkaHealthCheck(KafkaClients clients) {
        this.clients = clients;
    }

    @Override
    public void start() {
        admin = clients.admin();
    }

    @Override
    public void stop() {
        Admin a = admin;
        if (a != null) {
            a.close(java.time.Duration.ofSeconds(5));
        }
    }

    @Override
    protected Result check() throws Exception {
        Admin a = admin;
        if (a == null) {
            return Result.unhealthy("not started");
        }
        int nodes = a.describeCluster(new DescribeClusterOptions().timeoutMs(3_000))
                .nodes()
                .get(3, TimeUnit.SECONDS)
                .size();
        return nodes > 0 ? Result.healthy("%d broker(s) reachable", nodes) : Result.unhealthy("no broker");
    }
}

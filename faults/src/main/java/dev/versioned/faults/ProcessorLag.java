package dev.versioned.faults;

import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.TopicNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Whether the processors' consumer group has committed every request written so far. */
final class ProcessorLag {

    private ProcessorLag() {}

    static void awaitCaughtUp(Supplier<Admin> admins, String applicationId, int partitions, Duration atMost) {
        await("processors caught up")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> caughtUp(admins, applicationId, partitions));
    }

    private static boolean caughtUp(Supplier<Admin> admins, String applicationId, int partitions) throws Exception {
        try (Admin admin = admins.get()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(TopicNames.DEFAULTS.requests(), p), OffsetSpec.latest());
            }
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                if ((done == null ? 0 : done.offset()) < end.getValue().offset()) {
                    return false;
                }
            }
            return true;
        }
    }
}

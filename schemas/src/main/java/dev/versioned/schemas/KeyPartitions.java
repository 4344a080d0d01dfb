package dev.versioned.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition a key belongs to: murmur2 of its UTF-8 bytes, as Java producers (and the gateway) choose
 * it by default. A product's requests, results and state records all go to the partition of its productId.
 */
public final class KeyPartitions {

    private KeyPartitions() {}

    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}

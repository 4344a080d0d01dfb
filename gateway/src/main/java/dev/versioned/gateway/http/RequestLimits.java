package dev.versioned.gateway.http;

import dev.versioned.gateway.config.GatewayConfiguration;
import java.time.Duration;

/**
 * How long and how large the inventory API lets a request be.
 *
 * @param requestTimeout the deadline of one update, or of a whole batch, sends included
 * @param maxReadWait the longest a read waits for {@code minVersion}
 * @param maxRequestBytes the largest update
 * @param maxBatchItems the most updates in one batch
 */
public record RequestLimits(Duration requestTimeout, Duration maxReadWait, int maxRequestBytes, int maxBatchItems) {

    /** The largest body read at all: a full batch, but never more than 8 MiB whatever the limits say. */
    public int maxBodyBytes() {
        return (int) Math.min(8L << 20, (long) maxRequestBytes * maxBatchItems);
    }

    /** The limits the configuration sets. */
    public static RequestLimits of(GatewayConfiguration config) {
        return new RequestLimits(
                config.getRequestTimeout().toJavaDuration(),
                config.getMaxReadWait().toJavaDuration(),
                config.getMaxRequestBytes(),
                config.getMaxBatchItems());
    }
}

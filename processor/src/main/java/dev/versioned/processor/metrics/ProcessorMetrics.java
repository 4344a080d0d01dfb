package dev.versioned.processor.metrics;

import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The processor's business metrics, registered with Kafka Streams (so JMX and any configured metrics
 * reporter see them) in group {@code stream-inventory-metrics}, per stream thread:
 * {@code applied-total}, {@code replayed-total}, {@code rejected-<code>-total} for every refusal code
 * (conflicts are {@code rejected-version-conflict-total}) and {@code dead-lettered-total}, each with a
 * matching {@code -rate}. At the Kafka boundary: {@code forwarded-wrong-partition-total} (requests sent on
 * to the partition of their key), {@code reply-skipped-total} (replies not sent because their topic does
 * not exist or cannot be written), {@code processing-failed-total} (records given up on after failing
 * every try, dead-lettered) and {@code given-up-total} (records skipped because even their dead letter
 * could not be written; each is logged with its topic, partition and offset).
 */
public final class ProcessorMetrics {

    public static final String SCOPE = "inventory";
    public static final String GROUP = "stream-inventory-metrics";

    private final Sensor replayed;
    private final Sensor deadLettered;
    private final Sensor forwarded;
    private final Sensor replySkipped;
    private final Sensor processingFailed;
    private final Sensor givenUp;
    private final Map<ResultCode, Sensor> byCode = new EnumMap<>(ResultCode.class);

    public ProcessorMetrics(StreamsMetrics metrics, String entity) {
        replayed = metrics.addRateTotalSensor(SCOPE, entity, "replayed", Sensor.RecordingLevel.INFO);
        deadLettered = metrics.addRateTotalSensor(SCOPE, entity, "dead-lettered", Sensor.RecordingLevel.INFO);
        forwarded = metrics.addRateTotalSensor(SCOPE, entity, "forwarded-wrong-partition", Sensor.RecordingLevel.INFO);
        replySkipped = metrics.addRateTotalSensor(SCOPE, entity, "reply-skipped", Sensor.RecordingLevel.INFO);
        processingFailed = metrics.addRateTotalSensor(SCOPE, entity, "processing-failed", Sensor.RecordingLevel.INFO);
        givenUp = metrics.addRateTotalSensor(SCOPE, entity, "given-up", Sensor.RecordingLevel.INFO);
        for (ResultCode code : ResultCode.values()) {
            byCode.put(code, metrics.addRateTotalSensor(SCOPE, entity, operation(code), Sensor.RecordingLevel.INFO));
        }
    }

    /** The metric operation name counting outcomes with this code: {@code applied}, {@code rejected-...}. */
    public static String operation(ResultCode code) {
        return code == ResultCode.APPLIED
                ? "applied"
                : "rejected-" + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Counts an outcome: a replay counts as a replay only, not again under its code. */
    public void outcome(UpdateResult result) {
        (result.replayed() ? replayed : byCode.get(result.code())).record();
    }

    public void deadLettered() {
        deadLettered.record();
    }

    public void forwardedToKeyPartition() {
        forwarded.record();
    }

    public void replySkipped() {
        replySkipped.record();
    }

    public void processingFailed() {
        processingFailed.record();
    }

    public void givenUp() {
        givenUp.record();
    }
}

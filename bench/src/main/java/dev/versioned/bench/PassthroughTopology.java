package dev.versioned.bench;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The reference of part a: one record in, the same bytes out, no store. Same source serdes as the
 * product's topology (String key, raw bytes value), so the difference is exactly the product's work.
 */
public final class PassthroughTopology {

    private PassthroughTopology() {}

    public static Topology build(String input, String output) {
        Topology topology = new Topology();
        topology.addSource(
                "passthrough-source",
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                input);
        topology.addSink(
                "passthrough-sink",
                output,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                "passthrough-source");
        return topology;
    }
}

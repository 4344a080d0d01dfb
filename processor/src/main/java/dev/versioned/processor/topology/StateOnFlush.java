package dev.versioned.processor.topology;

import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Calls back with a cached store's latest value of each key when Kafka Streams flushes the record cache:
 * before every commit (and when the cache evicts), so once per key per commit at most. This is how the
 * DSL's tables emit their updates; the processor API has no public hook for it, so this class uses the
 * same internal one ({@link WrappedStateStore#setFlushListener}), in one place. A flush happens inside the
 * task's commit, before the transaction commits, so what the callback forwards commits with the store.
 * Public for the benchmark's fan-out reference, which publishes the way the processor does.
 */
public final class StateOnFlush {

    private StateOnFlush() {}

    /**
     * Registers {@code onFlush} for the values of {@code store} as they are flushed, forwarding (whatever the
     * callback forwards) from the node of {@code context}. Must be called from the processor's {@code init}.
     *
     * @return false when the store has no record cache (for instance {@code statestore.cache.max.bytes=0}):
     *         nothing is registered, and the caller must emit on every put itself
     */
    public static boolean register(
            ProcessorContext<?, ?> context,
            KeyValueStore<String, byte[]> store,
            Consumer<Record<String, byte[]>> onFlush) {
        if (!(store instanceof WrappedStateStore<?, ?, ?> wrapped)
                || !(context instanceof InternalProcessorContext<?, ?> internal)) {
            return false;
        }
        ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
        @SuppressWarnings("unchecked")
        WrappedStateStore<?, String, byte[]> typed = (WrappedStateStore<?, String, byte[]>) wrapped;
        CacheFlushListener<String, byte[]> listener = flushed -> {
            byte[] latest = flushed.value().newValue;
            if (latest == null) {
                return;
            }
            // A flush at commit runs outside any node: forward as the processor that owns the store.
            ProcessorNode<?, ?, ?, ?> previous = internal.currentNode();
            internal.setCurrentNode(node);
            try {
                // The cache keeps the context of the last put, headers included: none of them go out.
                onFlush.accept(new Record<>(flushed.key(), latest, flushed.timestamp(), new RecordHeaders()));
            } finally {
                internal.setCurrentNode(previous);
            }
        };
        return typed.setFlushListener(listener, false);
    }
}

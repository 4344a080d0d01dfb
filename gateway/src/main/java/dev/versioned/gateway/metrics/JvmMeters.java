package dev.versioned.gateway.metrics;

import io.dropwizard.lifecycle.Managed;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's meters: memory ({@code jvm_memory_used_bytes{area,id}}), garbage collection
 * ({@code jvm_gc_pause_seconds}), threads ({@code jvm_threads_live_threads}), classes, CPU
 * ({@code process_cpu_usage}) and uptime. Bound at construction, so that they are there from the first
 * scrape; the garbage collection meters listen to the JVM's notifications until {@link #stop}, which
 * matters where several gateways start and stop in one JVM (the tests).
 */
public final class JvmMeters implements Managed {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    public JvmMeters(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    @Override
    public void stop() {
        gc.close();
    }
}

package dev.versioned.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty's meters, bound when the server starts (before its connectors accept anything): the request
 * thread pool ({@code jetty_threads_current}, {@code jetty_threads_busy}, {@code jetty_threads_jobs}, ...)
 * and the connections of every connector ({@code jetty_connections_current{connector_name}}, ...).
 * Registered with Dropwizard's lifecycle as a listener of the server. Nothing to unbind: the meters go with
 * the application's registry.
 */
public final class JettyMeters implements LifeCycle.Listener {

    private final MeterRegistry registry;

    public JettyMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server) {
            new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty()).bindTo(registry);
            JettyConnectionMetrics.addToAllConnectors(server, registry);
        }
    }
}

package dev.versioned.gateway;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.gateway.auth.ApiClient;
import dev.versioned.gateway.auth.ApiKeyAuthFilter;
import dev.versioned.gateway.auth.ApiKeyAuthenticator;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.health.GatewayMetrics;
import dev.versioned.gateway.health.KafkaHealthCheck;
import dev.versioned.gateway.health.ReplyConsumerHealthCheck;
import dev.versioned.gateway.health.StateViewHealthCheck;
import dev.versioned.gateway.http.CatchAllExceptionMapper;
import dev.versioned.gateway.http.DrainBeforeSendError;
import dev.versioned.gateway.http.GatewayExceptionMapper;
import dev.versioned.gateway.http.InventoryResource;
import dev.versioned.gateway.http.JsonErrorHandler;
import dev.versioned.gateway.http.WebApplicationExceptionMapper;
import dev.versioned.gateway.kafka.RequestReplyClient;
import dev.versioned.gateway.kafka.StateView;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;

/**
 * The HTTP gateway: {@code java -jar gateway.jar server config.yml}. Plain constructor wiring; every Kafka
 * client is a {@code Managed} object with a health check. Kafka clients start before Jetty opens its
 * connectors, so traffic is accepted only once the reply consumer holds its partitions.
 */
public class GatewayApplication extends Application<GatewayConfiguration> {

    private volatile RequestReplyClient requestReply;
    private volatile StateView stateView;

    public static void main(String[] args) throws Exception {
        new GatewayApplication().run(args);
    }

    @Override
    public String getName() {
        return "inventory-gateway";
    }

    @Override
    public void initialize(Bootstrap<GatewayConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Override
    public void run(GatewayConfiguration config, Environment environment) {
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false); // ours below: one error shape, no stack traces
        }
        GatewayMetrics metrics = new GatewayMetrics(environment.metrics());
        KafkaClients clients = new KafkaClients(
                config.getKafka().clientProperties(System.getenv()), "inventory-gateway-" + config.getInstanceId());

        requestReply = new RequestReplyClient(
                clients,
                config.getKafka().getTopics().getRequests(),
                config.replyTopic(),
                config.getReplyTopicPartitions(),
                config.getReplyTopicReplicationFactor(),
                config.getReplyTopicRetention().toJavaDuration(),
                config.getRequestTimeout().toJavaDuration(),
                config.getMaxPendingRequests(),
                metrics);
        stateView = new StateView(
                clients,
                config.getKafka().getTopics().getState(),
                config.getStateViewStartupTimeout().toJavaDuration());
        KafkaHealthCheck kafkaHealth = new KafkaHealthCheck(clients);
        environment.lifecycle().manage(kafkaHealth);
        environment.lifecycle().manage(stateView);
        environment.lifecycle().manage(requestReply);
        environment.healthChecks().register("kafka", kafkaHealth);
        environment.healthChecks().register("reply-consumer", new ReplyConsumerHealthCheck(requestReply));
        environment.healthChecks().register("state-view", new StateViewHealthCheck(stateView));

        environment
                .jersey()
                .register(
                        new AuthDynamicFeature(ApiKeyAuthFilter.create(new ApiKeyAuthenticator(config.getApiKeys()))));
        environment.jersey().register(new AuthValueFactoryProvider.Binder<>(ApiClient.class));
        // Jetty's own errors (bad URIs, oversized headers) in the same shape as Jersey's.
        environment.getApplicationContext().setErrorHandler(new JsonErrorHandler.ForServlets());
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(new JsonErrorHandler()));
        environment
                .servlets()
                .addFilter("drain-before-send-error", new DrainBeforeSendError())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        environment.jersey().register(new GatewayExceptionMapper());
        environment.jersey().register(new WebApplicationExceptionMapper());
        environment.jersey().register(new CatchAllExceptionMapper());
        environment
                .jersey()
                .register(new InventoryResource(
                        requestReply,
                        stateView,
                        metrics,
                        config.getRequestTimeout().toJavaDuration(),
                        config.getMaxReadWait().toJavaDuration(),
                        config.getMaxRequestBytes(),
                        config.getMaxBatchItems()));

        PrometheusRegistry prometheus = new PrometheusRegistry(); // per application: tests run several in one JVM
        DropwizardExports.builder()
                .dropwizardRegistry(environment.metrics())
                // Jersey's per-method metrics sanitise to clashing Prometheus names: export ours and the JVM's.
                .metricFilter((name, metric) -> name.startsWith("gateway.")
                        || name.startsWith("jvm.")
                        || name.startsWith("org.eclipse.jetty.server.handler.StatisticsHandler")
                        || name.startsWith("io.dropwizard.jetty.MutableServletContextHandler"))
                .register(prometheus);
        environment
                .admin()
                .addServlet("prometheus", new PrometheusMetricsServlet(prometheus))
                .addMapping("/prometheus");
    }

    /** The running request/reply client (tests read its reply topic and pending count). */
    public RequestReplyClient requestReply() {
        return requestReply;
    }

    public StateView stateView() {
        return stateView;
    }
}

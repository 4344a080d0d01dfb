package dev.versioned.gateway;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.gateway.auth.ApiKeyAuthenticator;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.gateway.auth.KeyFile;
import dev.versioned.gateway.auth.RateLimits;
import dev.versioned.gateway.config.DocumentsConfig;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.config.RedactingConfigurationFactory;
import dev.versioned.gateway.health.KafkaHealthCheck;
import dev.versioned.gateway.health.ReplyConsumerHealthCheck;
import dev.versioned.gateway.health.StateViewHealthCheck;
import dev.versioned.gateway.http.ApiKeyAuthFilter;
import dev.versioned.gateway.http.DocumentResource;
import dev.versioned.gateway.http.DrainBeforeSendError;
import dev.versioned.gateway.http.HistoryResource;
import dev.versioned.gateway.http.InventoryResource;
import dev.versioned.gateway.http.JsonErrorHandler;
import dev.versioned.gateway.http.RequestLimits;
import dev.versioned.gateway.http.StreamResource;
import dev.versioned.gateway.kafka.DocumentReader;
import dev.versioned.gateway.kafka.DocumentView;
import dev.versioned.gateway.kafka.HistoryReader;
import dev.versioned.gateway.kafka.RequestReplyClient;
import dev.versioned.gateway.kafka.StateView;
import dev.versioned.gateway.kafka.StreamView;
import dev.versioned.gateway.metrics.GatewayMetrics;
import dev.versioned.gateway.metrics.JettyMeters;
import dev.versioned.gateway.metrics.JvmMeters;
import dev.versioned.gateway.metrics.PrometheusScrapeServlet;
import dev.versioned.gateway.view.RocksViewStore;
import dev.versioned.gateway.view.ViewDirectory;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The HTTP gateway: {@code java -jar gateway.jar server config.yml}. Plain constructor wiring; every Kafka
 * client is a {@code Managed} object with a health check. Kafka clients start before Jetty opens its
 * connectors, so traffic is accepted only once the reply consumer holds its partitions. Metrics go to a
 * Micrometer Prometheus registry of this application's own, served on the admin port at {@code /prometheus}.
 */
public class GatewayApplication extends Application<GatewayConfiguration> {

    private volatile RequestReplyClient requestReply;
    private volatile StateView stateView;
    private volatile Optional<DocumentView> documentView = Optional.empty();
    private volatile StreamView streamView;

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
        // A configuration error names the line or setting, never its text: a substituted value may be a secret.
        bootstrap.setConfigurationFactoryFactory(new RedactingConfigurationFactory.Factory<>());
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Override
    public void run(GatewayConfiguration config, Environment environment) {
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false); // ours, in JerseyRegistrations: one error shape
        }
        // One registry per application, not Micrometer's global one: tests run several gateways in one JVM.
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayMetrics metrics = new GatewayMetrics(meters);
        environment.lifecycle().manage(new JvmMeters(meters));
        environment.lifecycle().addEventListener(new JettyMeters(meters));
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
                config.getStateViewStartupTimeout().toJavaDuration(),
                // the directory is chosen (and abandoned ones deleted) at start
                () -> RocksViewStore.open(ViewDirectory.of(config.getStateViewDirectory(), config.getInstanceId())));
        metrics.stateViewLag(stateView::lagRecords);
        // The admin /metrics JSON keeps the pending count under its earlier name: GatewayOverloadTest reads it there.
        environment.metrics().gauge("gateway.pending", () -> requestReply::pendingCount);
        KafkaHealthCheck kafkaHealth = new KafkaHealthCheck(clients);
        environment.lifecycle().manage(kafkaHealth);
        environment.lifecycle().manage(stateView);
        environment.lifecycle().manage(requestReply);
        environment.healthChecks().register("kafka", kafkaHealth);
        environment.healthChecks().register("reply-consumer", new ReplyConsumerHealthCheck(requestReply));
        environment.healthChecks().register("state-view", new StateViewHealthCheck(stateView));
        DocumentsConfig documents = config.getDocuments();
        metrics.documentCollections(documents.collectionSet());
        // Only a gateway that serves collections reads the documents state topic.
        documentView = documents.collectionSet().isEmpty()
                ? Optional.empty()
                : Optional.of(new DocumentView(
                        clients,
                        documents.getStateTopic(),
                        config.getStateViewStartupTimeout().toJavaDuration(),
                        documents.collectionSet(),
                        () -> ViewDirectory.of(
                                config.getStateViewDirectory(), ViewDirectory.DOCUMENT_VIEW, config.getInstanceId())));
        documentView.ifPresent(view -> {
            metrics.documentViewLag(view::lagRecords);
            environment.lifecycle().manage(view);
            environment.healthChecks().register("document-view", new StateViewHealthCheck(view));
        });
        streamView = new StreamView(
                clients,
                config.getStreams().getEventsTopic(),
                config.getStateViewStartupTimeout().toJavaDuration(),
                () -> ViewDirectory.of(
                        config.getStateViewDirectory(), ViewDirectory.STREAM_VIEW, config.getInstanceId()));
        metrics.streamViewLag(streamView::lagRecords);
        environment.lifecycle().manage(streamView);
        environment.healthChecks().register("stream-view", new StateViewHealthCheck(streamView));

        // Jetty's own errors (bad URIs, oversized headers) in the same shape as Jersey's.
        environment.getApplicationContext().setErrorHandler(new JsonErrorHandler.ForServlets());
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(new JsonErrorHandler()));
        environment
                .servlets()
                .addFilter("drain-before-send-error", new DrainBeforeSendError())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        AuthRefusals refusals = new AuthRefusals(metrics);
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(config.getApiKeys(), refusals::known);
        config.getApiKeysFile()
                .ifPresent(file -> environment
                        .lifecycle()
                        .manage(new KeyFile(
                                Path.of(file),
                                config.getApiKeysFileCheckInterval().toJavaDuration(),
                                authenticator)));
        HistoryReader history = new HistoryReader(
                clients,
                config.getKafka().getTopics().getResults(),
                config.getHistory().getMaxScannedRecords(),
                config.getHistory().getScanDeadline().toJavaDuration(),
                config.getHistory().getMaxConcurrentScans());
        environment.lifecycle().manage(history);
        JerseyRegistrations.register(
                environment.jersey()::register,
                ApiKeyAuthFilter.create(authenticator, new RateLimits(), refusals),
                new InventoryResource(requestReply, stateView, RequestLimits.of(config), refusals),
                new HistoryResource(history, config.getHistory(), refusals),
                new DocumentResource(
                        requestReply,
                        documentView.<DocumentReader>map(view -> view).orElse(DocumentReader.empty(() -> true)),
                        RequestLimits.of(config),
                        documents.collectionSet(),
                        documents.getMaxDocumentBytes(),
                        refusals),
                metrics);
        JerseyRegistrations.registerStreams(
                environment.jersey()::register,
                new StreamResource(requestReply, streamView, RequestLimits.of(config), config.getStreams(), refusals),
                metrics);

        environment
                .admin()
                .addServlet("prometheus", new PrometheusScrapeServlet(meters))
                .addMapping("/prometheus");
    }

    /** The running request/reply client (tests read its reply topic and pending count). */
    public RequestReplyClient requestReply() {
        return requestReply;
    }

    public StateView stateView() {
        return stateView;
    }

    /** The view of the events topic that stream reads come from. */
    public StreamView streamView() {
        return streamView;
    }

    /** The document view, when the gateway serves collections. */
    public Optional<DocumentView> documentView() {
        return documentView;
    }
}

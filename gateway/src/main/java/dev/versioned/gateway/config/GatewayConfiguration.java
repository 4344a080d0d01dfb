package dev.versioned.gateway.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's configuration, validated at start-up (YAML with {@code ${ENV_VAR:-default}} substitution).
 *
 * <p>{@code instanceId} names this instance's own reply topic ({@code <replyPrefix><instanceId>}): it must
 * be unique per running instance. Two instances sharing an id still get correct answers (each routes only
 * the correlation ids it is waiting for) but each reads the other's replies and logs them as unknown.
 */
public class GatewayConfiguration extends Configuration {

    /** Half of Dropwizard's default {@code server.maxThreads} (1024), the most that validation accepts with it. */
    public static final int DEFAULT_MAX_PENDING_REQUESTS = 512;

    /** Stated once, because both the validation and its test name it. */
    public static final String PENDING_BOUND_MESSAGE = "maxPendingRequests must be at most half of server.maxThreads: "
            + "every request waiting for its reply holds a request thread, and the other half must stay free to "
            + "answer 429 OVERLOADED, reads and Jetty's own work; lower maxPendingRequests or raise server.maxThreads";

    @Valid
    @NotNull
    private KafkaConfig kafka = new KafkaConfig();

    @NotNull
    @Pattern(regexp = "[a-zA-Z0-9._-]{1,100}")
    private String instanceId = "gateway-1";

    @Min(1)
    @Max(1000)
    private int replyTopicPartitions = 1;

    /** Replication of the reply topic when the gateway creates it; -1 = the broker's default. */
    @Min(-1)
    @Max(32)
    private int replyTopicReplicationFactor = -1;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration replyTopicRetention = Duration.hours(1);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
    private Duration requestTimeout = Duration.seconds(10);

    /**
     * Requests waiting for their reply, at most. Each one holds a request thread while it waits, so the bound
     * must stay well below Jetty's pool ({@link #isPendingBoundBelowRequestThreads}): past it the gateway sheds
     * with 429 instead of queueing requests in Jetty.
     */
    @Min(1)
    @Max(1_000_000)
    private int maxPendingRequests = DEFAULT_MAX_PENDING_REQUESTS;

    @Min(1024)
    @Max(1_048_576)
    private int maxRequestBytes = dev.versioned.schemas.UpdateRequest.DEFAULT_MAX_REQUEST_BYTES;

    @Min(1)
    @Max(1000)
    private int maxBatchItems = 100;

    /** The bounds of history reads (GET .../history): one scan of the results topic per request. */
    @Valid
    @NotNull
    private HistoryConfig history = new HistoryConfig();

    @NotNull
    @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
    private Duration maxReadWait = Duration.seconds(5);

    @NotNull
    private Duration stateViewStartupTimeout = Duration.seconds(60);

    /**
     * Where the state view keeps its RocksDB files: the subdirectory {@code state-view-<instanceId>} of this
     * directory, emptied at start (the view is rebuilt from the state topic) and deleted at stop. Unset: a new
     * directory under the system temp directory at each start ({@code view.ViewDirectory}).
     */
    private String stateViewDirectory;

    /** The document collections served under {@code /v1/collections}; none unless configured. */
    @Valid
    @NotNull
    private DocumentsConfig documents = new DocumentsConfig();

    /** Event streams under {@code /v1/streams}: the events topic reads come from, and the limits of an append. */
    @Valid
    @NotNull
    private StreamsConfig streams = new StreamsConfig();

    /**
     * Each entry is held to its own rules here ({@link ApiKeyConfig#problem()}); the rules between entries (no key
     * twice, one rate limit per name) are checked at start, with the key file's entries ({@code auth.KeySet}).
     */
    @Valid
    @NotNull
    private List<ApiKeyConfig> apiKeys = new ArrayList<>();

    /** A YAML or JSON list of more key entries, reloaded while the gateway runs when it changes. */
    private String apiKeysFile;

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration apiKeysFileCheckInterval = Duration.seconds(2);

    @JsonProperty
    public KafkaConfig getKafka() {
        return kafka;
    }

    @JsonProperty
    public void setKafka(KafkaConfig kafka) {
        this.kafka = kafka;
    }

    @JsonProperty
    public String getInstanceId() {
        return instanceId;
    }

    @JsonProperty
    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    @JsonProperty
    public int getReplyTopicPartitions() {
        return replyTopicPartitions;
    }

    @JsonProperty
    public void setReplyTopicPartitions(int replyTopicPartitions) {
        this.replyTopicPartitions = replyTopicPartitions;
    }

    @JsonProperty
    public int getReplyTopicReplicationFactor() {
        return replyTopicReplicationFactor;
    }

    @JsonProperty
    public void setReplyTopicReplicationFactor(int replyTopicReplicationFactor) {
        this.replyTopicReplicationFactor = replyTopicReplicationFactor;
    }

    @JsonProperty
    public Duration getReplyTopicRetention() {
        return replyTopicRetention;
    }

    @JsonProperty
    public void setReplyTopicRetention(Duration replyTopicRetention) {
        this.replyTopicRetention = replyTopicRetention;
    }

    @JsonProperty
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    @JsonProperty
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    @JsonProperty
    public int getMaxPendingRequests() {
        return maxPendingRequests;
    }

    @JsonProperty
    public void setMaxPendingRequests(int maxPendingRequests) {
        this.maxPendingRequests = maxPendingRequests;
    }

    @JsonProperty
    public int getMaxRequestBytes() {
        return maxRequestBytes;
    }

    @JsonProperty
    public void setMaxRequestBytes(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    @JsonProperty
    public int getMaxBatchItems() {
        return maxBatchItems;
    }

    @JsonProperty
    public void setMaxBatchItems(int maxBatchItems) {
        this.maxBatchItems = maxBatchItems;
    }

    @JsonProperty
    public HistoryConfig getHistory() {
        return history;
    }

    @JsonProperty
    public void setHistory(HistoryConfig history) {
        this.history = history;
    }

    @JsonProperty
    public Duration getMaxReadWait() {
        return maxReadWait;
    }

    @JsonProperty
    public void setMaxReadWait(Duration maxReadWait) {
        this.maxReadWait = maxReadWait;
    }

    @JsonProperty
    public Duration getStateViewStartupTimeout() {
        return stateViewStartupTimeout;
    }

    @JsonProperty
    public void setStateViewStartupTimeout(Duration stateViewStartupTimeout) {
        this.stateViewStartupTimeout = stateViewStartupTimeout;
    }

    @JsonProperty
    public Optional<String> getStateViewDirectory() {
        return Optional.ofNullable(stateViewDirectory).filter(d -> !d.isBlank());
    }

    @JsonProperty
    public void setStateViewDirectory(String stateViewDirectory) {
        this.stateViewDirectory = stateViewDirectory;
    }

    @JsonProperty
    public DocumentsConfig getDocuments() {
        return documents;
    }

    @JsonProperty
    public void setDocuments(DocumentsConfig documents) {
        this.documents = documents;
    }

    @JsonProperty
    public StreamsConfig getStreams() {
        return streams;
    }

    @JsonProperty
    public void setStreams(StreamsConfig streams) {
        this.streams = streams;
    }

    @JsonProperty
    public List<ApiKeyConfig> getApiKeys() {
        return apiKeys;
    }

    @JsonProperty
    public void setApiKeys(List<ApiKeyConfig> apiKeys) {
        this.apiKeys = apiKeys;
    }

    @JsonProperty
    public Optional<String> getApiKeysFile() {
        return Optional.ofNullable(apiKeysFile).filter(f -> !f.isBlank());
    }

    @JsonProperty
    public void setApiKeysFile(String apiKeysFile) {
        this.apiKeysFile = apiKeysFile;
    }

    @JsonProperty
    public Duration getApiKeysFileCheckInterval() {
        return apiKeysFileCheckInterval;
    }

    @JsonProperty
    public void setApiKeysFileCheckInterval(Duration apiKeysFileCheckInterval) {
        this.apiKeysFileCheckInterval = apiKeysFileCheckInterval;
    }

    /** The reply topic this instance owns. */
    public String replyTopic() {
        return kafka.getTopics().getReplyPrefix() + instanceId;
    }

    /**
     * A pending request holds a Jetty request thread until its reply or deadline. If the pending bound could
     * use up the pool, an overload would queue requests inside Jetty (answered late, or not at all) instead
     * of shedding them: the bound must leave half of the threads free. Virtual threads or a server factory
     * without a thread count are not checked.
     */
    @ValidationMethod(message = PENDING_BOUND_MESSAGE)
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPendingBoundBelowRequestThreads() {
        if (!(getServerFactory() instanceof AbstractServerFactory server) || server.isEnableVirtualThreads()) {
            return true;
        }
        return maxPendingRequests <= server.getMaxThreads() / 2;
    }

    @ValidationMethod(message = "apiKeys must hold at least one key, unless apiKeysFile names a key file")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isAnyApiKeySource() {
        return !apiKeys.isEmpty() || getApiKeysFile().isPresent();
    }
}

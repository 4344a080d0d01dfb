package dev.versioned.gateway.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.versioned.schemas.TopicNames;
import jakarta.validation.constraints.Pattern;

/** Topic names the gateway uses; defaults from {@link TopicNames#DEFAULTS}. Must match the processor's. */
public class TopicsConfig {

    private static final String TOPIC = TopicNames.NAME_PATTERN;

    @Pattern(regexp = TOPIC)
    private String requests = TopicNames.DEFAULTS.requests();

    @Pattern(regexp = TOPIC)
    private String state = TopicNames.DEFAULTS.state();

    /** The results topic (the audit log), read by history requests. */
    @Pattern(regexp = TOPIC)
    private String results = TopicNames.DEFAULTS.results();

    @Pattern(regexp = TOPIC)
    private String replyPrefix = TopicNames.DEFAULTS.replyPrefix();

    @JsonProperty
    public String getRequests() {
        return requests;
    }

    @JsonProperty
    public void setRequests(String requests) {
        this.requests = requests;
    }

    @JsonProperty
    public String getState() {
        return state;
    }

    @JsonProperty
    public void setState(String state) {
        this.state = state;
    }

    @JsonProperty
    public String getResults() {
        return results;
    }

    @JsonProperty
    public void setResults(String results) {
        this.results = results;
    }

    @JsonProperty
    public String getReplyPrefix() {
        return replyPrefix;
    }

    @JsonProperty
    public void setReplyPrefix(String replyPrefix) {
        this.replyPrefix = replyPrefix;
    }
}

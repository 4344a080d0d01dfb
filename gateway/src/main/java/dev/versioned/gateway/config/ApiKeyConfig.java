package dev.versioned.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One API key: its secret value, or its SHA-256 digest written {@code sha256:<64 hex digits>}; a name for logs
 * and metrics; the stores it may touch ({@code *} = all stores); the document collections it may touch
 * ({@code collections}, {@code *} = all the gateway serves; none when absent); at least one store or collection;
 * and optionally a rate limit, a token bucket of
 * {@code ratePerSecond} refilled up to {@code burst} (default: unlimited; burst defaults to one second's worth).
 * Entries live in {@code apiKeys} (use environment substitution for real secrets) or in the key file
 * {@code apiKeysFile}, which is reloaded while the gateway runs.
 */
public class ApiKeyConfig {

    /** A key written as its digest: {@code sha256:} and 64 hex digits. */
    public static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-fA-F]{64}");

    @NotBlank
    private String key;

    @NotBlank
    private String name;

    @NotNull
    private List<@NotBlank String> stores = List.of();

    @NotNull
    private List<@NotBlank String> collections = List.of();

    @Positive
    private Double ratePerSecond;

    @Min(1)
    private Integer burst;

    public ApiKeyConfig() {}

    public ApiKeyConfig(String key, String name, List<String> stores) {
        this.key = key;
        this.name = name;
        this.stores = stores;
    }

    @JsonProperty
    public String getKey() {
        return key;
    }

    @JsonProperty
    public void setKey(String key) {
        this.key = key;
    }

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public List<String> getStores() {
        return stores;
    }

    @JsonProperty
    public void setStores(List<String> stores) {
        this.stores = stores;
    }

    /** The document collections this key may read and write; {@code *} = every collection the gateway serves. */
    @JsonProperty
    public List<String> getCollections() {
        return collections;
    }

    @JsonProperty
    public void setCollections(List<String> collections) {
        this.collections = collections;
    }

    /** Requests a second this key may make on average; absent: unlimited. */
    @JsonProperty
    public Double getRatePerSecond() {
        return ratePerSecond;
    }

    @JsonProperty
    public void setRatePerSecond(Double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
    }

    /** Requests this key may make at once after being idle; absent: one second's worth of its rate. */
    @JsonProperty
    public Integer getBurst() {
        return burst;
    }

    @JsonProperty
    public void setBurst(Integer burst) {
        this.burst = burst;
    }

    @ValidationMethod(message = "an API key starting with sha256: must be followed by 64 hex digits")
    @JsonIgnore
    public boolean isDigestWellFormed() {
        return key == null || !key.startsWith("sha256:") || DIGEST.matcher(key).matches();
    }

    @ValidationMethod(message = "an API key needs stores or collections (or both)")
    @JsonIgnore
    public boolean isScoped() {
        return (stores != null && !stores.isEmpty()) || (collections != null && !collections.isEmpty());
    }

    @ValidationMethod(message = "burst needs a ratePerSecond")
    @JsonIgnore
    public boolean isBurstWithRate() {
        return burst == null || ratePerSecond != null;
    }
}

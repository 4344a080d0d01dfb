package dev.versioned.gateway.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * One API key: its secret value, a name for logs and the stores it may touch ({@code *} = all stores).
 * Keys live in configuration (use environment substitution for real secrets); there is no key rotation
 * beyond editing the configuration and restarting.
 */
public class ApiKeyConfig {

    @NotBlank
    private String key;

    @NotBlank
    private String name;

    @NotEmpty
    private List<@NotBlank String> stores = List.of();

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
}

package dev.versioned.gateway.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The bounds of {@code GET /v1/inventory/{productId}/history}. Each request scans the product's partition of
 * the results topic, so the work of one request is bounded by {@code maxScannedRecords} and
 * {@code scanDeadline}, and the work of all of them by {@code maxConcurrentScans} (each scan holds a request
 * thread and a consumer; beyond the bound the gateway answers 429 at once).
 */
public class HistoryConfig {

    /** About 1.5 s of scanning where it was measured (HistoryScanMeasurement: some 800 ms per 100k results). */
    @Min(1)
    @Max(100_000_000)
    private int maxScannedRecords = 200_000;

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
    private Duration scanDeadline = Duration.seconds(3);

    @Min(1)
    @Max(256)
    private int maxConcurrentScans = 4;

    @Min(1)
    @Max(10_000)
    private int defaultLimit = 100;

    @Min(1)
    @Max(10_000)
    private int maxLimit = 1000;

    @JsonProperty
    public int getMaxScannedRecords() {
        return maxScannedRecords;
    }

    @JsonProperty
    public void setMaxScannedRecords(int maxScannedRecords) {
        this.maxScannedRecords = maxScannedRecords;
    }

    @JsonProperty
    public Duration getScanDeadline() {
        return scanDeadline;
    }

    @JsonProperty
    public void setScanDeadline(Duration scanDeadline) {
        this.scanDeadline = scanDeadline;
    }

    @JsonProperty
    public int getMaxConcurrentScans() {
        return maxConcurrentScans;
    }

    @JsonProperty
    public void setMaxConcurrentScans(int maxConcurrentScans) {
        this.maxConcurrentScans = maxConcurrentScans;
    }

    @JsonProperty
    public int getDefaultLimit() {
        return defaultLimit;
    }

    @JsonProperty
    public void setDefaultLimit(int defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    @JsonProperty
    public int getMaxLimit() {
        return maxLimit;
    }

    @JsonProperty
    public void setMaxLimit(int maxLimit) {
        this.maxLimit = maxLimit;
    }

    @ValidationMethod(message = "history.defaultLimit must be at most history.maxLimit")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isDefaultLimitWithinMax() {
        return defaultLimit <= maxLimit;
    }
}

package dev.versioned.gateway.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One API key: its secret value, or its SHA-256 digest written {@code sha256:<64 hex digits>}; a name for logs
 * and metrics; the stores it may touch ({@code *} = all stores); the document collections it may touch
 * ({@code collections}, {@code *} = all the gateway serves; none when absent); the stream categories it may touch
 * ({@code categories}, what precedes the first {@code -} of a stream's name, {@code *} = all; none when absent); at
 * least one store, collection or category;
 * and optionally a rate limit, a token bucket of
 * {@code ratePerSecond} refilled up to {@code burst} (default: unlimited; burst defaults to one second's worth).
 * Entries live in {@code apiKeys} (use environment substitution for real secrets) or in the key file
 * {@code apiKeysFile}, which is reloaded while the gateway runs.
 *
 * <p>What makes one entry valid is written once, in {@link #problem()}: the configuration's entries are held to it
 * by bean validation ({@link Valid}), the key file's by {@code auth.KeySet}, which also holds every entry in
 * force, from either place, to the rules between entries (no key twice, one rate limit per name).
 */
@ApiKeyConfig.Valid
public class ApiKeyConfig {

    /** A key written as its digest: {@code sha256:} and 64 hex digits. */
    public static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-fA-F]{64}");

    /** How a key written as its digest starts. */
    public static final String DIGEST_PREFIX = "sha256:";

    private String key;

    private String name;

    private List<String> stores = List.of();

    private List<String> collections = List.of();

    private List<String> categories = List.of();

    private Double ratePerSecond;

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

    /** The stream categories this key may append to and read; {@code *} = every category. */
    @JsonProperty
    public List<String> getCategories() {
        return categories;
    }

    @JsonProperty
    public void setCategories(List<String> categories) {
        this.categories = categories;
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

    /**
     * What is wrong with this entry, if anything, in words that never quote its key: the rules of an entry,
     * wherever it is written.
     */
    public Optional<String> problem() {
        if (isBlank(key) || isBlank(name)) {
            return Optional.of("an API key needs a key and a name");
        }
        if (isEmpty(stores) && isEmpty(collections) && isEmpty(categories)) {
            return Optional.of("an API key needs stores, collections or categories (or several)");
        }
        if (anyBlank(stores) || anyBlank(collections) || anyBlank(categories)) {
            return Optional.of("an API key names a blank store, collection or category");
        }
        if (key.startsWith(DIGEST_PREFIX) && !DIGEST.matcher(key).matches()) {
            return Optional.of("an API key starting with sha256: must be followed by 64 hex digits");
        }
        if (ratePerSecond != null && !(ratePerSecond > 0 && Double.isFinite(ratePerSecond))) {
            return Optional.of("ratePerSecond must be a positive number");
        }
        if (burst != null && ratePerSecond == null) {
            // Without a rate a key is unlimited: a burst alone would look like a limit and limit nothing.
            return Optional.of("burst needs a ratePerSecond");
        }
        if (burst != null && burst < 1) {
            return Optional.of("burst must be at least 1");
        }
        return Optional.empty();
    }

    private static boolean isEmpty(List<String> names) {
        return names == null || names.isEmpty();
    }

    private static boolean anyBlank(List<String> names) {
        return names != null && names.stream().anyMatch(ApiKeyConfig::isBlank);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Holds a configured entry to {@link #problem()}, which is the violation's message. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = Rules.class)
    public @interface Valid {
        String message() default "invalid API key entry";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** The validator of {@link Valid}. */
    public static final class Rules implements ConstraintValidator<Valid, ApiKeyConfig> {
        @Override
        public boolean isValid(ApiKeyConfig entry, ConstraintValidatorContext context) {
            Optional<String> problem = entry == null ? Optional.empty() : entry.problem();
            problem.ifPresent(message -> {
                context.disableDefaultConstraintViolation();
                // A fixed sentence of problem(): nothing of the entry in it, so nothing for the template to expand.
                context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
            });
            return problem.isEmpty();
        }
    }
}

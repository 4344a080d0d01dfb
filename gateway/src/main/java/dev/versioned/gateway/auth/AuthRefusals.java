package dev.versioned.gateway.auth;

import dev.versioned.gateway.metrics.GatewayMetrics;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs and counts every refusal of a request for its key ({@code gateway_auth_refusals_total{reason,key}}),
 * by the key's configured name, or {@value #UNKNOWN} when the request named no known key: never by the key.
 */
public final class AuthRefusals {

    /** The key label of a refusal that cannot be tied to a configured key. */
    public static final String UNKNOWN = "unknown";

    private static final Logger LOG = LoggerFactory.getLogger(AuthRefusals.class);

    /** Why a request was refused. */
    public enum Reason {
        MISSING_KEY,
        UNKNOWN_KEY,
        FORBIDDEN_STORE,
        RATE_LIMITED,
        FORBIDDEN_COLLECTION,
        FORBIDDEN_CATEGORY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final GatewayMetrics metrics;

    public AuthRefusals(GatewayMetrics metrics) {
        this.metrics = metrics;
        metrics.authRefusals(Reason.MISSING_KEY.label(), UNKNOWN);
        metrics.authRefusals(Reason.UNKNOWN_KEY.label(), UNKNOWN);
    }

    /** Registers the series of these key names at 0 (at start, and for names a reloaded key file adds). */
    public void known(Set<String> names) {
        for (String name : names) {
            metrics.authRefusals(Reason.FORBIDDEN_STORE.label(), name);
            metrics.authRefusals(Reason.RATE_LIMITED.label(), name);
            metrics.authRefusals(Reason.FORBIDDEN_COLLECTION.label(), name);
            metrics.authRefusals(Reason.FORBIDDEN_CATEGORY.label(), name);
        }
    }

    /** A request without a known key. */
    public void refused(Reason reason) {
        refused(reason, UNKNOWN);
    }

    /** A request of the key named {@code keyName}. */
    public void refused(Reason reason, String keyName) {
        metrics.authRefusals(reason.label(), keyName).increment();
        // INFO, not WARN: a refusal is the caller's error, and a flood of them must not flood the log (the
        // counter is what to alert on).
        LOG.info("request refused: reason={} key={}", reason.label(), keyName);
    }
}

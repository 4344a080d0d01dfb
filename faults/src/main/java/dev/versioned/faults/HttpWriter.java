package dev.versioned.faults;

import dev.versioned.client.Inventory;
import dev.versioned.client.InventoryClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** A writer going through the gateway with {@link InventoryClient}, with the key allowed every store. */
final class HttpWriter extends Writer {

    /** The shipped gateway configuration's key for all stores (the demo key is limited to store-1). */
    static final String ALL_STORES_KEY = "demo-all-stores";

    private final InventoryClient client;

    HttpWriter(String name, String baseUrl, Ledger ledger, AtomicBoolean running, long seed) {
        this(name, baseUrl, ledger, running, seed, Workload.CHAOS);
    }

    HttpWriter(String name, String baseUrl, Ledger ledger, AtomicBoolean running, long seed, Workload workload) {
        super(name, ledger, running, seed, workload);
        this.client = InventoryClient.builder()
                .baseUri(URI.create(baseUrl))
                .apiKey(ALL_STORES_KEY)
                .connectTimeout(Duration.ofSeconds(2))
                .retryPolicy(POLICY)
                .sendListener(listener(false))
                .build();
    }

    /**
     * A writer whose client goes through {@code gateways}: its home gateway, and the other one for a while after
     * the home gateway failed a request, so that a resend of an unknown outcome goes through the other gateway.
     */
    HttpWriter(
            String name, GatewaySwitch gateways, Ledger ledger, AtomicBoolean running, long seed, Workload workload) {
        super(name, ledger, running, seed, workload);
        this.client = InventoryClient.builder()
                .baseUri(URI.create("http://gateway"))
                .apiKey(ALL_STORES_KEY)
                .httpClient(gateways)
                .retryPolicy(POLICY)
                .sendListener(gateways.listener(listener(false)))
                .build();
    }

    @Override
    protected Inventory inventory() {
        return client;
    }
}

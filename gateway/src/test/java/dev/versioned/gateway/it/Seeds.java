package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.support.Http;

/** Brings a store-1 record to a given version and quantity through the gateway, one applied update a step. */
final class Seeds {

    private Seeds() {}

    static void bringTo(Http http, String product, long version, long quantity) {
        for (long v = 0; v < version; v++) {
            long target = v == version - 1 ? quantity : v + 1;
            Http.Reply reply = http.post(
                    "/v1/inventory/updates",
                    "{\"storeId\":\"store-1\",\"productId\":\"" + product
                            + "\",\"quantity\":" + target + ",\"version\":" + v + ",\"idempotencyKey\":\"seed-"
                            + product + "-" + v
                            + "\"}",
                    "X-API-Key",
                    "demo");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
        assertThat(http.get("/v1/inventory/" + product + "?minVersion=" + version, "X-API-Key", "demo")
                        .status())
                .isEqualTo(200);
    }
}

package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed scenario 4: two updates of SKU-003 at version 15 at once. Exactly one wins. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConcurrentUpdatesTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("concurrent"));

    @Test
    @DisplayName(
            "two concurrent updates at the same version: exactly one applied, the other 409 with the current version")
    void exactlyOneWins() {
        // given SKU-003 at version 15
        Http http = new Http(APP.getLocalPort());
        Seeds.bringTo(http, "SKU-003", 15, 67);
        // when the seed's two updates are sent at the same time
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Http.Reply>> replies = List.of(
                        "{\"storeId\":\"store-1\",\"productId\":\"SKU-003\",\"delta\":1,\"version\":15,\"idempotencyKey\":\"concurrent-001\"}",
                        "{\"storeId\":\"store-1\",\"productId\":\"SKU-003\",\"delta\":2,\"version\":15,\"idempotencyKey\":\"concurrent-002\"}")
                .stream()
                .map(body -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return http.post("/v1/inventory/updates", body, "X-API-Key", "demo");
                }))
                .toList();
        start.countDown();
        List<Http.Reply> done = replies.stream().map(CompletableFuture::join).toList();
        // then one is applied (version 16) and the other conflicts, naming version 16
        assertThat(done).extracting(Http.Reply::status).containsExactlyInAnyOrder(200, 409);
        Http.Reply winner =
                done.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
        Http.Reply loser =
                done.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(winner.json().get("newVersion").asLong()).isEqualTo(16);
        assertThat(loser.json().get("currentVersion").asLong()).isEqualTo(16);
        assertThat(loser.json().get("currentQuantity")).isEqualTo(winner.json().get("newQuantity"));
        assertThat(http.get("/v1/inventory/SKU-003?minVersion=16", "X-API-Key", "demo")
                        .json()
                        .get("version")
                        .asLong())
                .isEqualTo(16);
    }
}

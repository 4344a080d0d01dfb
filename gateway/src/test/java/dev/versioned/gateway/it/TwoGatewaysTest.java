package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import dev.versioned.gateway.support.Scrape;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two gateway instances on one broker and one processor: each receives its own replies. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoGatewaysTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> ONE = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("gateway-test.yml"), STACK.gateway("one"));

    static final DropwizardAppExtension<GatewayConfiguration> TWO = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("gateway-test.yml"), STACK.gateway("two"));

    @Test
    @DisplayName("requests interleaved over two instances each get their own reply, none late or lost")
    void eachInstanceGetsItsOwnReplies() {
        // given two instances, each with its own reply topic
        GatewayApplication one = ONE.getApplication();
        GatewayApplication two = TWO.getApplication();
        assertThat(one.requestReply().replyTopic()).isEqualTo(STACK.topics().replyPrefix() + "one");
        assertThat(two.requestReply().replyTopic()).isEqualTo(STACK.topics().replyPrefix() + "two");
        // when 40 creates of distinct products are sent at once, alternating between the instances
        List<Http> instances = List.of(new Http(ONE.getLocalPort()), new Http(TWO.getLocalPort()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Http http = instances.get(i % 2);
                String body = "{\"storeId\":\"store-1\",\"productId\":\"P-" + i + "\",\"quantity\":" + i
                        + ",\"version\":0,\"idempotencyKey\":\"two-" + i + "\"}";
                replies.add(CompletableFuture.supplyAsync(
                        () -> http.post("/v1/inventory/updates", body, "X-API-Key", "demo"), pool));
            }
            // then every caller gets the result of its own request
            for (int i = 0; i < 40; i++) {
                Http.Reply reply = replies.get(i).join();
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                assertThat(reply.json().get("productId").asText()).isEqualTo("P-" + i);
                assertThat(reply.json().get("idempotencyKey").asText()).isEqualTo("two-" + i);
                assertThat(reply.json().get("newQuantity").asLong()).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
        // and no instance saw a reply it was not waiting for
        for (DropwizardAppExtension<GatewayConfiguration> instance : List.of(ONE, TWO)) {
            assertThat(Scrape.of(new Http(instance.getAdminPort()).get("/prometheus"))
                            .value("gateway_late_replies_total"))
                    .hasValue(0.0);
        }
    }
}

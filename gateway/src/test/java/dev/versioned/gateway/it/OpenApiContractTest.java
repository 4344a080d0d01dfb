package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import dev.versioned.gateway.support.OpenApiContract;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The running gateway's real responses conform to the OpenAPI 3.1 description in module schemas. */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiContractTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("contract", "maxReadWait", "3s"));

    @Test
    @DisplayName("every kind of response of both operations matches the API description")
    void responsesConform() {
        // given a gateway and a product with some history
        Http http = new Http(APP.getLocalPort());
        String p = "C-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "X-API-Key";
        String update = "/v1/inventory/updates";
        List<Http.Reply> replies = new ArrayList<>();
        // when every status of the API is provoked
        replies.add(http.post(update, body(p, "\"quantity\":5,\"version\":0", "c1"), key, "demo")); // 200
        replies.add(http.post(update, body(p, "\"quantity\":5,\"version\":0", "c1"), key, "demo")); // 200 replay
        replies.add(http.post(update, body(p, "\"delta\":1,\"version\":0", "c2"), key, "demo")); // 409
        replies.add(http.post(update, body(p, "\"delta\":1", "c3"), key, "demo", "If-Match", "\"7\"")); // 412
        replies.add(http.post(update, body(p, "\"delta\":-50,\"version\":1", "c4"), key, "demo")); // 422
        replies.add(http.post(update, body(p, "\"delta\":1", "c5"), key, "demo")); // 428
        replies.add(http.post(update, "{\"storeId\":", key, "demo")); // 400
        replies.add(http.post(update, body(p, "\"delta\":1,\"version\":1", "c6"))); // 401
        replies.add(http.post(update, body(p, "\"delta\":1,\"version\":1", "c6"), key, "store-2-only")); // 403
        replies.add(http.post(
                update,
                "{\"storeId\":\"store-1\",\"updates\":[" + item(p, "\"delta\":1,\"version\":1", "c7") + ","
                        + item(p, "\"delta\":1,\"version\":99", "c8") + ",{\"productId\":7}]}",
                key,
                "demo")); // 200 batch
        replies.add(http.get("/v1/inventory/" + p + "?minVersion=2", key, "demo")); // 200
        replies.add(http.get("/v1/inventory/" + p + "?minVersion=9", key, "demo")); // 504
        replies.add(http.get("/v1/inventory/never-" + p, key, "demo")); // 404
        replies.add(http.get("/v1/inventory/" + p, key, "all-stores")); // 400
        replies.add(http.get("/v1/inventory/" + p, key, "demo", "If-None-Match", "\"2\"")); // 304
        replies.add(http.post(update, body(p, "\"delta\":1", "c9"), key, "demo", "If-Match", "W/\"3\"")); // 412
        // then each one is documented and its body validates
        assertThat(replies)
                .extracting(Http.Reply::status)
                .containsExactly(200, 200, 409, 412, 422, 428, 400, 401, 403, 200, 200, 504, 404, 400, 304, 412);
        replies.forEach(OpenApiContract::assertConforms);
    }

    @Test
    @DisplayName("every kind of response of delete, transfer, listing and history matches the API description")
    void lifecycleResponsesConform() {
        // given a gateway and a product held by two stores
        Http http = new Http(APP.getLocalPort());
        String p = "L-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "X-API-Key";
        String all = "all-stores";
        String update = "/v1/inventory/updates";
        String transfers = "/v1/inventory/transfers";
        String record = "/v1/inventory/" + p + "?storeId=store-1";
        assertThat(http.post(update, body(p, "\"quantity\":5,\"version\":0", "l1"), key, all)
                        .status())
                .isEqualTo(200);
        assertThat(http.post(
                                update,
                                body(p, "\"quantity\":5,\"version\":0", "l2").replace("store-1", "store-2"),
                                key,
                                all)
                        .status())
                .isEqualTo(200);
        List<Http.Reply> replies = new ArrayList<>();
        // when every status of these operations is provoked
        replies.add(http.post(transfers, move(p, 1, 1, 1, "t1"), key, all)); // 200
        replies.add(http.post(transfers, move(p, 1, 1, 1, "t1"), key, all)); // 200 replay
        replies.add(http.post(transfers, move(p, 1, 2, 9, "t2"), key, all)); // 409
        replies.add(http.post(transfers, move(p, 50, 2, 2, "t3"), key, all)); // 422
        replies.add(http.post(transfers, "{\"productId\":\"" + p + "\",\"items\":[]}", key, all)); // 400
        replies.add(http.post(transfers, move(p, 1, 2, 2, "t4"), key, "demo")); // 403
        replies.add(http.get("/v1/inventory?storeId=store-1&limit=1", key, all)); // 200
        replies.add(http.get("/v1/inventory/" + p + "/history?storeId=store-1", key, all)); // 200
        replies.add(delete(http, record, "\"9\"", "d1")); // 412
        replies.add(delete(http, record, null, "d2")); // 428
        replies.add(delete(http, record, "\"2\"", "d3")); // 200
        replies.add(delete(http, record, "\"3\"", "d4")); // 404
        replies.add(http.get(record + "&minVersion=3", key, all)); // 404 deleted
        replies.add(http.post(transfers, move(p, 1, 2, 2, "t5"), key, all)); // 404 transfer
        // then each one is documented and its body validates
        assertThat(replies)
                .extracting(Http.Reply::status)
                .containsExactly(200, 200, 409, 422, 400, 403, 200, 200, 412, 428, 200, 404, 404, 404);
        replies.forEach(OpenApiContract::assertConforms);
    }

    @Test
    @DisplayName("every kind of response of the four document operations matches the API description")
    void documentResponsesConform() {
        // given a gateway serving the example collections, and a wallet's path
        Http http = new Http(APP.getLocalPort());
        String w = "/v1/collections/wallets/W-" + UUID.randomUUID().toString().substring(0, 8);
        String k = "X-API-Key";
        String ik = "Idempotency-Key";
        String wallet = "{\"name\":\"Ada\",\"balance\":10}";
        String mergePatch = "application/merge-patch+json";
        List<Http.Reply> replies = new ArrayList<>();
        // when every status of the document API is provoked
        replies.add(http.put(w, wallet, k, "demo", ik, "w1", "If-Match", "\"1\"")); // 404 never written
        replies.add(http.put(w, wallet, k, "demo", ik, "w2", "If-None-Match", "*")); // 200
        replies.add(http.put(w, wallet, k, "demo", ik, "w2", "If-None-Match", "*")); // 200 replay
        replies.add(http.put(w, wallet, k, "demo", ik, "w3", "If-None-Match", "*")); // 412 conflict
        replies.add(http.put(w, wallet, k, "demo", ik, "w4", "If-Match", "W/\"1\"")); // 412 weak
        replies.add(http.put(w, wallet, k, "demo", ik, "w5")); // 428
        replies.add(http.put(w, wallet, k, "demo", "If-Match", "\"1\"")); // 400 no key
        replies.add(http.put(w, wallet, ik, "w6", "If-Match", "\"1\"")); // 401
        replies.add(http.put(w, wallet, k, "store-2-only", ik, "w7", "If-Match", "\"1\"")); // 403
        replies.add(http.put(
                w, "{\"name\":\"" + "x".repeat(70_000) + "\"}", k, "demo", ik, "w8", "If-Match", "\"1\"")); // 413
        replies.add(http.put(w, wallet.replace("10", "99"), k, "demo", ik, "w2", "If-Match", "\"1\"")); // 422 reused
        replies.add(http.patch(
                w, "{\"balance\":-1}", k, "demo", ik, "p1", "If-Match", "\"1\"", "Content-Type", mergePatch)); // 422
        replies.add(http.patch(w, "{\"balance\":4}", k, "demo", ik, "p2", "If-Match", "\"1\"")); // 415
        replies.add(http.patch(w, "{\"balance\":4}", k, "demo", ik, "p3", "Content-Type", mergePatch)); // 428
        replies.add(http.patch(w, "[1]", k, "demo", ik, "p4", "If-Match", "\"1\"", "Content-Type", mergePatch)); // 400
        replies.add(http.patch(
                w, "{\"balance\":4}", k, "demo", ik, "p5", "If-Match", "\"1\"", "Content-Type", mergePatch)); // 200
        replies.add(http.patch(
                w, "{\"balance\":3}", k, "demo", ik, "p6", "If-Match", "\"1\"", "Content-Type", mergePatch)); // 412
        replies.add(http.get(w + "?minVersion=2", k, "demo")); // 200
        replies.add(http.get(w, k, "demo", "If-None-Match", "\"2\"")); // 304
        replies.add(http.get(w + "?minVersion=9", k, "demo")); // 504
        replies.add(http.get(w + "?minVersion=x", k, "demo")); // 400
        replies.add(http.get(w, k, "store-2-only")); // 403
        replies.add(http.get("/v1/collections/invoices/i-1", k, "demo")); // 404 not served
        replies.add(http.delete(w, k, "demo", ik, "d1")); // 428
        replies.add(http.delete(w, k, "demo", ik, "d2", "If-Match", "*")); // 400
        replies.add(http.delete(w, k, "demo", ik, "d3", "If-Match", "\"1\"")); // 412
        replies.add(http.delete(w, k, "demo", ik, "d4", "If-Match", "\"2\"")); // 200
        replies.add(http.delete(w, k, "demo", ik, "d5", "If-Match", "\"3\"")); // 404 deleted
        replies.add(http.get(w + "?minVersion=3", k, "demo")); // 404 deleted
        // then each one is documented and its body validates
        assertThat(replies)
                .extracting(Http.Reply::status)
                .containsExactly(
                        404, 200, 200, 412, 412, 428, 400, 401, 403, 413, 422, 422, 415, 428, 400, 200, 412, 200, 304,
                        504, 400, 403, 404, 428, 400, 412, 200, 404, 404);
        assertThat(replies.get(2).header("Idempotent-Replayed")).contains("true");
        replies.forEach(OpenApiContract::assertConforms);
    }

    private static Http.Reply delete(Http http, String path, String ifMatch, String idempotencyKey) {
        List<String> headers = new ArrayList<>(List.of("X-API-Key", "all-stores", "Idempotency-Key", idempotencyKey));
        if (ifMatch != null) {
            headers.addAll(List.of("If-Match", ifMatch));
        }
        return http.send(
                "DELETE", path, java.net.http.HttpRequest.BodyPublishers.noBody(), headers.toArray(String[]::new));
    }

    private static String move(String product, long units, long fromVersion, long toVersion, String key) {
        return "{\"productId\":\"" + product + "\",\"idempotencyKey\":\"" + key + "\",\"items\":["
                + "{\"storeId\":\"store-1\",\"delta\":" + -units + ",\"version\":" + fromVersion + "},"
                + "{\"storeId\":\"store-2\",\"delta\":" + units + ",\"version\":" + toVersion + "}]}";
    }

    @Test
    @DisplayName("the framework's own refusals (unknown path, wrong method, unsupported coding) are problems too")
    void frameworkRefusalsAreProblems() {
        // given a gateway
        Http http = new Http(APP.getLocalPort());
        // when Jersey refuses requests before any resource runs
        List<Http.Reply> replies = List.of(
                http.get("/v1/nothing-here", "X-API-Key", "demo"),
                http.get("/v1/inventory/updates/x/y", "X-API-Key", "demo"),
                http.send(
                        "PUT",
                        "/v1/inventory/updates",
                        java.net.http.HttpRequest.BodyPublishers.noBody(),
                        "X-API-Key",
                        "demo"),
                http.post("/v1/inventory/updates", "{}", "X-API-Key", "demo", "Content-Encoding", "br"));
        // then each is a problem the API description's Problem schema accepts
        assertThat(replies).extracting(Http.Reply::status).containsExactly(404, 404, 405, 415);
        replies.forEach(OpenApiContract::assertProblem);
    }

    private static String body(String product, String fields, String key) {
        return "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\"," + fields + ",\"idempotencyKey\":\"" + key
                + "\"}";
    }

    private static String item(String product, String fields, String key) {
        return "{\"productId\":\"" + product + "\"," + fields + ",\"idempotencyKey\":\"" + key + "\"}";
    }
}

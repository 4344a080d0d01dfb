package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.HoldingInterceptor;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import dev.versioned.gateway.support.Scrape;
import dev.versioned.schemas.ReplyHeaders;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone who can read and write the requests topic copies a waiting request, or its correlation id and the
 * gateway's reply topic onto a request about another product. The real processor decides that request and
 * sends its decision to the gateway under the copied id, before the genuine request is decided (the gateway's
 * send is held back by {@link HoldingInterceptor}, the order an attacker gets from a less busy partition). The
 * gateway drops it and counts it; the caller gets its own decision.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SpoofedReplyTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway(
                    "spoofed",
                    "requestTimeout",
                    "30s",
                    "kafka.properties.interceptor\\.classes",
                    HoldingInterceptor.class.getName()));

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @AfterEach
    void releaseHeldSends() {
        HoldingInterceptor.release();
        HoldingInterceptor.reset();
    }

    @Test
    @DisplayName(
            "a decision about another product under the waiting id never reaches the caller; its own decision does")
    void givenWaitingCaller_whenCopiedIdIsDecidedForAnotherProduct_thenCallerGetsOnlyItsOwnDecision() throws Exception {
        Http http = new Http(APP.getLocalPort());
        double rejectedBefore = rejectedReplies();
        // given a caller waiting for its update of HELD-1, whose request the gateway has not yet written
        CompletableFuture<Http.Reply> waiting = CompletableFuture.supplyAsync(() -> http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"" + HoldingInterceptor.HELD_PRODUCT
                        + "\",\"quantity\":5,\"version\":0,\"idempotencyKey\":\"genuine-1\"}",
                "X-API-Key",
                "demo"));
        ProducerRecord<Object, Object> genuine = HoldingInterceptor.nextHeld(DEADLINE);

        // when a request about another product, carrying the genuine correlation id and reply topic, is written
        // straight to the requests topic and decided by the processor
        writeRequest(
                "SPOOF-OTHER",
                "{\"storeId\":\"store-1\",\"productId\":\"SPOOF-OTHER\",\"quantity\":1000,\"version\":0,"
                        + "\"idempotencyKey\":\"attacker-1\"}",
                genuine);

        // then its decision reaches the gateway and is rejected, and the caller still waits
        await("rejected reply counted").atMost(DEADLINE).until(() -> rejectedReplies() == rejectedBefore + 1);
        assertThat(http.get("/v1/inventory/SPOOF-OTHER?minVersion=1", "X-API-Key", "demo")
                        .json()
                        .get("quantity")
                        .asLong())
                .as("the crafted request was decided by the processor")
                .isEqualTo(1000);
        assertThat(waiting).isNotDone();

        // when the genuine request is written and decided
        HoldingInterceptor.release();
        // then the caller gets its own decision
        Http.Reply reply = waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("productId").asText()).isEqualTo(HoldingInterceptor.HELD_PRODUCT);
        assertThat(reply.json().get("idempotencyKey").asText()).isEqualTo("genuine-1");
        assertThat(reply.json().get("newQuantity").asLong()).isEqualTo(5);
        assertThat(rejectedReplies()).isEqualTo(rejectedBefore + 1);
    }

    @Test
    @DisplayName(
            "a copy of the waiting request keyed by something else is refused, and its refusal never reaches the caller")
    void givenWaitingCaller_whenAnExactCopyKeyedOtherwiseIsRefused_thenCallerGetsItsOwnDecision() throws Exception {
        copiedRequestIsNotTheCallersAnswer(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"" + HoldingInterceptor.HELD_PREFIX + "2"
                        + "\",\"quantity\":5,\"version\":0,\"idempotencyKey\":\"genuine-copy-1\"}",
                copy -> new ProducerRecord<>(copy.topic(), null, "NOT-THE-KEY", copy.value(), copy.headers()),
                200);
    }

    @Test
    @DisplayName(
            "a copy of the waiting request with one field made invalid is refused, and its refusal never reaches the caller")
    void givenWaitingCaller_whenACopyWithAnInvalidFieldIsRefused_thenCallerGetsItsOwnDecision() throws Exception {
        copiedRequestIsNotTheCallersAnswer(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"" + HoldingInterceptor.HELD_PREFIX + "3"
                        + "\",\"quantity\":5,\"version\":0,\"idempotencyKey\":\"genuine-copy-2\"}",
                copy -> new ProducerRecord<>(
                        copy.topic(),
                        null,
                        copy.key(),
                        new String((byte[]) copy.value(), StandardCharsets.UTF_8)
                                .replace("\"quantity\":5", "\"quantity\":-5")
                                .getBytes(StandardCharsets.UTF_8),
                        copy.headers()),
                200);
    }

    @Test
    @DisplayName("a copy of a waiting document write keyed by something else never answers its caller")
    void givenWaitingDocumentWrite_whenACopyKeyedOtherwiseIsRefused_thenCallerGetsItsOwnDecision() throws Exception {
        copiedRequestIsNotTheCallersAnswer(
                "/v1/collections/customers/" + HoldingInterceptor.HELD_PREFIX + "4",
                "{\"name\":\"Grace\"}",
                copy -> new ProducerRecord<>(copy.topic(), null, "NOT-THE-ID", copy.value(), copy.headers()),
                200);
    }

    /**
     * A caller's request is held before it is written; a copy of it (made by {@code copy}) is written and refused
     * first, its refusal sent to the gateway under the caller's correlation id, naming the caller's own ids. The
     * gateway must reject that refusal (it answers a request at another position) and give the caller its own.
     */
    private void copiedRequestIsNotTheCallersAnswer(
            String path,
            String body,
            java.util.function.UnaryOperator<ProducerRecord<Object, Object>> copy,
            int expectedStatus)
            throws Exception {
        Http http = new Http(APP.getLocalPort());
        double rejectedBefore = rejectedReplies();
        // given a caller waiting for its write, whose request the gateway has not yet written
        boolean document = path.startsWith("/v1/collections/");
        CompletableFuture<Http.Reply> waiting = CompletableFuture.supplyAsync(() -> document
                ? http.put(path, body, "X-API-Key", "demo", "If-None-Match", "*", "Idempotency-Key", "doc-copy-1")
                : http.post(path, body, "X-API-Key", "demo"));
        ProducerRecord<Object, Object> genuine = HoldingInterceptor.nextHeld(DEADLINE);

        // when a copy of that very record, altered so that it is refused, is written and decided first
        writeRecord(copy.apply(genuine));

        // then its refusal is sent to the gateway under the caller's correlation id, and the caller still waits
        awaitReplyTo(genuine);
        assertThat(waiting).isNotDone();

        // when the genuine request is written and decided
        HoldingInterceptor.release();
        // then the copy's refusal is rejected, and the caller gets its own decision
        Http.Reply reply = waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(reply.status()).as(reply.body()).isEqualTo(expectedStatus);
        assertThat(rejectedReplies()).isEqualTo(rejectedBefore + 1);
    }

    /** Waits until the gateway's reply topic holds a committed reply under {@code request}'s correlation id. */
    private static void awaitReplyTo(ProducerRecord<Object, Object> request) {
        String topic = new String(
                request.headers().lastHeader(ReplyHeaders.REPLY_TOPIC).value(), StandardCharsets.UTF_8);
        byte[] id = request.headers().lastHeader(ReplyHeaders.CORRELATION_ID).value();
        Map<String, Object> properties = new HashMap<>(STACK.kafka().clientProperties());
        properties.put("bootstrap.servers", STACK.bootstrapServers());
        properties.put("isolation.level", "read_committed");
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                        properties,
                        new org.apache.kafka.common.serialization.StringDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            java.util.List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("a reply under the copied correlation id").atMost(DEADLINE).until(() -> {
                for (var reply : consumer.poll(Duration.ofMillis(200))) {
                    var header = reply.headers().lastHeader(ReplyHeaders.CORRELATION_ID);
                    if (header != null && java.util.Arrays.equals(header.value(), id)) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    private static void writeRecord(ProducerRecord<Object, Object> record) throws Exception {
        Map<String, Object> properties = new HashMap<>(STACK.kafka().clientProperties());
        properties.put("bootstrap.servers", STACK.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            record.topic(),
                            null,
                            (String) record.key(),
                            (byte[]) record.value(),
                            new RecordHeaders(record.headers().toArray())))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private double rejectedReplies() {
        return Scrape.of(new Http(APP.getAdminPort()).get("/prometheus"))
                .value("gateway_replies_rejected_total")
                .orElse(-1);
    }

    /** Writes {@code json} keyed by {@code productId} with the correlation id and reply topic of {@code copied}. */
    private static void writeRequest(String productId, String json, ProducerRecord<Object, Object> copied)
            throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                ReplyHeaders.CORRELATION_ID,
                copied.headers().lastHeader(ReplyHeaders.CORRELATION_ID).value());
        headers.add(
                ReplyHeaders.REPLY_TOPIC,
                copied.headers().lastHeader(ReplyHeaders.REPLY_TOPIC).value());
        Map<String, Object> properties = new HashMap<>(STACK.kafka().clientProperties());
        properties.put("bootstrap.servers", STACK.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            STACK.topics().requests(), null, productId, json.getBytes(StandardCharsets.UTF_8), headers))
                    .get(10, TimeUnit.SECONDS);
        }
    }
}

package dev.versioned.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransferRequestTest {

    private static ParsedRequest parse(String json) {
        return RequestParser.parseAny(json.getBytes(StandardCharsets.UTF_8), 64 * 1_024);
    }

    private static String refusal(String json) {
        ParsedRequest parsed = parse(json);
        assertThat(parsed).isInstanceOf(ParsedRequest.Invalid.class);
        return ((ParsedRequest.Invalid) parsed).message();
    }

    private static String items(String... items) {
        return "{\"operation\":\"TRANSFER\",\"productId\":\"SKU-1\",\"idempotencyKey\":\"t-1\",\"items\":["
                + String.join(",", items) + "]}";
    }

    @Test
    @DisplayName("a transfer of two stores' records parses into its items, each a single update of its record")
    void parsesItems() {
        ParsedRequest parsed = parse(items(
                "{\"storeId\":\"s1\",\"delta\":-5,\"version\":3}", "{\"storeId\":\"s2\",\"delta\":5,\"version\":7}"));

        assertThat(parsed)
                .isInstanceOfSatisfying(
                        ParsedRequest.ValidTransfer.class,
                        valid -> assertThat(valid.transfer().itemRequests())
                                .containsExactly(
                                        UpdateRequest.adjust("s1", "SKU-1", -5, 3, "t-1"),
                                        UpdateRequest.adjust("s2", "SKU-1", 5, 7, "t-1")));
    }

    @Test
    @DisplayName("a single update still parses as a single update on the requests topic")
    void singleUpdateIsNotATransfer() {
        assertThat(parse("{\"storeId\":\"s\",\"productId\":\"p\",\"delta\":1,\"version\":0,\"idempotencyKey\":\"k\"}"))
                .isInstanceOf(ParsedRequest.Valid.class);
    }

    @Test
    @DisplayName("the update path never returns a transfer: there it is refused as an invalid update")
    void updatePathRefusesTransfers() {
        byte[] transfer = items(
                        "{\"storeId\":\"s1\",\"delta\":-5,\"version\":3}",
                        "{\"storeId\":\"s2\",\"delta\":5,\"version\":7}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(RequestParser.parse(transfer, 1_024)).isInstanceOf(ParsedRequest.Invalid.class);
    }

    @Test
    @DisplayName("a transfer with one item is refused: one item is an update")
    void oneItemRefused() {
        assertThat(refusal(items("{\"storeId\":\"s1\",\"delta\":-5,\"version\":3}")))
                .contains("2 to 100 items")
                .contains("send one item as an update");
    }

    @Test
    @DisplayName("a transfer over the item limit is refused")
    void tooManyItemsRefused() {
        String many = IntStream.range(0, TransferRequest.MAX_ITEMS + 1)
                .mapToObj(i -> "{\"storeId\":\"s" + i + "\",\"delta\":1,\"version\":0}")
                .collect(Collectors.joining(","));

        assertThat(refusal(items(many))).contains("this one has 101");
    }

    @Test
    @DisplayName("the same store twice is refused: a transfer changes each record once")
    void duplicatedStoreRefused() {
        assertThat(refusal(items(
                        "{\"storeId\":\"s1\",\"delta\":-5,\"version\":3}",
                        "{\"storeId\":\"s1\",\"delta\":5,\"version\":3}")))
                .contains("items[1]: store s1 appears twice");
    }

    @Test
    @DisplayName("an item of another product is refused, naming why: products live in different partitions")
    void otherProductRefused() {
        assertThat(refusal(items(
                        "{\"storeId\":\"s1\",\"delta\":-5,\"version\":3}",
                        "{\"storeId\":\"s2\",\"productId\":\"SKU-2\",\"delta\":5,\"version\":7}")))
                .contains("items[1]: productId must be the transfer's (SKU-1)")
                .contains("one partition");
    }

    @Test
    @DisplayName("an invalid item is refused with its index and the single-update rule it breaks")
    void invalidItemNamed() {
        assertThat(refusal(
                        items("{\"storeId\":\"s1\",\"delta\":-5,\"version\":3}", "{\"storeId\":\"s2\",\"version\":7}")))
                .isEqualTo("items[1]: exactly one of delta (ADJUST) and quantity (SET) is required");
    }

    @Test
    @DisplayName("the fingerprint changes with any item's field and with the items' order")
    void fingerprintCoversItems() {
        TransferRequest base = TransferRequest.of(
                "SKU-1",
                "t-1",
                java.util.List.of(TransferRequest.Item.adjust("s1", -5, 3), TransferRequest.Item.adjust("s2", 5, 7)));
        TransferRequest otherAmount = TransferRequest.of(
                "SKU-1",
                "t-1",
                java.util.List.of(TransferRequest.Item.adjust("s1", -4, 3), TransferRequest.Item.adjust("s2", 5, 7)));
        TransferRequest otherOrder = TransferRequest.of(
                "SKU-1",
                "t-1",
                java.util.List.of(TransferRequest.Item.adjust("s2", 5, 7), TransferRequest.Item.adjust("s1", -5, 3)));

        assertThat(Fingerprint.of(base))
                .isEqualTo(Fingerprint.of(TransferRequest.of("SKU-1", "t-1", base.items())))
                .isNotEqualTo(Fingerprint.of(otherAmount))
                .isNotEqualTo(Fingerprint.of(otherOrder));
    }

    @Test
    @DisplayName("a DELETE parses with only its version, and its fingerprint differs from any update's")
    void deleteParses() {
        ParsedRequest parsed = RequestParser.parse(
                "{\"operation\":\"DELETE\",\"storeId\":\"s\",\"productId\":\"p\",\"version\":4,\"idempotencyKey\":\"k\"}"
                        .getBytes(StandardCharsets.UTF_8),
                1_024);

        assertThat(parsed).isEqualTo(new ParsedRequest.Valid(UpdateRequest.delete("s", "p", 4, "k")));
        assertThat(Fingerprint.of(UpdateRequest.delete("s", "p", 4, "k")))
                .isNotEqualTo(Fingerprint.of(UpdateRequest.adjust("s", "p", 0, 4, "k")));
    }
}

package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReplyMatchTest {

    private static final ReplyMatch ASKED = ReplyMatch.of(UpdateRequest.set("store-1", "SKU-1", 5, 0, "key-1"));

    @Test
    @DisplayName("a reply naming the asked store, product and idempotency key is accepted")
    void sameUpdateAccepted() {
        assertThat(ASKED.accepts(result(Optional.of("store-1"), Optional.of("SKU-1"), Optional.of("key-1"))))
                .isTrue();
    }

    @Test
    @DisplayName("a reply about another product is refused, naming only the field that differs")
    void otherProductRefused() {
        UpdateResult other = result(Optional.of("store-1"), Optional.of("SKU-2"), Optional.of("key-1"));
        assertThat(ASKED.accepts(other)).isFalse();
        assertThat(ASKED.mismatches(other)).containsExactly("productId");
    }

    @Test
    @DisplayName("a reply about another store is refused")
    void otherStoreRefused() {
        assertThat(ASKED.mismatches(result(Optional.of("store-2"), Optional.of("SKU-1"), Optional.of("key-1"))))
                .containsExactly("storeId");
    }

    @Test
    @DisplayName("a reply with another idempotency key is refused")
    void otherKeyRefused() {
        assertThat(ASKED.mismatches(result(Optional.of("store-1"), Optional.of("SKU-1"), Optional.of("key-2"))))
                .containsExactly("idempotencyKey");
    }

    @Test
    @DisplayName("a reply that leaves the fields out is refused: absent is not a match")
    void absentFieldsRefused() {
        assertThat(ASKED.mismatches(result(Optional.empty(), Optional.empty(), Optional.empty())))
                .containsExactly("storeId", "productId", "idempotencyKey");
    }

    @Test
    @DisplayName("the reasons name fields, never the values asked or answered")
    void reasonsQuoteNoValues() {
        assertThat(ASKED.mismatches(result(Optional.of("store-9"), Optional.of("SKU-9"), Optional.of("key-9"))))
                .noneMatch(field -> field.contains("store-") || field.contains("SKU-") || field.contains("key-"));
    }

    @Test
    @DisplayName(
            "a transfer's reply is accepted only as a transfer's: no store, operation TRANSFER, same product and key")
    void transferReplies() {
        TransferRequest transfer = TransferRequest.of(
                "SKU-1",
                "move-1",
                List.of(TransferRequest.Item.adjust("store-1", -1, 3), TransferRequest.Item.adjust("store-2", 1, 7)));
        ReplyMatch asked = ReplyMatch.of(transfer);
        UpdateResult item = result(Optional.of("store-1"), Optional.of("SKU-1"), Optional.of("move-1"));
        UpdateResult transferReply = UpdateResult.transfer(transfer, Optional.of("id"), List.of(item, item));

        assertThat(asked.accepts(transferReply)).isTrue();
        assertThat(asked.mismatches(item)).containsExactly("storeId");
        assertThat(ASKED.mismatches(transferReply)).contains("storeId");
    }

    private static UpdateResult result(Optional<String> store, Optional<String> product, Optional<String> key) {
        return UpdateResult.rejected(store, product, key, Optional.of("id"), ResultCode.VERSION_REQUIRED, "no version");
    }
}

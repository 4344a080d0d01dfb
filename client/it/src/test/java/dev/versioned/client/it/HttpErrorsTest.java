package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versioned.client.Change;
import dev.versioned.client.IdempotencyKeyReused;
import dev.versioned.client.InsufficientStock;
import dev.versioned.client.Invalid;
import dev.versioned.client.InventoryClient;
import dev.versioned.client.NotAuthorized;
import dev.versioned.client.Updated;
import dev.versioned.client.VersionConflict;
import dev.versioned.schemas.UpdateRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every refusal of the HTTP API arrives as its typed exception. */
class HttpErrorsTest extends OnDefaultStack {

    private static InventoryClient client(String apiKey) {
        return InventoryClient.builder().baseUri(stack.http()).apiKey(apiKey).build();
    }

    @Test
    @DisplayName("taking more than there is: InsufficientStock with the current quantity")
    void insufficientStock() {
        InventoryClient client = client(RunningStack.STORE_1_KEY);
        client.update("store-1", "E-STOCK", (q, v) -> Change.setTo(3));

        assertThatThrownBy(() -> client.update("store-1", "E-STOCK", (q, v) -> Change.delta(-5)))
                .isInstanceOfSatisfying(
                        InsufficientStock.class,
                        e -> assertThat(e.currentQuantity()).isEqualTo(3));
    }

    @Test
    @DisplayName("one key for two different requests: IdempotencyKeyReused")
    void keyReused() {
        InventoryClient client = client(RunningStack.STORE_1_KEY);
        client.apply(UpdateRequest.set("store-1", "E-KEY", 5, 0, "e-key-1"));

        assertThatThrownBy(() -> client.apply(UpdateRequest.set("store-1", "E-KEY", 6, 0, "e-key-1")))
                .isInstanceOfSatisfying(
                        IdempotencyKeyReused.class,
                        e -> assertThat(e.idempotencyKey()).isEqualTo("e-key-1"));
    }

    @Test
    @DisplayName("the same request twice is applied once and replayed")
    void sameRequestReplayed() {
        InventoryClient client = client(RunningStack.STORE_1_KEY);
        UpdateRequest create = UpdateRequest.set("store-1", "E-REPLAY", 5, 0, "e-replay-1");
        Updated first = client.apply(create);

        Updated again = client.apply(create);

        assertThat(again.replayed()).isTrue();
        assertThat(again.record()).isEqualTo(first.record());
    }

    @Test
    @DisplayName("apply at a stale version: VersionConflict with the current version and quantity")
    void staleVersion() {
        InventoryClient client = client(RunningStack.STORE_1_KEY);
        client.apply(UpdateRequest.set("store-1", "E-STALE", 9, 0, "e-stale-1"));

        assertThatThrownBy(() -> client.apply(UpdateRequest.adjust("store-1", "E-STALE", 1, 0, "e-stale-2")))
                .isInstanceOfSatisfying(VersionConflict.class, e -> {
                    assertThat(e.currentVersion()).isEqualTo(1);
                    assertThat(e.currentQuantity()).isEqualTo(9);
                });
    }

    @Test
    @DisplayName("an unknown API key: NotAuthorized 401")
    void unknownKey() {
        InventoryClient client = client("no-such-key");

        assertThatThrownBy(() -> client.update("store-1", "E-AUTH", (q, v) -> Change.delta(1)))
                .isInstanceOfSatisfying(
                        NotAuthorized.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    @DisplayName("a store outside the key's stores: NotAuthorized 403")
    void foreignStore() {
        InventoryClient client = client(RunningStack.STORE_1_KEY);

        assertThatThrownBy(() -> client.apply(UpdateRequest.set("store-2", "E-SCOPE", 1, 0, "e-scope-1")))
                .isInstanceOfSatisfying(
                        NotAuthorized.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    @DisplayName("a malformed product id: Invalid 400 with the server's message")
    void malformed() {
        InventoryClient client = client(RunningStack.STORE_1_KEY);

        assertThatThrownBy(() -> client.apply(UpdateRequest.set("store-1", "bad id!", 1, 0, "e-bad-1")))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("INVALID_REQUEST");
                    assertThat(e.getMessage()).contains("productId");
                });
    }

    @Test
    @DisplayName("no version while unconditional updates are off: Invalid 428")
    void versionRequired() {
        InventoryClient client = client(RunningStack.STORE_1_KEY);

        assertThatThrownBy(() -> client.apply(UpdateRequest.unconditionalAdjust("store-1", "E-428", 1, "e-428-1")))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.status()).isEqualTo(428);
                    assertThat(e.code()).isEqualTo("VERSION_REQUIRED");
                });
    }
}

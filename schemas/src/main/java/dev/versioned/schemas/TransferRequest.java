package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A change of several stores' records of one product, decided all or nothing under one idempotency key:
 * either every item applies, or none does and each item says why. Every record of a product lives in the
 * product's partition and is decided by one thread, which is what makes the change atomic; items of
 * different products are therefore refused.
 *
 * <p>On the requests topic: {@code {"operation":"TRANSFER","productId","idempotencyKey","items":[{"storeId",
 * "delta"|"quantity","version"},...]}}, key = productId. An item may repeat the productId; it must then be
 * the transfer's.
 *
 * @param operation always {@code TRANSFER} on the wire; optional here, since a transfer is told by its items
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record TransferRequest(
        Optional<Operation> operation, String productId, String idempotencyKey, List<Item> items) {

    /** Fewest items of a transfer: one item is an update, and is refused as a transfer. */
    public static final int MIN_ITEMS = 2;
    /** Most items of a transfer: one request, one thread, one transaction. */
    public static final int MAX_ITEMS = 100;

    public TransferRequest {
        operation = operation == null ? Optional.empty() : operation;
        items = items == null ? null : List.copyOf(items);
    }

    /** A transfer of these items (the operation field set, as on the wire). */
    public static TransferRequest of(String productId, String idempotencyKey, List<Item> items) {
        return new TransferRequest(Optional.of(Operation.TRANSFER), productId, idempotencyKey, items);
    }

    /**
     * One record's part of a transfer: exactly one of {@code delta} and {@code quantity}, and the version the
     * writer read.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Item(
            String storeId,
            Optional<String> productId,
            Optional<Long> delta,
            Optional<Long> quantity,
            Optional<Long> version) {

        public Item {
            productId = productId == null ? Optional.empty() : productId;
            delta = delta == null ? Optional.empty() : delta;
            quantity = quantity == null ? Optional.empty() : quantity;
            version = version == null ? Optional.empty() : version;
        }

        /** A conditional ADJUST of one store's record. */
        public static Item adjust(String storeId, long delta, long version) {
            return new Item(storeId, Optional.empty(), Optional.of(delta), Optional.empty(), Optional.of(version));
        }

        /** A conditional SET of one store's record. */
        public static Item set(String storeId, long quantity, long version) {
            return new Item(storeId, Optional.empty(), Optional.empty(), Optional.of(quantity), Optional.of(version));
        }
    }

    /** The item as a single update of its record, under the transfer's productId and idempotency key. */
    public UpdateRequest itemRequest(Item item) {
        return new UpdateRequest(
                item.storeId(),
                productId,
                Optional.empty(),
                item.delta(),
                item.quantity(),
                item.version(),
                idempotencyKey);
    }

    /** Every item as a single update, in order. */
    @JsonIgnore
    public List<UpdateRequest> itemRequests() {
        return items.stream().map(this::itemRequest).toList();
    }

    /** The first rule the transfer breaks, as a message for the caller; empty when it is valid. */
    public static Optional<String> problem(TransferRequest transfer) {
        if (transfer.operation().isPresent() && transfer.operation().get() != Operation.TRANSFER) {
            return Optional.of("a transfer's operation is TRANSFER");
        }
        if (transfer.productId() == null) {
            return Optional.of("productId is required");
        }
        if (!UpdateRequestValidator.isId(transfer.productId())) {
            return Optional.of("productId must be 1..128 characters of [A-Za-z0-9._:-]");
        }
        if (transfer.idempotencyKey() == null) {
            return Optional.of("idempotencyKey is required");
        }
        if (!UpdateRequestValidator.isKey(transfer.idempotencyKey())) {
            return Optional.of("idempotencyKey must be 1..128 printable ASCII characters");
        }
        if (transfer.items() == null) {
            return Optional.of("items is required");
        }
        if (transfer.items().size() < MIN_ITEMS || transfer.items().size() > MAX_ITEMS) {
            return Optional.of("a transfer has " + MIN_ITEMS + " to " + MAX_ITEMS + " items, this one has "
                    + transfer.items().size()
                    + (transfer.items().size() < MIN_ITEMS ? "; send one item as an update" : ""));
        }
        Set<String> stores = new HashSet<>();
        for (int i = 0; i < transfer.items().size(); i++) {
            Item item = transfer.items().get(i);
            String at = "items[" + i + "]: ";
            if (item == null) {
                return Optional.of(at + "must be an object");
            }
            if (item.productId().isPresent() && !item.productId().get().equals(transfer.productId())) {
                return Optional.of(at + "productId must be the transfer's (" + transfer.productId()
                        + "): a transfer changes one product's records, which live in one partition; send one"
                        + " transfer per product");
            }
            Optional<String> problem = UpdateRequestValidator.problem(transfer.itemRequest(item));
            if (problem.isPresent()) {
                return Optional.of(at + problem.get());
            }
            if (!stores.add(item.storeId())) {
                return Optional.of(
                        at + "store " + item.storeId() + " appears twice; a transfer changes each record once");
            }
        }
        return Optional.empty();
    }
}

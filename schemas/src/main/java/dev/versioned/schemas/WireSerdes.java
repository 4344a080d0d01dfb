package dev.versioned.schemas;

/** The serde of every message on the product's topics, one instance each. */
public final class WireSerdes {
    public static final JsonSerde<UpdateRequest> UPDATE_REQUEST = new JsonSerde<>(UpdateRequest.class);
    public static final JsonSerde<TransferRequest> TRANSFER_REQUEST = new JsonSerde<>(TransferRequest.class);
    public static final JsonSerde<UpdateResult> UPDATE_RESULT = new JsonSerde<>(UpdateResult.class);
    public static final JsonSerde<InventoryRecord> INVENTORY_RECORD = new JsonSerde<>(InventoryRecord.class);
    public static final JsonSerde<DeadLetter> DEAD_LETTER = new JsonSerde<>(DeadLetter.class);

    private WireSerdes() {}
}

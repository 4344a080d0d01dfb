package dev.versioned.schemas;

/** The serde of every message on the product's topics, one instance each. */
public final class WireSerdes {
    public static final JsonSerde<UpdateRequest> UPDATE_REQUEST = new JsonSerde<>(UpdateRequest.class);
    public static final JsonSerde<TransferRequest> TRANSFER_REQUEST = new JsonSerde<>(TransferRequest.class);
    public static final JsonSerde<UpdateResult> UPDATE_RESULT = new JsonSerde<>(UpdateResult.class);
    public static final JsonSerde<InventoryRecord> INVENTORY_RECORD = new JsonSerde<>(InventoryRecord.class);
    public static final JsonSerde<DocumentRequest> DOCUMENT_REQUEST = new JsonSerde<>(DocumentRequest.class);
    public static final JsonSerde<DocumentResult> DOCUMENT_RESULT = new JsonSerde<>(DocumentResult.class);
    public static final JsonSerde<DocumentRecord> DOCUMENT_RECORD = new JsonSerde<>(DocumentRecord.class);
    public static final JsonSerde<StreamAppend> STREAM_APPEND = new JsonSerde<>(StreamAppend.class);
    public static final JsonSerde<StreamResult> STREAM_RESULT = new JsonSerde<>(StreamResult.class);
    public static final JsonSerde<StreamEvent> STREAM_EVENT = new JsonSerde<>(StreamEvent.class);
    public static final JsonSerde<DeadLetter> DEAD_LETTER = new JsonSerde<>(DeadLetter.class);

    private WireSerdes() {}
}

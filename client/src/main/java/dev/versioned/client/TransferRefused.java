package dev.versioned.client;

import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import java.util.List;

/**
 * A transfer was refused: nothing of it was applied. {@link #code()} is the first refused item's code, and
 * {@link #items()} says for each item why (the items that alone would have applied are
 * {@code TRANSFER_ABORTED}; a conflicting item carries its record's current version and quantity, to retry
 * from without a read).
 */
public final class TransferRefused extends InventoryException {

    private final ResultCode code;
    private final transient List<UpdateResult> items;

    public TransferRefused(ResultCode code, List<UpdateResult> items, String message) {
        super(code + ": " + message);
        this.code = code;
        this.items = List.copyOf(items);
    }

    public ResultCode code() {
        return code;
    }

    /** One result per item, in the order of the transfer's items. */
    public List<UpdateResult> items() {
        return items;
    }
}

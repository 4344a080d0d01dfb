package dev.versioned.gateway.http;

import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.auth.ApiClient;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.UpdateRequestValidator;
import java.util.Collection;
import java.util.Optional;

/**
 * Which stores, document collections and stream categories a request may touch: the ids' rules, the store a single-store key stands
 * for when none is named, and the key's scope, refused 403 and counted as {@code FORBIDDEN_STORE},
 * {@code FORBIDDEN_COLLECTION} or {@code FORBIDDEN_CATEGORY}. One place for every resource.
 */
public final class StoreScope {

    private static final String ID_RULE = " must be 1..128 characters of [A-Za-z0-9._:-]";

    private final AuthRefusals refusals;

    public StoreScope(AuthRefusals refusals) {
        this.refusals = refusals;
    }

    /** The store a read names, or the key's only store; checked against the key's scope. */
    public String resolve(ApiClient client, Optional<String> storeIdParam) {
        String storeId = storeIdParam
                .or(client::singleStore)
                .orElseThrow(
                        () -> GatewayException.invalid("storeId is required: this API key covers more than one store"));
        requireId("storeId", storeId);
        require(client, storeId);
        return storeId;
    }

    /** Refuses 403 unless the key covers {@code storeId}. */
    public void require(ApiClient client, String storeId) {
        if (!client.mayAccess(storeId)) {
            refusals.refused(AuthRefusals.Reason.FORBIDDEN_STORE, client.name());
            throw new GatewayException(ErrorCode.FORBIDDEN, "this API key may not access store " + storeId);
        }
    }

    /** Refuses 403 unless the key covers the document collection {@code collection}. */
    public void requireCollection(ApiClient client, String collection) {
        if (!client.mayAccessCollection(collection)) {
            refusals.refused(AuthRefusals.Reason.FORBIDDEN_COLLECTION, client.name());
            throw new GatewayException(ErrorCode.FORBIDDEN, "this API key may not access collection " + collection);
        }
    }

    /** Refuses 403 unless the key covers the category of the stream {@code stream} (a valid stream name). */
    public void requireCategory(ApiClient client, String stream) {
        String category = StreamAppend.categoryOf(stream);
        if (!client.mayAccessCategory(category)) {
            refusals.refused(AuthRefusals.Reason.FORBIDDEN_CATEGORY, client.name());
            throw new GatewayException(
                    ErrorCode.FORBIDDEN, "this API key may not access streams of category " + category);
        }
    }

    /** Refuses 403 unless the key covers every one of {@code storeIds}, naming the first it does not. */
    public void requireAll(ApiClient client, Collection<String> storeIds) {
        storeIds.forEach(storeId -> require(client, storeId));
    }

    /** Refuses 400 unless {@code value} is a valid store or product id. */
    public static void requireId(String name, String value) {
        if (!UpdateRequestValidator.isId(value)) {
            throw GatewayException.invalid(name + ID_RULE);
        }
    }
}

package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DocumentReplyMatchTest {

    private static final DocumentReplyMatch ASKED = DocumentReplyMatch.of(
            DocumentRequest.put("wallets", "w-1", JsonNodeFactory.instance.objectNode(), 0, "key-1"));

    @Test
    @DisplayName("given a document request, when its reply names the same collection, id and key, then it is accepted")
    void givenDocumentRequest_whenReplyNamesTheSameDocument_thenAccepted() {
        assertThat(ASKED.accepts(result("wallets", "w-1", "key-1"))).isTrue();
    }

    @Test
    @DisplayName("given a document request, when its reply names another collection, then only that field is named")
    void givenDocumentRequest_whenReplyNamesAnotherCollection_thenRefusedNamingIt() {
        assertThat(ASKED.mismatches(result("customers", "w-1", "key-1"))).containsExactly("collection");
    }

    @Test
    @DisplayName("given a document request, when its reply names another id and key, then both are named")
    void givenDocumentRequest_whenReplyNamesAnotherIdAndKey_thenRefusedNamingBoth() {
        assertThat(ASKED.mismatches(result("wallets", "w-2", "key-2"))).containsExactly("id", "idempotencyKey");
    }

    @Test
    @DisplayName("given a document request, when an update's reply comes, then it never answers it")
    void givenDocumentRequest_whenUpdateReplyComes_thenRefusedAsTheOtherKind() {
        UpdateResult update = UpdateResult.rejected(
                Optional.of("wallets"),
                Optional.of("w-1"),
                Optional.of("key-1"),
                Optional.empty(),
                ResultCode.VERSION_REQUIRED,
                "no version");
        assertThat(ASKED.mismatches(update)).containsExactly(ExpectedReply.RESULT_TYPE);
    }

    @Test
    @DisplayName("given an update request, when a document reply naming the same key comes, then it never answers it")
    void givenUpdateRequest_whenDocumentReplyComes_thenRefusedAsTheOtherKind() {
        ReplyMatch update = ReplyMatch.of(UpdateRequest.set("wallets", "w-1", 1, 0, "key-1"));
        assertThat(update.mismatches(result("wallets", "w-1", "key-1"))).containsExactly(ExpectedReply.RESULT_TYPE);
    }

    private static DocumentResult result(String collection, String id, String key) {
        return DocumentResult.rejected(
                Optional.of(collection), Optional.of(id), Optional.of(key), Optional.empty(), "invalid");
    }
}

package dev.versioned.processor.topology;

import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateRequestValidator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The reply headers of a request ({@link ReplyHeaders}), read and checked. A reply topic must start with
 * the configured prefix, so a request can never direct output onto the product's own topics.
 *
 * @param problem what is wrong with the headers, if anything; the valid parts are still returned
 */
public record RequestHeaders(
        Optional<String> correlationId, Optional<ReplyAddress> replyAddress, Optional<String> problem) {

    private static final int MAX_PARTITION = 100_000;

    public static RequestHeaders read(Headers headers, String replyPrefix) {
        StringBuilder problems = new StringBuilder();
        Optional<String> correlationId = text(headers, ReplyHeaders.CORRELATION_ID, problems)
                .filter(id -> valid(
                        UpdateRequestValidator.isKey(id),
                        problems,
                        "header correlation-id must be 1..128 printable ASCII characters"));
        Optional<String> topic = text(headers, ReplyHeaders.REPLY_TOPIC, problems)
                .filter(t -> valid(
                        t.startsWith(replyPrefix) && t.length() > replyPrefix.length() && TopicNames.isValidName(t),
                        problems,
                        "header reply-topic must be a topic name starting with '" + replyPrefix + "'"));
        Optional<Integer> partition =
                text(headers, ReplyHeaders.REPLY_PARTITION, problems).flatMap(p -> partition(p, problems));
        Optional<ReplyAddress> address = topic.map(t -> new ReplyAddress(t, partition));
        return new RequestHeaders(
                correlationId, address, problems.isEmpty() ? Optional.empty() : Optional.of(problems.toString()));
    }

    private static Optional<Integer> partition(String value, StringBuilder problems) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 0 && p <= MAX_PARTITION) {
                return Optional.of(p);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        valid(false, problems, "header reply-partition must be a partition number, was " + OutputLimits.quoted(value));
        return Optional.empty();
    }

    private static Optional<String> text(Headers headers, String name, StringBuilder problems) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header.value()))
                    .toString());
        } catch (CharacterCodingException e) {
            valid(false, problems, "header " + name + " is not UTF-8 text");
            return Optional.empty();
        }
    }

    private static boolean valid(boolean ok, StringBuilder problems, String problem) {
        if (!ok) {
            problems.append(problems.isEmpty() ? "" : "; ").append(problem);
        }
        return ok;
    }
}

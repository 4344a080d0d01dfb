package dev.versioned.gateway.http;

import dev.versioned.gateway.api.ErrorCode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.eclipse.jetty.http.HttpException;

/**
 * Reads a request body whole, decoded and bounded, and blames the caller for a body it cannot read.
 *
 * <p>Content codings: {@code identity}, {@code gzip} (also {@code x-gzip}) and {@code deflate} (the zlib format
 * of RFC 9110), in any order and listed in one or several {@code Content-Encoding} headers, at most
 * {@value #MAX_CODINGS} of them. Jetty's gzip handler already inflates a body whose last coding is gzip and
 * removes that coding from the header; what is left is decoded here, last coding first. Any other coding
 * ({@code br}, {@code compress}, {@code zstd}, made-up ones) is 415 {@code UNSUPPORTED_MEDIA_TYPE}: the bytes
 * cannot be read, and guessing would parse garbage. A body that is not what its coding says (corrupt or
 * truncated gzip or deflate) is 400 {@code INVALID_REQUEST}, as is a body the client stopped sending: both are
 * the caller's error, not the gateway's. The bound applies to the decoded bytes, so a small compressed body
 * cannot expand past it.
 */
public final class RequestBodies {

    /** More layers than any real client sends; each one costs an inflater, so a header cannot ask for hundreds. */
    static final int MAX_CODINGS = 4;

    /**
     * The most of a refused body that is read and dropped before the refusal is sent: more than any body the
     * API takes (100 updates of 16 KiB); a larger one closes the connection anyway.
     */
    public static final int DRAINED_BYTES = 2 << 20;

    private RequestBodies() {}

    /**
     * The decoded body, at most {@code maxBytes} bytes.
     *
     * @param contentEncodings the {@code Content-Encoding} header values as received (each may list several)
     * @throws GatewayException 415 for a coding the gateway does not take; 400 for an unreadable, corrupt or
     *                          oversized body
     */
    public static byte[] read(InputStream raw, List<String> contentEncodings, int maxBytes) {
        return read(
                raw,
                contentEncodings,
                maxBytes,
                () -> GatewayException.invalid("the request body is larger than " + maxBytes + " bytes"));
    }

    /** {@link #read(InputStream, List, int)}, refusing a body larger than {@code maxBytes} with {@code tooLarge}. */
    public static byte[] read(
            InputStream raw, List<String> contentEncodings, int maxBytes, Supplier<GatewayException> tooLarge) {
        if (raw == null) {
            return new byte[0];
        }
        List<String> codings;
        try {
            codings = codings(contentEncodings);
        } catch (GatewayException e) {
            drain(raw, maxBytes);
            throw e;
        }
        byte[] bytes;
        try (InputStream decoded = decode(raw, codings)) {
            bytes = decoded.readNBytes(maxBytes + 1);
        } catch (IOException | RuntimeException e) {
            drain(raw, maxBytes);
            throw unreadable(e, codings);
        }
        if (bytes.length > maxBytes) {
            throw tooLarge.get();
        }
        return bytes;
    }

    /** Where a body is read from; opening it may fail too (a body already read as characters, say). */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /**
     * Reads and drops what is left of a refused request's body, up to {@link #DRAINED_BYTES}, before the refusal
     * is answered; never fails. Jetty cannot keep a connection whose request body was left unread: it closes it,
     * and a client that already reuses it for its next request gets no answer at all. A body that cannot be read
     * to its end, or decoded (Jetty inflates a body declared gzip as it is read, and fails on bytes that are not
     * gzip), is left where it failed: the refusal is answered all the same, and Jetty closes the connection after
     * it. A larger body closes the connection too.
     */
    public static void discard(Source body) {
        try {
            InputStream raw = body.open();
            if (raw != null) {
                drain(raw, DRAINED_BYTES);
            }
        } catch (IOException | RuntimeException e) {
            // nothing to read, or unreadable: nothing to keep the connection for
        }
    }

    private static void drain(InputStream raw, int maxBytes) {
        try {
            long left = maxBytes;
            byte[] buffer = new byte[8192];
            int n;
            while (left > 0 && (n = raw.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // the body is broken at its source too (Jetty's own gzip inflation): Jetty closes the connection
        }
    }

    /** The codings to undo, in the order they were applied; identity dropped. */
    static List<String> codings(List<String> headerValues) {
        List<String> codings = new ArrayList<>();
        for (String value : headerValues == null ? List.<String>of() : headerValues) {
            for (String part : value.split(",", -1)) {
                String coding = part.trim().toLowerCase(Locale.ROOT);
                switch (coding) {
                    case "identity", "" -> {
                        // nothing to undo; an empty entry ("gzip,,") adds nothing either
                    }
                    case "gzip", "x-gzip", "deflate" -> codings.add(coding);
                    default ->
                        throw unsupported("Content-Encoding '" + printable(part.trim())
                                + "' is not supported: send the body as identity, gzip or deflate");
                }
            }
        }
        if (codings.size() > MAX_CODINGS) {
            throw unsupported("at most " + MAX_CODINGS + " Content-Encoding codings are supported, this body has "
                    + codings.size());
        }
        return codings;
    }

    private static InputStream decode(InputStream raw, List<String> codings) throws IOException {
        InputStream in = raw;
        for (int i = codings.size() - 1; i >= 0; i--) {
            // GZIPInputStream reads the gzip header here: a body that is not gzip fails at once, as a ZipException.
            in = codings.get(i).equals("deflate") ? new InflaterInputStream(in) : new GZIPInputStream(in);
        }
        return in;
    }

    private static GatewayException unreadable(Exception e, List<String> codings) {
        if (isCorruptEncoding(e, !codings.isEmpty())) {
            List<String> outermostFirst = new ArrayList<>(codings.isEmpty() ? List.of("gzip") : codings);
            java.util.Collections.reverse(outermostFirst);
            return GatewayException.invalid("the request body is not valid " + String.join(" inside ", outermostFirst)
                    + " data, as its Content-Encoding says it is");
        }
        if (e instanceof IOException || isClientError(e)) {
            return GatewayException.invalid("the request body could not be read to its end");
        }
        throw (RuntimeException) e; // not about the body: a bug, answered 500 with an error id
    }

    /**
     * A corrupt or truncated compressed body, from our decoders or from Jetty's gzip handler (which wraps its
     * {@link ZipException} in a RuntimeException). A decoder that runs out of input is one too.
     */
    static boolean isCorruptEncoding(Throwable e, boolean decoding) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ZipException
                    || t instanceof DataFormatException
                    || (decoding && t instanceof EOFException)) {
                return true;
            }
        }
        return false;
    }

    /** Jetty's refusal of the request itself while the body is read (a malformed chunk, say): a 4xx. */
    private static boolean isClientError(Throwable e) {
        return e instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500;
    }

    private static GatewayException unsupported(String message) {
        return new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message);
    }

    /** A header value or path segment as the caller can read it back, without control characters, cut short. */
    static String printable(String value) {
        String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}

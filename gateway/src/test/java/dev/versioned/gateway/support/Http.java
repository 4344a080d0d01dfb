package dev.versioned.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A plain HTTP client for the tests: raw status, headers and body, the JSON parsed when there is one. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public Http(int port) {
        this.base = "http://localhost:" + port;
    }

    /** What came back. */
    public record Reply(String method, String path, int status, HttpResponse<String> raw, JsonNode json) {
        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        public String body() {
            return raw.body();
        }
    }

    /** {@code X-API-Key: apiKey} followed by {@code headers} (name, value, name, value, ...). */
    public static String[] withKey(String apiKey, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-API-Key";
        all[1] = apiKey;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }

    public Reply post(String path, String body, String... headers) {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body), headers);
    }

    public Reply put(String path, String body, String... headers) {
        return send("PUT", path, HttpRequest.BodyPublishers.ofString(body), headers);
    }

    /** A PATCH; its {@code Content-Type} is JSON unless {@code headers} name another. */
    public Reply patch(String path, String body, String... headers) {
        return send("PATCH", path, HttpRequest.BodyPublishers.ofString(body), headers);
    }

    public Reply delete(String path, String... headers) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    public Reply send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body);
        if (!"GET".equals(method)) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Content-Type")) {
                request.setHeader(headers[i], headers[i + 1]); // instead of the JSON default
            } else {
                request.header(headers[i], headers[i + 1]);
            }
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.headers().firstValue("Content-Type").orElse("").contains("json")
                    && !response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            return new Reply(method, path, response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

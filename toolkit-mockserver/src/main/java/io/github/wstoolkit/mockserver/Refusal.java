package io.github.wstoolkit.mockserver;

import java.util.Map;

/**
 * Refuses a WebSocket handshake: the server answers with this HTTP status, headers and body instead of upgrading.
 *
 * @param status an HTTP error status (400-599)
 * @param contentType the body's media type
 * @param body the response body
 * @param headers extra response headers (for example {@code Retry-After})
 */
public record Refusal(int status, String contentType, String body, Map<String, String> headers) {

    public Refusal {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a refusal needs an HTTP error status 400-599, got " + status);
        }
        contentType = contentType == null ? "text/plain; charset=utf-8" : contentType;
        body = body == null ? "" : body;
        headers = Map.copyOf(headers);
    }

    /** A refusal with a JSON body {@code {"error":{"message":...,"code":status}}}. */
    public static Refusal status(int status, String message) {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("message", message);
        error.put("code", status);
        String json = io.github.wstoolkit.api.json.Json.stringify(Map.of("error", error));
        return new Refusal(status, "application/json", json, status == 429 ? Map.of("Retry-After", "1") : Map.of());
    }

    /** A refusal with this status and a JSON body naming it. */
    public static Refusal status(int status) {
        return status(status, "Handshake refused by the mock server (HTTP " + status + ")");
    }
}

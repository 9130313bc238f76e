package io.github.wstoolkit.mockserver;

import io.github.wstoolkit.api.Redaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What one connection (or refused handshake) sent to a {@link MockServer}: a snapshot taken when
 * {@link MockServer#journal()} was called.
 *
 * <p>The values are as received, secrets included, so a test can check them; {@link #toString()} and
 * {@link #toJson()} (what {@code GET /__journal} serves and {@code wst mock} logs) redact secret header values and
 * credential-like query values with {@link Redaction}.
 *
 * @param id the connection's number ({@link MockConnection#id()})
 * @param opened when the handshake arrived
 * @param path the request path without the query
 * @param query decoded query parameters in request order
 * @param headers the handshake's request headers (case-insensitive names)
 * @param subprotocol the negotiated subprotocol
 * @param received the frames the client sent, in order
 * @param sent how many frames the server sent
 * @param close how the connection closed, once it has
 * @param refused the HTTP status, when the handshake was refused
 * @param fault the scenario fault, once it has hit this connection
 */
public record JournalEntry(
        long id,
        Instant opened,
        String path,
        Map<String, List<String>> query,
        Map<String, List<String>> headers,
        Optional<String> subprotocol,
        List<Message> received,
        int sent,
        Optional<Close> close,
        OptionalInt refused,
        Optional<Fault> fault) {

    public JournalEntry {
        Objects.requireNonNull(opened, "opened");
        Objects.requireNonNull(path, "path");
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        headers = Collections.unmodifiableMap(h);
        Objects.requireNonNull(subprotocol, "subprotocol");
        received = List.copyOf(received);
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(refused, "refused");
        Objects.requireNonNull(fault, "fault");
    }

    /**
     * One frame the client sent.
     *
     * @param at time since the handshake
     * @param binary whether it was a binary frame
     * @param data the payload (UTF-8 for a text frame)
     */
    public record Message(Duration at, boolean binary, byte[] data) {
        public Message {
            Objects.requireNonNull(at, "at");
            data = data.clone();
        }

        /** The text of a text frame (binary frames decode as UTF-8 too). */
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Message m
                    && m.at.equals(at)
                    && m.binary == binary
                    && java.util.Arrays.equals(m.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(at, binary, java.util.Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return binary ? "binary(" + data.length + " bytes)" : text();
        }
    }

    /**
     * How a connection closed.
     *
     * @param code the close code
     * @param reason the close reason
     * @param byServer whether the server (a handler, a fault or a shutdown) closed it
     */
    public record Close(int code, String reason, boolean byServer) {}

    /** The first value of a request header (case-insensitive name). */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The texts of the text frames the client sent. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (Message m : received) {
            if (!m.binary()) {
                out.add(m.text());
            }
        }
        return out;
    }

    /** The path with the query, credential-like values redacted. */
    public String redactedTarget() {
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            for (String v : e.getValue()) {
                sb.append(sep).append(encode(e.getKey())).append('=');
                sb.append(
                        Redaction.isSecretParameter(e.getKey()) && !v.isEmpty()
                                ? Redaction.REDACTED_IN_URL
                                : encode(v));
                sep = '&';
            }
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * The entry as plain JSON values with secrets redacted: what {@code GET /__journal} serves. Header names are
     * lower-cased. Binary frames appear
     * as {@code {"binary":true,"size":N,"base64":...}}.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("opened", opened.toString());
        m.put("path", path);
        m.put("target", redactedTarget());
        Map<String, Object> q = new LinkedHashMap<>();
        query.forEach((k, v) -> q.put(
                k,
                Redaction.isSecretParameter(k)
                        ? v.stream()
                                .map(x -> x.isEmpty() ? x : Redaction.REDACTED)
                                .toList()
                        : v));
        m.put("query", q);
        Map<String, Object> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(
                k,
                Redaction.isSecretHeader(k)
                        ? v.stream().map(x -> Redaction.REDACTED).toList()
                        : v));
        m.put("headers", h);
        m.put("subprotocol", subprotocol.orElse(null));
        List<Object> frames = new ArrayList<>();
        for (Message msg : received) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("atMs", msg.at().toMillis());
            if (msg.binary()) {
                f.put("binary", true);
                f.put("size", msg.data.length);
                f.put("base64", java.util.Base64.getEncoder().encodeToString(msg.data));
            } else {
                f.put("text", msg.text());
            }
            frames.add(f);
        }
        m.put("received", frames);
        m.put("sent", sent);
        m.put(
                "close",
                close.map(c -> {
                            Map<String, Object> cm = new LinkedHashMap<>();
                            cm.put("code", c.code());
                            cm.put("reason", c.reason());
                            cm.put("byServer", c.byServer());
                            return (Object) cm;
                        })
                        .orElse(null));
        m.put("refused", refused.isPresent() ? refused.getAsInt() : null);
        m.put("fault", fault.map(Fault::format).orElse(null));
        return m;
    }

    /** One line for logs, secrets redacted. */
    public String summary() {
        StringBuilder sb = new StringBuilder("#").append(id).append(' ').append(redactedTarget());
        subprotocol.ifPresent(p -> sb.append(" [").append(p).append(']'));
        if (refused.isPresent()) {
            return sb.append(" refused HTTP ").append(refused.getAsInt()).toString();
        }
        sb.append(": received ").append(received.size()).append(", sent ").append(sent);
        fault.ifPresent(f -> sb.append(", fault ").append(Fault.format(f)));
        close.ifPresentOrElse(
                c -> sb.append(", closed ")
                        .append(c.code())
                        .append(c.reason().isEmpty() ? "" : " " + c.reason())
                        .append(c.byServer() ? " by server" : " by client"),
                () -> sb.append(", open"));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "JournalEntry[" + summary() + "]";
    }
}

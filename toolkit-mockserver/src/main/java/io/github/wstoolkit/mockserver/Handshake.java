package io.github.wstoolkit.mockserver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A WebSocket handshake request, as {@link MockHandler#onHandshake} sees it.
 *
 * @param path the request path without the query
 * @param query decoded query parameters in request order
 * @param headers request headers; names are case-insensitive
 * @param subprotocols the subprotocols the client asked for, in its order
 */
public record Handshake(
        String path, Map<String, List<String>> query, Map<String, List<String>> headers, List<String> subprotocols) {

    public Handshake {
        Objects.requireNonNull(path, "path");
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        headers = Collections.unmodifiableMap(h);
        subprotocols = List.copyOf(subprotocols);
    }

    /** The first value of a request header (case-insensitive name). */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParameter(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    @Override
    public String toString() {
        return "Handshake[" + path + "]";
    }
}

package io.github.wstoolkit.ws.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.internal.transform.Transforms;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.spi.ProviderFactory;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.transform.ResponseTransform;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamTransform;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.ws.WebSocketProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes {@link WebSocketProvider}s from configs (the {@code ProviderFactory} service): ids {@code ws://…},
 * {@code wss://…}, {@code websocket://…} (taken as {@code ws://}), and the bare words {@code websocket}, {@code ws},
 * {@code wss} with a {@code config.url}.
 *
 * <p>Before anything else, {@code {{ env.X }}} templates in the id and every config string are rendered (as promptfoo's
 * loader does, so {@code id: '{{ env.URL }}/ws'} picks this provider); other templates stay for the per-call rendering. Transforms given as text are compiled once here, by the
 * {@link TransformCompiler} on the module path (toolkit-groovy) or the one the caller passed.
 */
public final class WebSocketProviderFactory implements ProviderFactory {

    /** Config keys the provider reads, with {@code maxRetries} and {@code retry} (read by the eval engine). */
    private static final Set<String> KEYS = Set.of(
            "url",
            "messageTemplate",
            "headers",
            "protocols",
            "timeoutMs",
            "idleTimeoutMs",
            "connectTimeoutMs",
            "transformResponse",
            "responseParser",
            "streamResponse",
            "transformStream",
            "stream",
            "streamChunkType",
            "streamDoneType",
            "streamDeltaField",
            "connection",
            "waitOnServerClose",
            "maxMessageSize",
            "maxRetries",
            "retry");

    /** A no-op constructor, as {@link java.util.ServiceLoader} needs. */
    public WebSocketProviderFactory() {}

    @Override
    public boolean supports(String id) {
        String s = id.strip().toLowerCase(Locale.ROOT);
        return s.startsWith("ws:")
                || s.startsWith("wss:")
                || s.startsWith("websocket://")
                || s.equals("websocket")
                || s.equals("ws")
                || s.equals("wss");
    }

    @Override
    public Set<String> configKeys() {
        return KEYS;
    }

    @Override
    public String describe() {
        return "ws://, wss://, websocket:// (WebSocket)";
    }

    @Override
    public Provider create(ProviderSpec spec) {
        return create(spec, Transforms::requireCompiler);
    }

    @Override
    public Provider create(ProviderSpec spec, TransformCompiler compiler) {
        return create(spec, source -> compiler);
    }

    /** @param compilers the compiler for a transform given as text (the one on the module path, or the caller's) */
    private Provider create(ProviderSpec spec, Function<TransformSource, TransformCompiler> compilers) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(spec.env());
        // ProviderRegistry has rendered the env templates of the id and config, as promptfoo's loader does
        String id = spec.id().strip();
        Map<String, Object> config = spec.config();

        WebSocketProvider.Builder b = WebSocketProvider.builder().env(spec.env());
        BuilderAccess.get().configForErrors(b, config);
        b.id(config.get("url") instanceof String u && !u.isEmpty() ? u : id);
        spec.label().ifPresent(b::label);
        b.url(config.get("url") instanceof String u && !u.isEmpty() ? u : id);
        if (config.get("messageTemplate") instanceof String m) {
            b.messageTemplate(m);
        }
        b.headers(headers(config.get("headers")));
        b.protocols(protocols(config.get("protocols")));
        b.timeout(timeout(config.get("timeoutMs"), env));
        Object idle = config.get("idleTimeoutMs");
        if (idle != null) {
            b.idleTimeout(Duration.ofMillis(positiveMillis("idleTimeoutMs", idle)));
        }
        Object connect = config.get("connectTimeoutMs");
        if (connect != null) {
            b.connectTimeout(Duration.ofMillis(positiveMillis("connectTimeoutMs", connect)));
        }
        Object maxSize = config.get("maxMessageSize");
        if (maxSize != null) {
            b.maxMessageSize((int) positiveMillis("maxMessageSize", maxSize));
        }
        Object connection = config.get("connection");
        if (connection != null) {
            String c = String.valueOf(connection);
            if (!c.equals("persistent") && !c.equals("per-call")) {
                throw ConfigException.forKey(
                        "config.connection", "must be 'persistent' or 'per-call', got '" + c + "'");
            }
            b.persistent(c.equals("persistent"));
        }
        b.waitOnServerClose(Boolean.TRUE.equals(config.get("waitOnServerClose")));

        // transformResponse, with responseParser as its old name (used when transformResponse is falsy)
        Object tr = Json.truthy(config.get("transformResponse"))
                ? config.get("transformResponse")
                : config.get("responseParser");
        String trKey = Json.truthy(config.get("transformResponse")) ? "transformResponse" : "responseParser";
        if (Json.truthy(tr)) {
            b.transformResponse(responseTransform(spec, trKey, tr, compilers));
        }
        Object sr = config.get("streamResponse");
        if (Json.truthy(sr)) {
            streamResponse(spec, sr, b, compilers);
        }
        Object ts = config.get("transformStream");
        if (Json.truthy(ts)) {
            b.transformStream(streamTransform(spec, ts, compilers));
        }
        if (Boolean.TRUE.equals(config.get("stream"))) {
            b.legacyStream(
                    stringOr(config.get("streamChunkType"), "chunk"),
                    stringOr(config.get("streamDoneType"), "done"),
                    stringOr(config.get("streamDeltaField"), "delta"));
        }
        return b.build();
    }

    private static Map<String, String> headers(Object v) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw ConfigException.forKey("config.headers", "must be a map of header names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, x) -> {
            if (x instanceof Map || x instanceof List) {
                throw ConfigException.forKey("config.headers." + k, "must be text");
            }
            if (x != null) {
                out.put(String.valueOf(k), String.valueOf(x));
            }
        });
        return out;
    }

    /** A string or list; each entry split on {@code ,}, trimmed, empties dropped (promptfoo #9944). */
    public static List<String> protocols(Object v) {
        if (v == null) {
            return List.of();
        }
        List<Object> entries = v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
        List<String> out = new ArrayList<>();
        for (Object e : entries) {
            for (String p : String.valueOf(e).split(",")) {
                if (!p.strip().isEmpty()) {
                    out.add(p.strip());
                }
            }
        }
        return out;
    }

    /** {@code timeoutMs || REQUEST_TIMEOUT_MS || 300000}: 0 and absent mean the default. */
    public static Duration timeout(Object v, Map<String, String> env) {
        if (v != null && !(v instanceof Number)) {
            throw ConfigException.forKey("config.timeoutMs", "must be a number of milliseconds, got '" + v + "'");
        }
        long ms = v == null ? 0 : ((Number) v).longValue();
        if (ms < 0) {
            throw ConfigException.forKey("config.timeoutMs", "must not be negative, got " + ms);
        }
        if (ms == 0) {
            String fromEnv = env.get("REQUEST_TIMEOUT_MS");
            try {
                ms = fromEnv == null ? 0 : Long.parseLong(fromEnv.strip());
            } catch (NumberFormatException e) {
                ms = 0;
            }
        }
        return ms > 0 ? Duration.ofMillis(ms) : WebSocketProvider.DEFAULT_TIMEOUT;
    }

    private static long positiveMillis(String key, Object v) {
        if (!(v instanceof Number n) || n.longValue() <= 0) {
            throw ConfigException.forKey("config." + key, "must be a positive number, got '" + v + "'");
        }
        return n.longValue();
    }

    private static String stringOr(Object v, String fallback) {
        return v instanceof String s && !s.isEmpty() ? s : fallback;
    }

    private static TransformSource source(ProviderSpec spec, String key, String text) {
        return new TransformSource("config." + key, text, spec.baseDir(), Optional.empty(), 0);
    }

    private static ResponseTransform responseTransform(
            ProviderSpec spec, String key, Object v, Function<TransformSource, TransformCompiler> compilers) {
        if (v instanceof ResponseTransform t) {
            return t;
        }
        if (v instanceof String s) {
            TransformSource src = source(spec, key, s);
            return compilers.apply(src).responseTransform(src);
        }
        throw ConfigException.forKey(
                "config." + key,
                "Unsupported response transform type: " + Json.typeOf(v)
                        + ". Expected a function, a string starting with 'file://', or a string containing an expression.");
    }

    private static void streamResponse(
            ProviderSpec spec,
            Object v,
            WebSocketProvider.Builder b,
            Function<TransformSource, TransformCompiler> compilers) {
        if (v instanceof StreamResponse fn) {
            b.streamResponse(fn);
            return;
        }
        if (v instanceof String s) {
            TransformSource src = source(spec, "streamResponse", s);
            StreamResponse fn = compilers.apply(src).streamResponse(src);
            BuilderAccess.get()
                    .compiledStreamResponse(
                            b,
                            fn,
                            src.isFileReference()
                                    ? src.file()
                                            .map(p -> p.getFileName().toString())
                                            .orElse(s)
                                    : null);
            return;
        }
        throw ConfigException.forKey(
                "config.streamResponse",
                "Unsupported request transform type: " + Json.typeOf(v)
                        + ". Expected a function, a string starting with 'file://' pointing to a Groovy file,"
                        + " or a string containing a Groovy expression.");
    }

    private static StreamTransform streamTransform(
            ProviderSpec spec, Object v, Function<TransformSource, TransformCompiler> compilers) {
        if (v instanceof StreamTransform fn) {
            return fn;
        }
        if (Boolean.TRUE.equals(v) || "default".equals(v)) {
            return WebSocketProvider.DEFAULT_TRANSFORM_STREAM;
        }
        if (v instanceof String s) {
            TransformSource src = source(spec, "transformStream", s);
            return compilers.apply(src).streamTransform(src);
        }
        throw ConfigException.forKey(
                "config.transformStream",
                "Unsupported stream transform type: " + Json.typeOf(v)
                        + ". Expected a function, a string starting with 'file://', or a string containing an expression.");
    }
}

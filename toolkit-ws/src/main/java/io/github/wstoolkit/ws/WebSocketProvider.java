package io.github.wstoolkit.ws;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.template.TemplateEngine;
import io.github.wstoolkit.api.template.TemplateException;
import io.github.wstoolkit.api.template.TemplateFilter;
import io.github.wstoolkit.api.transform.ResponseTransform;
import io.github.wstoolkit.api.transform.StreamDecision;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamTransform;
import io.github.wstoolkit.ws.internal.BuilderAccess;
import io.github.wstoolkit.ws.internal.ConnectErrors;
import io.github.wstoolkit.ws.internal.Watchdog;
import io.github.wstoolkit.ws.internal.calls.CallRecorder;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * promptfoo's WebSocket provider on the JVM: renders a message from a template, sends it over a WebSocket and turns
 * the frames that come back into a response.
 *
 * <pre>{@code
 * try (WebSocketProvider ws = WebSocketProvider.builder()
 *         .url("wss://example.com/ws")
 *         .messageTemplate("{\"prompt\": {{ prompt | dump }}}")
 *         .transformResponse((data, ctx) -> ((Map<?, ?>) data).get("foobar"))
 *         .timeout(Duration.ofSeconds(15))
 *         .build()) {
 *     ProviderResponse r = ws.call("Hello", CallContext.EMPTY);
 * }
 * }</pre>
 *
 * <p>How frames become a response (the first that applies):
 *
 * <ol>
 *   <li>{@code streamResponse}: called for every frame with the accumulator (initially
 *       {@code {error: "unknown error occurred"}}); ends when it says complete;
 *   <li>{@code transformStream}: called for every frame with the frame's value and all values so far; ends on
 *       {@code {done: true, ...}} (promptfoo's unmerged streaming branch);
 *   <li>legacy {@code stream: true}: chunk frames are collected until a done (or {@code complete}) frame (promptfoo's unmerged streaming branch);
 *   <li>otherwise the first frame is the answer, through {@code transformResponse}, and a result with an
 *       {@code error} or without an {@code output} rejects the call.
 * </ol>
 *
 * <p>From Java, the typed forms are {@link Builder#streamResponse(java.util.function.Supplier,
 * io.github.wstoolkit.api.transform.JavaStreamTransform)} and {@link Builder#transformFrame}: a
 * {@link io.github.wstoolkit.api.transform.StreamFrame} with its JSON parsed once, an accumulator of your type and
 * one result type; they run as {@code streamResponse}.
 *
 * <p>Calls may run concurrently from many threads. Each call opens its own connection, unless the provider is
 * {@link Builder#persistent(boolean) persistent}: then calls of the same conversation share one connection, which
 * {@link #close()} closes.
 */
public final class WebSocketProvider implements Provider {

    private static final System.Logger LOG = System.getLogger(WebSocketProvider.class.getName());

    /** The default of {@code timeoutMs}: 300000 (promptfoo's {@code REQUEST_TIMEOUT_MS} default). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(300_000);

    /**
     * promptfoo's unmerged streaming branch's default transformStream: done when {@code message.type} is {@code done}, {@code complete} or
     * {@code finished}, or {@code message.done} is true; the output is {@code message.content} or {@code message.text}.
     * Used when a config says {@code transformStream: default}.
     */
    public static final StreamTransform DEFAULT_TRANSFORM_STREAM = (message, messages, context) -> {
        if (message instanceof Map<?, ?> m) {
            Object type = m.get("type");
            if ("done".equals(type)
                    || "complete".equals(type)
                    || "finished".equals(type)
                    || Boolean.TRUE.equals(m.get("done"))) {
                Object content = m.get("content");
                return StreamDecision.output(Json.truthy(content) ? content : m.get("text"));
            }
        }
        return StreamDecision.MORE;
    };

    /** The accumulator a {@code streamResponse} starts with. */
    public static final Map<String, Object> INITIAL_ACCUMULATOR = StreamResponse.INITIAL_ACCUMULATOR;

    static {
        BuilderAccess.install(new BuilderAccess.Access() {
            @Override
            public void configForErrors(Builder builder, Map<String, Object> config) {
                builder.configForErrors(config);
            }

            @Override
            public void compiledStreamResponse(Builder builder, StreamResponse streamResponse, String file) {
                builder.streamResponse(
                        streamResponse, file == null ? FrameAssembly.Origin.TEXT : FrameAssembly.Origin.FILE, file);
            }
        });
    }

    private final String id;
    private final String label;
    private final String urlTemplate;
    private final String messageTemplate;
    private final Map<String, String> headerTemplates;
    private final List<String> protocols;
    private final Duration timeout;
    private final Optional<Duration> idleTimeout;
    private final Duration connectTimeout;
    private final FrameAssembly frames;
    private final boolean persistent;
    private final boolean waitOnServerClose;
    private final int maxMessageSize;
    private final Map<String, String> env;
    private final TemplateEngine baseEngine;
    private final Map<EngineKey, TemplateEngine> engines = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private WebSocketProvider(Builder b) {
        if (b.messageTemplate == null || b.messageTemplate.isEmpty()) {
            // promptfoo says "Invariant failed: … but got {the whole config}": a user needs the option and the
            // provider named, and no config value (a Groovy transform's code, a header) in the message
            throw ConfigException.forKey(
                    "config.messageTemplate",
                    "the WebSocket provider " + b.describeProvider() + " needs 'messageTemplate', the message it"
                            + " sends for each prompt (for example messageTemplate: '{\"input\": {{ prompt | dump"
                            + " }}}'); its config has " + b.describeKeys());
        }
        if (b.url == null || b.url.isEmpty()) {
            throw new ConfigException("the WebSocket provider needs a url (or a ws:// / wss:// id)");
        }
        this.urlTemplate = rewriteWebsocketScheme(b.url);
        this.id = Redaction.redactUrl(b.id != null ? rewriteWebsocketScheme(b.id) : urlTemplate);
        this.label = b.label;
        this.messageTemplate = b.messageTemplate;
        this.headerTemplates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.protocols = List.copyOf(b.protocols);
        this.timeout = b.timeout;
        this.idleTimeout = Optional.ofNullable(b.idleTimeout);
        this.connectTimeout = b.connectTimeout;
        this.frames = new FrameAssembly(
                b.transformResponse,
                b.streamResponse,
                b.streamResponseOrigin,
                b.streamResponseFile,
                b.transformStream,
                b.legacyStream,
                b.chunkType,
                b.doneType,
                b.deltaField);
        this.persistent = b.persistent;
        this.waitOnServerClose = b.waitOnServerClose;
        this.maxMessageSize = b.maxMessageSize;
        Map<String, String> e = new HashMap<>(System.getenv());
        e.putAll(b.env);
        this.env = Map.copyOf(e);
        this.baseEngine = TemplateEngine.builder().env(env).filters(b.filters).build();
        // parse every template now: a syntax error fails at load, naming the option
        compileAt(baseEngine, urlTemplate, "config.url");
        compileAt(baseEngine, messageTemplate, "config.messageTemplate");
        headerTemplates.forEach((k, v) -> compileAt(baseEngine, v, "config.headers." + k));
    }

    private static void compileAt(TemplateEngine engine, String text, String key) {
        try {
            engine.compile(text);
        } catch (TemplateException e) {
            if (e.problem().startsWith("unknown filter")) {
                return; // a call's own filters (nunjucksFilters) may supply it; checked when the call renders
            }
            throw e.at(null, 0, 0, key);
        }
    }

    /** {@code websocket://} (promptfoo's unmerged streaming branch) means {@code ws://}. */
    static String rewriteWebsocketScheme(String url) {
        return url.regionMatches(true, 0, "websocket://", 0, 12) ? "ws://" + url.substring(12) : url;
    }

    /** {@return a builder; {@code url} and {@code messageTemplate} are required, the rest has defaults} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String label() {
        return label != null ? label : id;
    }

    @Override
    public String toString() {
        return "[WebSocket Provider " + id + "]";
    }

    /**
     * True: conversations may run in parallel on this provider. Each call opens its own connection, and with
     * {@link Builder#persistent(boolean) persistent} each conversation has its own connection, whose calls are
     * serialised; nothing is shared between conversations, so the eval engine need not run them one after another.
     */
    @Override
    public boolean supportsConcurrentConversations() {
        return true;
    }

    /** The call's deadline: {@code timeoutMs} from now, or the caller's deadline when that is sooner. */
    private long deadlineNanos(CallContext context, long startNanos) {
        long deadline = startNanos + timeout.toNanos();
        if (context.deadline().isPresent()) {
            long callerLeft =
                    Duration.between(Instant.now(), context.deadline().get()).toNanos();
            deadline = Math.min(deadline, startNanos + Math.max(0, callerLeft));
        }
        return deadline;
    }

    @Override
    public ProviderResponse call(String prompt, CallContext context) throws ProviderException, InterruptedException {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(context, "context");
        if (closed) {
            throw new ProviderException(ProviderException.Kind.CONFIG, "the provider is closed");
        }
        long start = System.nanoTime();
        long deadline = deadlineNanos(context, start);
        CallRecorder rec = new CallRecorder();
        // the deadline holds whatever a transform does: at the deadline the calling thread is interrupted, which ends
        // a wait, a sleep, or a Groovy loop (transforms are compiled to check for it), and the call times out
        Watchdog.Guard guard = Watchdog.interruptAt(deadline);
        try {
            return call(prompt, context, rec, deadline);
        } catch (ProviderException e) {
            // the frames that did arrive (and the connect time) are what explains a failure: keep them
            throw (guard.fired() ? timedOut(e) : e).withTimings(rec.timings());
        } catch (InterruptedException e) {
            if (guard.fired()) {
                throw timedOut(e).withTimings(rec.timings());
            }
            throw e;
        } catch (RuntimeException e) {
            if (guard.fired()) {
                throw timedOut(e).withTimings(rec.timings());
            }
            throw e;
        } finally {
            guard.close();
        }
    }

    private ProviderResponse call(String prompt, CallContext context, CallRecorder rec, long deadline)
            throws ProviderException, InterruptedException {
        TemplateEngine engine = engineFor(context);
        Map<String, Object> vars = new HashMap<>(context.vars());
        vars.put("prompt", prompt); // the rendered prompt wins over a var of that name, as in promptfoo
        String url;
        String message;
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            url = engine.compile(urlTemplate).render(vars);
            message = engine.compile(messageTemplate).render(vars);
            for (Map.Entry<String, String> h : headerTemplates.entrySet()) {
                headers.put(h.getKey(), engine.compile(h.getValue()).render(vars));
            }
        } catch (TemplateException e) {
            throw new ProviderException(
                    ProviderException.Kind.CONFIG, "Failed to render the WebSocket request: " + e.problem(), e);
        }
        WsConnectOptions options = connectOptions(url, headers);

        Optional<String> conversation = persistent ? context.conversationId() : Optional.empty();
        if (conversation.isPresent()) {
            return callPersistent(conversation.get(), options, message, context, rec, deadline);
        }
        Channel channel = new Channel();
        connect(channel, options, deadline, rec);
        try {
            return exchange(channel, message, context, rec, deadline);
        } finally {
            channel.connection.close();
        }
    }

    private ProviderResponse callPersistent(
            String conversation,
            WsConnectOptions options,
            String message,
            CallContext context,
            CallRecorder rec,
            long deadline)
            throws ProviderException, InterruptedException {
        Channel channel = channels.computeIfAbsent(conversation, k -> new Channel());
        channel.lock.lockInterruptibly();
        try {
            if (channel.connection == null || !channel.connection.isOpen() || !channel.options.equals(options)) {
                if (channel.connection != null) {
                    channel.connection.close();
                }
                connect(channel, options, deadline, rec);
            } else {
                rec.connected(Duration.ZERO);
                channel.events.clear(); // frames left over from an earlier answer do not belong to this call
            }
            boolean ok = false;
            try {
                ProviderResponse r = exchange(channel, message, context, rec, deadline);
                ok = true;
                return r;
            } finally {
                if (!ok) {
                    // after a failure the connection's state is unknown: start afresh next time
                    channel.connection.close();
                    channel.connection = null;
                }
            }
        } finally {
            channel.lock.unlock();
        }
    }

    /**
     * Opens the channel's connection within {@code connectTimeoutMs}, or what is left of the call's deadline when that
     * is less. {@code timeoutMs} is one deadline for the whole call, as in promptfoo: when it is what cut the connect
     * short, the call fails as a request timeout ({@code WebSocket request timed out after <timeoutMs>ms}); only
     * {@code connectTimeoutMs} running out is a (retryable) connect timeout, {@code (TIMEOUT)}.
     */
    private void connect(Channel channel, WsConnectOptions options, long deadline, CallRecorder rec)
            throws ProviderException, InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut(null);
        }
        boolean deadlineBinds = left < connectTimeout.toNanos();
        try {
            channel.connectFresh(options, deadlineBinds ? left : connectTimeout.toNanos(), rec);
        } catch (ProviderException e) {
            if (deadlineBinds
                    && e.kind() == ProviderException.Kind.CONNECTION
                    && e.code().equals(Optional.of("TIMEOUT"))) {
                throw timedOut(e);
            }
            throw e;
        }
    }

    /**
     * Percent-encodes what a WHATWG URL parser would (spaces, braces, quotes, non-ASCII...) so a rendered var such
     * as {@code {{ attacker_controlled }}} travels as literal text, never as extra URL syntax; brackets stay, so a broken IPv6 host fails.
     */
    static String encodeIllegal(String url) {
        StringBuilder sb = null;
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            boolean ok = c < 0x80 && (Character.isLetterOrDigit(c) || "-._~:/?#[]@!$&'()*+,;=%".indexOf(c) >= 0);
            if (!ok && sb == null) {
                sb = new StringBuilder(url.length() + 16).append(url, 0, i);
            }
            if (sb != null) {
                if (ok) {
                    sb.append(c);
                } else {
                    int cp = url.codePointAt(i);
                    if (Character.charCount(cp) == 2) {
                        i++;
                    }
                    for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                        sb.append('%')
                                .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                                .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                    }
                }
            }
        }
        return sb == null ? url : sb.toString();
    }

    /**
     * The options of the last call, by its rendered URL and headers: most providers render the same ones for every
     * call, and parsing the URL was a measurable part of a call's own work.
     */
    private record LastOptions(String url, Map<String, String> headers, WsConnectOptions options) {}

    private volatile LastOptions lastOptions;

    private WsConnectOptions connectOptions(String url, Map<String, String> headers) throws ProviderException {
        LastOptions last = lastOptions;
        if (last != null && last.url().equals(url) && last.headers().equals(headers)) {
            return last.options();
        }
        WsConnectOptions options = parseOptions(url, headers);
        lastOptions = new LastOptions(url, headers, options);
        return options;
    }

    private WsConnectOptions parseOptions(String url, Map<String, String> headers) throws ProviderException {
        URI uri;
        try {
            uri = new URI(encodeIllegal(url.strip()));
        } catch (URISyntaxException e) {
            throw new ProviderException(ProviderException.Kind.CONFIG, "Failed to create WebSocket connection");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("websocket")) {
            throw new ProviderException(
                    ProviderException.Kind.CONFIG,
                    "The URL's protocol must be one of \"ws:\", \"wss:\", \"http:\", or \"https:\"");
        }
        try {
            return WsConnectOptions.builder(uri)
                    .headers(headers)
                    .subprotocols(protocols)
                    .maxMessageSize(maxMessageSize)
                    .connectTimeout(connectTimeout)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderException.Kind.CONFIG, "Failed to create WebSocket connection");
        }
    }

    private TemplateEngine engineFor(CallContext context) {
        if (context.filters().isEmpty() && context.env().isEmpty()) {
            return baseEngine;
        }
        // an eval passes the same maps to every call: found by identity, without hashing the environment per call
        LastEngine last = lastEngine;
        if (last != null && last.filters == context.filters() && last.env == context.env()) {
            return last.engine;
        }
        EngineKey key = new EngineKey(context.filters(), context.env());
        TemplateEngine e = engines.get(key);
        if (e == null) {
            if (engines.size() > 64) {
                engines.clear();
            }
            Map<String, String> merged = new HashMap<>(env);
            merged.putAll(context.env());
            e = engines.computeIfAbsent(key, k -> TemplateEngine.builder()
                    .env(merged)
                    .filters(k.filters())
                    .build());
        }
        lastEngine = new LastEngine(context.filters(), context.env(), e);
        return e;
    }

    private record LastEngine(Map<String, TemplateFilter> filters, Map<String, String> env, TemplateEngine engine) {}

    /** The engine of the last call's maps (see {@link #engineFor}). */
    private volatile LastEngine lastEngine;

    /**
     * Its own equals and hashCode: a record's are linked through {@code invokedynamic} at their first call in each run,
     * which the AOT cache does not keep, and the first calls of an eval all come here at once (4 ms of a 500-case
     * run's CPU, async-profiler).
     */
    private record EngineKey(Map<String, TemplateFilter> filters, Map<String, String> env) {
        @Override
        public boolean equals(Object o) {
            return o instanceof EngineKey k && filters.equals(k.filters) && env.equals(k.env);
        }

        @Override
        public int hashCode() {
            return 31 * filters.hashCode() + env.hashCode();
        }
    }

    // ------------------------------------------------------------------ one exchange

    private ProviderResponse exchange(
            Channel channel, String message, CallContext context, CallRecorder rec, long deadline)
            throws ProviderException, InterruptedException {
        try {
            channel.connection.sendText(message);
        } catch (ProviderException e) {
            // the server closed right after the handshake: report its close code when we have it
            if (e.kind() == ProviderException.Kind.CLOSED
                    && channel.events.poll(1, TimeUnit.SECONDS) instanceof Event.Closed c
                    && !waitOnServerClose) {
                throw closedEarly(c.code(), c.reason());
            }
            throw e;
        }
        rec.sent(message);
        FrameAssembly.Assembler mode = frames.start(context);
        long idleDeadline =
                idleTimeout.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        int index = 0;
        while (true) {
            long now = System.nanoTime();
            long wait = Math.min(deadline, idleDeadline) - now;
            // a frame already queued is taken without a timed wait: each timed wait of a virtual thread is scheduled
            // and cancelled on the JDK's delay scheduler, and a stream's frames mostly come in bursts. Without an
            // idle timeout the wait is not timed at all: the call's watchdog (see call) interrupts it at the deadline
            Event ev = null;
            if (wait > 0) {
                ev = channel.events.poll();
                if (ev == null) {
                    ev = idleDeadline == Long.MAX_VALUE
                            ? channel.events.take()
                            : channel.events.poll(wait, TimeUnit.NANOSECONDS);
                }
            }
            if (ev == null) {
                if (System.nanoTime() >= deadline || idleDeadline >= deadline) {
                    throw timedOut(null);
                }
                throw ProviderException.builder(
                                ProviderException.Kind.TIMEOUT,
                                "WebSocket stream idle for more than "
                                        + idleTimeout.orElseThrow().toMillis() + "ms")
                        .code("IDLE")
                        .transientFailure(true)
                        .build();
            }
            switch (ev) {
                case Event.Data d -> {
                    Duration at = rec.received(d.payload());
                    if (idleTimeout.isPresent()) {
                        idleDeadline = System.nanoTime() + idleTimeout.get().toNanos();
                    }
                    ProviderResponse r = mode.frame(d.payload(), index++, at);
                    if (r != null) {
                        CallTimings t = rec.timings();
                        LOG.log(
                                Level.DEBUG,
                                "{0}: answered in {1} ms, {2} frames",
                                id,
                                t.total().toMillis(),
                                t.framesReceived());
                        return r.withTimings(t);
                    }
                }
                case Event.Closed c -> {
                    if (!waitOnServerClose) {
                        throw closedEarly(c.code(), c.reason());
                    }
                    // promptfoo's behaviour: nothing more will come, wait for the deadline
                    idleDeadline = Long.MAX_VALUE;
                }
                case Event.Failed f -> throw f.error();
            }
        }
    }

    private ProviderException timedOut(Throwable cause) {
        return ProviderException.builder(
                        ProviderException.Kind.TIMEOUT,
                        "WebSocket request timed out after " + timeout.toMillis() + "ms")
                .code("TIMEOUT")
                .cause(cause)
                .build();
    }

    /**
     * The close codes after which the same request may well succeed: 1012 (service restart) and 1013 (try again
     * later). A server that closes mid-answer with 1011 (or drops the connection: 1006) failed this request, and by
     * default the eval does not ask again (its retry policy can, with {@code retry.onCloseCodes}).
     */
    static boolean transientCloseCode(int code) {
        return code == 1012 || code == 1013;
    }

    private static ProviderException closedEarly(int code, String reason) {
        return ProviderException.closed(
                "WebSocket closed before the response was complete (code " + code
                        + (reason.isEmpty() ? "" : ", reason: " + reason) + ")",
                code,
                transientCloseCode(code));
    }

    // ------------------------------------------------------------------ connections

    /** What the listener hands to the calling thread. */
    private sealed interface Event {
        record Data(Object payload) implements Event {}

        record Closed(int code, String reason) implements Event {}

        record Failed(ProviderException error) implements Event {}
    }

    /** A connection and the queue its frames arrive in; for persistent mode, also a lock that serialises calls. */
    private static final class Channel {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final ReentrantLock lock = new ReentrantLock();
        volatile WsConnection connection;
        WsConnectOptions options;
        /**
         * Which of the channel's connections its events come from: a persistent conversation that moves to a new
         * connection (its URL or headers changed, or a turn failed) closes the old one, whose close (or a late frame)
         * may arrive after the new one has started; it must not be read as the new turn's answer.
         */
        private volatile int generation;

        void connectFresh(WsConnectOptions options, long timeoutNanos, CallRecorder rec)
                throws ProviderException, InterruptedException {
            int current = ++generation; // before the clear: what the old connection sends from now on is dropped
            events.clear();
            long timeout = Math.max(1, timeoutNanos);
            // the options carry the provider's connect timeout: built again only when the call's deadline is nearer
            WsConnectOptions o = options.connectTimeout().toNanos() == timeout
                    ? options
                    : WsConnectOptions.builder(options.uri())
                            .headers(options.headers())
                            .subprotocols(options.subprotocols())
                            .maxMessageSize(options.maxMessageSize())
                            .connectTimeout(Duration.ofNanos(timeout))
                            .build();
            this.connection = WsConnection.open(o, new Listener(current));
            this.options = options;
            rec.connected(connection.connectDuration());
        }

        /** The events of one connection, queued while it is the channel's current one. */
        private final class Listener implements WsListener {
            private final int of;

            Listener(int of) {
                this.of = of;
            }

            private void add(Event e) {
                if (of == generation) {
                    events.add(e);
                }
            }

            @Override
            public void onText(String text) {
                add(new Event.Data(text));
            }

            @Override
            public void onBinary(byte[] data) {
                add(new Event.Data(data));
            }

            @Override
            public void onClose(int code, String reason) {
                add(new Event.Closed(code, reason));
            }

            @Override
            public void onError(Throwable error) {
                add(new Event.Failed(
                        error instanceof ProviderException pe
                                ? pe
                                : new ProviderException(ProviderException.Kind.CONNECTION, ConnectErrors.FAILED)));
            }
        }
    }

    /** Closes the persistent connections (one per conversation). Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Channel c : channels.values()) {
            WsConnection conn = c.connection;
            if (conn != null) {
                conn.close();
            }
        }
        channels.clear();
        LOG.log(Level.DEBUG, "WebSocket provider closed");
    }

    // ------------------------------------------------------------------ builder

    /**
     * Configures a {@link WebSocketProvider}. {@link #url} and {@link #messageTemplate} are required; everything else
     * has promptfoo's default.
     */
    public static final class Builder {
        private String id;
        private String label;
        private String url;
        private String messageTemplate;
        private Map<String, String> headers = Map.of();
        private List<String> protocols = List.of();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration idleTimeout;
        private Duration connectTimeout = WsConnectOptions.DEFAULT_CONNECT_TIMEOUT;
        private ResponseTransform transformResponse;
        private StreamResponse streamResponse;
        private FrameAssembly.Origin streamResponseOrigin = FrameAssembly.Origin.FUNCTION;
        private String streamResponseFile;
        private StreamTransform transformStream;
        private boolean legacyStream;
        private String chunkType = "chunk";
        private String doneType = "done";
        private String deltaField = "delta";
        private boolean persistent;
        private boolean waitOnServerClose;
        private int maxMessageSize = WsConnectOptions.DEFAULT_MAX_MESSAGE_SIZE;
        private Map<String, String> env = Map.of();
        private Map<String, TemplateFilter> filters = Map.of();
        private Map<String, Object> configForErrors = Map.of();

        private Builder() {}

        /**
         * The endpoint, a template rendered per call ({@code ws://host/s/{{ sessionId }}}); required.
         *
         * @param url a {@code ws://} or {@code wss://} URL, or a template that renders to one
         * @return this builder
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * The id to report (redacted); defaults to the url template.
         *
         * @param id the id results and reports show
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * The name reports and the viewer show for this provider instead of its id.
         *
         * @param label a short name such as {@code staging bot}
         * @return this builder
         */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /**
         * The message sent once per call, a template over the vars and {@code prompt}; required.
         *
         * @param messageTemplate a Nunjucks template such as {@code {"input": {{ prompt | dump }}}}
         * @return this builder
         */
        public Builder messageTemplate(String messageTemplate) {
            this.messageTemplate = messageTemplate;
            return this;
        }

        /**
         * Handshake headers; values are templates over {@code env} and the vars.
         *
         * @param headers header names to value templates ({@code Authorization: Bearer {{ env.TOKEN }}})
         * @return this builder
         */
        public Builder headers(Map<String, String> headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /**
         * Subprotocols offered in the handshake.
         *
         * @param protocols the {@code Sec-WebSocket-Protocol} values, in order of preference
         * @return this builder
         */
        public Builder protocols(List<String> protocols) {
            this.protocols = Objects.requireNonNull(protocols, "protocols");
            return this;
        }

        /**
         * One deadline for the whole call (connect included); default 300 s. A call still waiting then fails with a
         * {@link ProviderException} of kind {@code TIMEOUT}.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Fail when no frame arrives for this long (after the send, and between frames); default none. Catches a
         * server that stalls mid-answer long before the call's {@link #timeout}.
         *
         * @param idleTimeout positive, or null for none
         * @return this builder
         */
        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
                throw new IllegalArgumentException("idleTimeout must be positive");
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * How long the TCP connect, TLS and HTTP upgrade may take (default 30 s, never more than the call's
         * deadline). Tyrus does not report a server that hangs up during the HTTP upgrade; this is when such a
         * connect fails, as {@code WebSocket connection failed (TIMEOUT)}. (A TLS handshake has its own, shorter
         * bound: {@link WsConnectOptions#tlsHandshakeTimeout()}.)
         *
         * @param connectTimeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Makes the output from the first frame (or from the end of a transformStream / legacy stream).
         *
         * @param transformResponse the transform; default: the frame's value is the output
         * @return this builder
         */
        public Builder transformResponse(ResponseTransform transformResponse) {
            this.transformResponse = transformResponse;
            return this;
        }

        /**
         * Streaming: called for every frame with the accumulator; {@code transformResponse} is then not used.
         *
         * @param streamResponse decides per frame whether the response is complete, and with what
         * @return this builder
         */
        public Builder streamResponse(StreamResponse streamResponse) {
            return streamResponse(streamResponse, FrameAssembly.Origin.FUNCTION, null);
        }

        /**
         * Streaming with a typed Java transform: called for every frame with your accumulator (made fresh for each
         * call by {@code initial}) and the frame, its JSON parsed once; ends when it returns a
         * {@link io.github.wstoolkit.api.transform.StreamOutcome.Done Done}. Replaces any other
         * {@code streamResponse}; {@code transformResponse} is then not used. An
         * {@link io.github.wstoolkit.api.transform.TransformResult.Failure error result} is returned as the
         * response's error; a transform that throws fails the call with a {@link ProviderException} of kind
         * {@code RESPONSE}.
         *
         * @param <A> the accumulator's type
         * @param initial makes the accumulator the first frame of each call receives
         * @param transform decides per frame
         * @return this builder
         */
        public <A> Builder streamResponse(
                java.util.function.Supplier<? extends A> initial,
                io.github.wstoolkit.api.transform.JavaStreamTransform<A> transform) {
            return streamResponse(JavaTransforms.stream(initial, transform), FrameAssembly.Origin.FUNCTION, null);
        }

        /**
         * A typed Java transform that makes the result from the first frame (as {@code transformResponse} does),
         * with the frame's text and JSON at hand and one result type. An
         * {@link io.github.wstoolkit.api.transform.TransformResult.Failure error result} is returned as the
         * response's error; a transform that throws fails the call. Replaces any {@code streamResponse}.
         *
         * @param transform makes the result
         * @return this builder
         */
        public Builder transformFrame(io.github.wstoolkit.api.transform.JavaResponseTransform transform) {
            return streamResponse(JavaTransforms.firstFrame(transform), FrameAssembly.Origin.FUNCTION, null);
        }

        Builder streamResponse(StreamResponse streamResponse, FrameAssembly.Origin origin, String file) {
            this.streamResponse = streamResponse;
            this.streamResponseOrigin = origin;
            this.streamResponseFile = file;
            return this;
        }

        /**
         * promptfoo's unmerged streaming branch's transformStream: decides per frame, from all frames so far, when
         * the answer is done.
         *
         * @param transformStream the transform
         * @return this builder
         */
        public Builder transformStream(StreamTransform transformStream) {
            this.transformStream = transformStream;
            return this;
        }

        /**
         * promptfoo's unmerged streaming branch's legacy streaming ({@code stream: true}): the {@code deltaField} of every {@code chunkType} frame
         * is joined until a {@code doneType} (or {@code complete}) frame.
         *
         * @param chunkType the {@code type} of a frame that carries a piece of the answer ({@code chunk})
         * @param doneType the {@code type} of the frame that ends it ({@code done})
         * @param deltaField the field of a chunk frame that holds its piece ({@code delta})
         * @return this builder
         */
        public Builder legacyStream(String chunkType, String doneType, String deltaField) {
            this.legacyStream = true;
            this.chunkType = Objects.requireNonNull(chunkType, "chunkType");
            this.doneType = Objects.requireNonNull(doneType, "doneType");
            this.deltaField = Objects.requireNonNull(deltaField, "deltaField");
            return this;
        }

        /**
         * One connection per conversation ({@code metadata.conversationId}), reused across calls.
         *
         * @param persistent true to keep connections between calls (closed by {@link WebSocketProvider#close()})
         * @return this builder
         */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /**
         * promptfoo's behaviour on a server close before the answer is complete: wait for the timeout. By default we
         * fail at once with the close code.
         *
         * @param waitOnServerClose true for promptfoo's behaviour
         * @return this builder
         */
        public Builder waitOnServerClose(boolean waitOnServerClose) {
            this.waitOnServerClose = waitOnServerClose;
            return this;
        }

        /**
         * The largest frame accepted, in bytes (default 16 MiB); a larger one closes the connection with
         * {@code 1009} and fails the call.
         *
         * @param maxMessageSize positive
         * @return this builder
         */
        public Builder maxMessageSize(int maxMessageSize) {
            if (maxMessageSize <= 0) {
                throw new IllegalArgumentException("maxMessageSize must be positive");
            }
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        /**
         * Variables templates see as {@code env}, over the process environment.
         *
         * @param env names to values; they win over the process environment's
         * @return this builder
         */
        public Builder env(Map<String, String> env) {
            this.env = Objects.requireNonNull(env, "env");
            return this;
        }

        /**
         * Template filters for every call (a call's own {@code CallContext.filters()} are added to these).
         *
         * @param filters filter names to filters, used as {@code {{ value | name }}}
         * @return this builder
         */
        public Builder filters(Map<String, TemplateFilter> filters) {
            this.filters = Objects.requireNonNull(filters, "filters");
            return this;
        }

        Builder configForErrors(Map<String, Object> config) {
            this.configForErrors = config;
            return this;
        }

        String idOrUrl() {
            return id != null ? id : url != null ? url : "";
        }

        /** {@code 'label' (ws://host/path)} or {@code ws://host/path}, secrets redacted. */
        String describeProvider() {
            String where = Redaction.redactUrl(idOrUrl());
            return label != null && !label.isEmpty() && !label.equals(idOrUrl())
                    ? "'" + label + "' (" + where + ")"
                    : where;
        }

        /** The config's keys, without their values. */
        String describeKeys() {
            return configForErrors.isEmpty() ? "no options" : "only " + String.join(", ", configForErrors.keySet());
        }

        /**
         * Checks the options and makes the provider; it connects on its first call, not here.
         *
         * @return the provider
         * @throws ConfigException without a message template (promptfoo's invariant text) or a url, or when a
         *     template does not parse
         */
        public WebSocketProvider build() {
            return new WebSocketProvider(this);
        }
    }
}

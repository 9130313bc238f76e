package io.github.wstoolkit.realtime;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.internal.transform.Transforms;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.transform.FunctionCallHandler;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.realtime.internal.Audio;
import io.github.wstoolkit.realtime.internal.Endpoint;
import io.github.wstoolkit.realtime.internal.Models;
import io.github.wstoolkit.realtime.internal.Payloads;
import io.github.wstoolkit.realtime.internal.PromptContent;
import io.github.wstoolkit.realtime.internal.Tools;
import io.github.wstoolkit.realtime.internal.Turn;
import io.github.wstoolkit.realtime.internal.Usage;
import io.github.wstoolkit.ws.internal.calls.CallRecorder;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The OpenAI Realtime provider ({@code openai:realtime:<model>}), speaking the GA protocol.
 *
 * <p>Without a conversation (no {@code metadata.conversationId}, or {@code maintainContext: false}) each call opens
 * its own socket, sends {@code session.update}, the user item and {@code response.create}, and closes it at
 * {@code response.done}. With one, the calls of a conversation share its socket and run one at a time (different
 * conversations run in parallel on their own sockets); each turn's user item follows the previous turn's items
 * ({@code previous_item_id}); a conversation's socket is replaced when the URL or the headers change, and at most
 * {@code maxPersistentSockets} stay open. {@link #close()} closes them. Because each conversation has its own
 * socket, the provider {@linkplain #supportsConcurrentConversations() supports concurrent conversations}: the eval
 * engine runs different conversations in parallel (each still in order) instead of one after another.
 *
 * <pre>{@code
 * try (OpenAiRealtimeProvider provider = OpenAiRealtimeProvider.builder()
 *         .model("gpt-realtime")
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .modalities("text")
 *         .tools(List.of(weatherTool))
 *         .functionCallHandler((name, args) -> "{\"temperature\":\"72 F\"}")
 *         .build()) {
 *     ProviderResponse r = provider.call("What's the weather in Paris?", CallContext.EMPTY);
 * }
 * }</pre>
 *
 * <p>Failures follow {@link Provider}'s contract: a failure of the connection or the protocol (a refused handshake, a
 * close before the answer, a timeout, a malformed frame) throws a {@link ProviderException} with its kind, close code
 * and HTTP status, as does a missing API key or tools file; the server's {@code error} event and an empty answer are
 * application-level errors and resolve, as in promptfoo, into a response whose {@link ProviderResponse#error()}
 * reads {@code WebSocket error: Error: <message>} (or {@code OpenAI Realtime returned an empty response. …}).
 */
public final class OpenAiRealtimeProvider implements Provider {

    /** The id prefix. */
    public static final String ID_PREFIX = "openai:realtime:";

    /** Default {@code websocketTimeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(30_000);

    /** Default {@code maxPersistentSockets}: conversations whose sockets stay open at once. */
    public static final int DEFAULT_MAX_PERSISTENT_SOCKETS = 16;

    /** Default {@code maxToolIterations}. */
    public static final int DEFAULT_MAX_TOOL_ITERATIONS = 8;

    private static final System.Logger LOG = System.getLogger(OpenAiRealtimeProvider.class.getName());

    private final String id;
    private final String label;
    private final String model;
    private final Map<String, Object> config;
    private final Map<String, String> env;
    private final Path baseDir;
    private final Optional<FunctionCallHandler> handler;
    private final Duration timeout;
    private final Duration toolCallTimeout;
    private final int maxToolIterations;
    private final boolean maintainContext;
    private final Optional<Path> audioOutputDir;
    private final Optional<String> inputAudioVar;
    private final Duration connectTimeout;

    private final int maxPersistentSockets;
    private final Object socketLock = new Object();
    // conversationId -> its turn lock and socket, least recently used first; guarded by socketLock
    private final Map<String, Conversation> conversations = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed; // guarded by socketLock

    /** One conversation: its turns run one at a time on its socket. */
    private static final class Conversation {
        final ReentrantLock turns = new ReentrantLock(true);
        Persistent socket; // written under turns and socketLock; read under either
    }

    /** The shared socket of persistent mode and what it was opened for. */
    private static final class Persistent {
        final RealtimeSession session;
        final URI uri;
        final Map<String, String> headerKey;
        final AtomicReference<CallRecorder> recorder;
        Optional<String> previousItemId = Optional.empty();
        List<String> assistantItemIds = List.of();
        int turns;

        Persistent(
                RealtimeSession session,
                URI uri,
                Map<String, String> headerKey,
                AtomicReference<CallRecorder> recorder) {
            this.session = session;
            this.uri = uri;
            this.headerKey = headerKey;
            this.recorder = recorder;
        }
    }

    private OpenAiRealtimeProvider(Builder b) {
        this.model = b.model;
        this.id = b.id != null ? b.id : ID_PREFIX + model;
        this.label = b.label != null ? b.label : id;
        this.env = b.env;
        this.baseDir = b.baseDir;
        Map<String, Object> c = new LinkedHashMap<>(b.config);
        this.config = java.util.Collections.unmodifiableMap(c);

        String apiBase = Endpoint.apiBaseUrl(config, env);
        try {
            URI uri = Endpoint.realtimeUri(apiBase, model);
            Models.validate(model, uri.getHost().equalsIgnoreCase("api.openai.com"));
        } catch (IllegalArgumentException e) {
            throw ConfigException.forKey("apiBaseUrl", e.getMessage(), e);
        }
        this.timeout =
                millis(config.get("websocketTimeout"), "websocketTimeout").orElse(DEFAULT_TIMEOUT);
        this.toolCallTimeout =
                millis(config.get("toolCallTimeout"), "toolCallTimeout").orElse(timeout);
        this.maxToolIterations = maxToolIterations(config.get("maxToolIterations"));
        Object mc = config.get("maintainContext");
        if (mc != null && !(mc instanceof Boolean)) {
            throw ConfigException.forKey("maintainContext", "must be true or false, got " + mc);
        }
        this.maintainContext = mc == null || (Boolean) mc;
        this.connectTimeout = b.connectTimeout;
        Object max = config.get("maxPersistentSockets");
        if (max != null && !(max instanceof Number n && n.intValue() >= 1)) {
            throw ConfigException.forKey("maxPersistentSockets", "must be a number of sockets, 1 or more, got " + max);
        }
        this.maxPersistentSockets = max == null ? DEFAULT_MAX_PERSISTENT_SOCKETS : ((Number) max).intValue();
        Object dir = config.get("audioOutputDir");
        this.audioOutputDir = dir == null ? Optional.empty() : Optional.of(baseDir.resolve(String.valueOf(dir)));
        Object var = config.get("inputAudioVar");
        this.inputAudioVar = var == null ? Optional.empty() : Optional.of(String.valueOf(var));
        // formats are checked now, so a typo fails before any call
        Payloads.audioFormat(config.get("input_audio_format"));
        Payloads.audioFormat(config.get("output_audio_format"));
        Object modalities = config.get("modalities");
        if (modalities != null && !(modalities instanceof List<?>)) {
            throw ConfigException.forKey("modalities", "must be a list such as [text] or [text, audio]");
        }
        Object tools = config.get("tools");
        if (tools != null && !(tools instanceof List<?>) && !(tools instanceof String)) {
            throw ConfigException.forKey("tools", "must be a list of tools or a file:// reference");
        }
        this.handler =
                b.handler != null ? Optional.of(b.handler) : compileHandler(config.get("functionCallHandler"), b);
    }

    private Optional<FunctionCallHandler> compileHandler(Object value, Builder b) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof FunctionCallHandler h) {
            return Optional.of(h);
        }
        if (!(value instanceof String text)) {
            throw ConfigException.forKey(
                    "functionCallHandler", "must be a Groovy closure or a file://handler.groovy:name reference");
        }
        TransformSource source =
                new TransformSource(b.optionPrefix + "functionCallHandler", text, baseDir, b.configFile, 0);
        TransformCompiler compiler = b.compiler != null ? b.compiler : Transforms.requireCompiler(source);
        return Optional.of(compiler.functionCallHandler(source));
    }

    private static Optional<Duration> millis(Object value, String key) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue())) {
            return Optional.of(Duration.ofMillis(Math.max(1, (long) n.doubleValue())));
        }
        throw ConfigException.forKey(key, "must be a positive number of milliseconds, got " + value);
    }

    private static int maxToolIterations(Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            long v = (long) Math.floor(n.doubleValue());
            if (v >= 1 && v <= 64) {
                return (int) v;
            }
        }
        if (value != null) {
            LOG.log(
                    Level.WARNING,
                    "maxToolIterations must be 1..64, got {0}; using {1}",
                    value,
                    DEFAULT_MAX_TOOL_ITERATIONS);
        }
        return DEFAULT_MAX_TOOL_ITERATIONS;
    }

    /**
     * The model an id names ({@code openai:realtime:<model>} or {@code openai:<realtime model>}).
     *
     * @param id a provider id
     * @return the model's name; empty when the id names none ({@code openai:realtime})
     */
    public static String modelOf(String id) {
        if (id.startsWith(ID_PREFIX)) {
            return id.substring(ID_PREFIX.length());
        }
        if (id.equals("openai:realtime")) {
            return "";
        }
        return id.startsWith("openai:") ? id.substring("openai:".length()) : "";
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String label() {
        return label;
    }

    /**
     * True: every conversation keeps its own persistent socket (up to {@code maxPersistentSockets}; beyond that the
     * least recently used idle one closes and its conversation later starts afresh), and a conversation's turns run
     * one at a time on it, so calls of different conversations may run at the same time without mixing contexts.
     */
    @Override
    public boolean supportsConcurrentConversations() {
        return true;
    }

    /** {@return the model sessions are opened for} */
    public String model() {
        return model;
    }

    /** {@return the options as given (plain values), by their config names} */
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public ProviderResponse call(String prompt, CallContext context) throws ProviderException, InterruptedException {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(context, "context");
        CallRecorder recorder = new CallRecorder();
        Map<String, Object> promptConfig = promptConfig(context);
        Endpoint endpoint;
        try {
            endpoint = Endpoint.resolve(config, promptConfig, env, model);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderException.Kind.CONFIG, "apiBaseUrl: " + e.getMessage(), e);
        }
        Optional<FunctionCallHandler> callHandler =
                promptConfig.get("functionCallHandler") instanceof FunctionCallHandler h ? Optional.of(h) : handler;
        List<Object> tools;
        List<Map<String, Object>> content;
        try {
            tools = Tools.load(config.get("tools"), baseDir);
            content = content(prompt, context);
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(ProviderException.Kind.CONFIG, String.valueOf(e.getMessage()), e);
        }
        Turn.Setup setup = new Turn.Setup(
                false,
                Payloads.session(model, config, tools),
                Payloads.response(config, tools),
                content,
                Optional.empty(),
                callHandler,
                timeout,
                toolCallTimeout,
                maxToolIterations,
                context.deadline(),
                endpoint.secrets());
        Optional<String> conversationId = context.conversationId();
        if (maintainContext && conversationId.isPresent()) {
            return persistentTurn(conversationId.get(), endpoint, setup, recorder);
        }
        return directTurn(endpoint, setup, recorder);
    }

    private List<Map<String, Object>> content(String prompt, CallContext context) throws IOException {
        String inputFormat = Payloads.inputFormatName(config);
        List<Map<String, Object>> content =
                PromptContent.resolveAudioFiles(PromptContent.of(prompt), baseDir, inputFormat);
        if (inputAudioVar.isPresent()
                && context.vars().get(inputAudioVar.get()) instanceof String file
                && !file.isBlank()) {
            List<Map<String, Object>> withAudio = new ArrayList<>();
            for (Map<String, Object> part : content) {
                // a prompt that is only the audio file's name adds no text
                if (!("input_text".equals(part.get("type"))
                        && String.valueOf(part.get("text")).isBlank())) {
                    withAudio.add(part);
                }
            }
            withAudio.add(PromptContent.inputAudio(
                    PromptContent.readAudioFile(PromptContent.audioFile(file, baseDir), inputFormat)));
            content = withAudio;
        }
        return content;
    }

    private static Map<String, Object> promptConfig(CallContext context) {
        if (context.prompt().get("config") instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        return Map.of();
    }

    private RealtimeOptions options(Endpoint endpoint, AtomicReference<CallRecorder> recorder) {
        RealtimeOptions.Builder b = RealtimeOptions.builder()
                .uri(endpoint.uri())
                .connectTimeout(connectTimeout)
                .frameObserver((direction, text, size) -> {
                    CallRecorder r = recorder.get();
                    if (r != null) {
                        r.frame(direction, text, size);
                    }
                });
        endpoint.headers().forEach(b::header);
        return b.build();
    }

    private ProviderResponse directTurn(Endpoint endpoint, Turn.Setup setup, CallRecorder recorder)
            throws ProviderException, InterruptedException {
        RealtimeSession session;
        try {
            session = RealtimeSession.open(options(endpoint, new AtomicReference<>(recorder)));
        } catch (ProviderException e) {
            throw e.withTimings(recorder.timings());
        }
        recorder.connected(session.connectDuration());
        // the handshake has its own limit (connectTimeout); websocketTimeout runs from the open socket
        Turn turn = new Turn(session, setup, recorder, System.nanoTime());
        try {
            turn.run();
            return result(turn, recorder);
        } catch (Turn.Failure f) {
            return failedTurn(f, turn, recorder);
        } finally {
            session.close();
        }
    }

    private ProviderResponse persistentTurn(
            String conversationId, Endpoint endpoint, Turn.Setup setup, CallRecorder recorder)
            throws ProviderException, InterruptedException {
        Conversation conversation;
        synchronized (socketLock) {
            conversation = conversations.computeIfAbsent(conversationId, k -> new Conversation());
        }
        conversation.turns.lockInterruptibly();
        try {
            return persistentTurnLocked(conversation, endpoint, setup, recorder, true);
        } finally {
            conversation.turns.unlock();
            closeIdleSocketsBeyondLimit();
        }
    }

    private ProviderResponse persistentTurnLocked(
            Conversation conversation, Endpoint endpoint, Turn.Setup setup, CallRecorder recorder, boolean mayRetry)
            throws ProviderException, InterruptedException {
        Persistent p;
        try {
            p = socketFor(conversation, endpoint, recorder);
        } catch (ProviderException e) {
            // promptfoo's words, the connect failure's data (kind, code, status, whether it is worth retrying)
            ProviderException.Builder b = ProviderException.builder(
                            e.kind(),
                            "Persistent WebSocket closed before OPEN (code="
                                    + e.closeCode().orElse(1006) + ", reason=" + connectFailure(e) + ")")
                    .cause(e)
                    .transientFailure(e.isTransient());
            e.code().ifPresent(b::code);
            e.httpStatus().ifPresent(b::httpStatus);
            e.closeCode().ifPresent(b::closeCode);
            e.retryAfter().ifPresent(b::retryAfter);
            throw b.build().withTimings(recorder.timings());
        }
        p.recorder.set(recorder);
        boolean reused = p.turns++ > 0;
        Turn.Setup withPrevious = new Turn.Setup(
                true,
                setup.session(),
                setup.response(),
                setup.content(),
                p.previousItemId,
                setup.handler(),
                setup.timeout(),
                setup.toolCallTimeout(),
                setup.maxToolIterations(),
                setup.deadline(),
                setup.secrets());
        Turn turn = new Turn(p.session, withPrevious, recorder, System.nanoTime());
        try {
            turn.run();
            p.previousItemId = turn.previousItemId();
            List<String> ids = new ArrayList<>(p.assistantItemIds);
            turn.assistantItemIds().forEach(ids::add);
            p.assistantItemIds = List.copyOf(ids);
            return result(turn, recorder);
        } catch (Turn.Failure f) {
            if (f.teardown()) {
                tearDown(conversation, p);
            } else {
                p.previousItemId = turn.previousItemId();
            }
            if (f.closedWhileIdle() && mayRetry && reused) {
                // the server closed the idle socket while we were not looking: a fresh socket, once
                LOG.log(Level.DEBUG, "the persistent Realtime socket closed while idle; reconnecting");
                return persistentTurnLocked(conversation, endpoint, setup, recorder, false);
            }
            return failedTurn(f, turn, recorder);
        } catch (InterruptedException | RuntimeException e) {
            // the turn stopped half-way: its socket holds a response nobody will read
            tearDown(conversation, p);
            throw e;
        } finally {
            p.recorder.set(null);
        }
    }

    /** The conversation's socket when it is open and was opened for this URL and these headers, else a new one. */
    private Persistent socketFor(Conversation conversation, Endpoint endpoint, CallRecorder recorder)
            throws ProviderException, InterruptedException {
        Persistent current;
        synchronized (socketLock) {
            if (closed) {
                throw new ProviderException(ProviderException.Kind.CLOSED, "the provider is closed");
            }
            current = conversation.socket;
        }
        if (current != null) {
            boolean fits = current.session.isOpen()
                    && current.uri.equals(endpoint.uri())
                    && current.headerKey.equals(endpoint.headerKey());
            if (fits && drainIdleEvents(current)) {
                return current;
            }
            LOG.log(
                    Level.DEBUG,
                    "replacing the persistent Realtime socket of a conversation (still open: {0})",
                    current.session.isOpen());
            tearDown(conversation, current);
        }
        AtomicReference<CallRecorder> tap = new AtomicReference<>(recorder);
        RealtimeSession session = RealtimeSession.open(options(endpoint, tap));
        recorder.connected(session.connectDuration());
        Persistent fresh = new Persistent(session, endpoint.uri(), endpoint.headerKey(), tap);
        synchronized (socketLock) {
            if (closed) {
                session.close();
                throw new ProviderException(ProviderException.Kind.CLOSED, "the provider is closed");
            }
            conversation.socket = fresh;
        }
        return fresh;
    }

    /** Closes the least recently used idle sockets while more than {@code maxPersistentSockets} are open. */
    private void closeIdleSocketsBeyondLimit() {
        List<Persistent> toClose = new ArrayList<>();
        synchronized (socketLock) {
            long open = conversations.values().stream()
                    .filter(c -> c.socket != null)
                    .count();
            for (Conversation c : conversations.values()) {
                if (open <= maxPersistentSockets) {
                    break;
                }
                if (c.socket != null && c.turns.tryLock()) {
                    try {
                        toClose.add(c.socket);
                        c.socket = null;
                        open--;
                    } finally {
                        c.turns.unlock();
                    }
                }
            }
        }
        if (!toClose.isEmpty()) {
            LOG.log(
                    Level.DEBUG,
                    "closing {0} idle persistent Realtime socket(s) beyond maxPersistentSockets",
                    toClose.size());
        }
        toClose.forEach(p -> p.session.close());
    }

    /** Drops events that arrived between turns; false when the socket closed or failed meanwhile. */
    private static boolean drainIdleEvents(Persistent p) throws InterruptedException {
        try {
            while (p.session.next(Duration.ZERO).isPresent()) {
                // late events of the previous turn
            }
            return true;
        } catch (ProviderException e) {
            return e.kind() == ProviderException.Kind.RESPONSE; // a bad frame alone does not end the socket
        }
    }

    private void tearDown(Conversation conversation, Persistent p) {
        synchronized (socketLock) {
            if (conversation.socket == p) {
                conversation.socket = null;
            }
        }
        p.session.close();
    }

    /** The connect failure's (secret-safe) message, with the handshake's HTTP status when it does not name it. */
    private static String connectFailure(ProviderException e) {
        String message = String.valueOf(e.getMessage());
        if (e.httpStatus().isPresent()
                && !message.contains(String.valueOf(e.httpStatus().getAsInt()))) {
            message += " (HTTP " + e.httpStatus().getAsInt() + ")";
        }
        return message;
    }

    private ProviderResponse result(Turn turn, CallRecorder recorder) {
        String text = turn.text();
        byte[] audio = turn.audio();
        List<String> results = turn.functionCallResults();
        Map<String, Object> metadata = metadata(turn);
        Optional<TokenUsage> usage =
                turn.usageEvents().isEmpty() ? Optional.empty() : Optional.of(Usage.sum(turn.usageEvents()));
        if (audio.length > 0) {
            metadata.put("audio", audioMetadata(audio, text, turn.responseId().orElse(null)));
        }
        CallTimings timings = recorder.timings();
        if (text.isEmpty() && audio.length == 0 && results.isEmpty()) {
            List<String> attempted = turn.attemptedFunctionCalls();
            String hint;
            if (!attempted.isEmpty()) {
                metadata.put("attemptedFunctionCalls", attempted);
                hint = "A function_call was emitted by the model but no functionCallHandler was configured to respond."
                        + " Attempted: " + String.join(", ", attempted) + ".";
            } else {
                hint = "No text, audio, or function-call output was returned. This often indicates a wire-shape"
                        + " mismatch with the Realtime API.";
            }
            return new ProviderResponse(
                    null, Optional.of("OpenAI Realtime returned an empty response. " + hint), metadata, usage, timings);
        }
        String output = text.isEmpty() && audio.length > 0 ? "[Audio response received]" : text;
        if (!results.isEmpty()) {
            output += "\n\n[Function calls were made during processing]";
        }
        return new ProviderResponse(output, Optional.empty(), metadata, usage, timings);
    }

    private static Map<String, Object> metadata(Turn turn) {
        Map<String, Object> m = new LinkedHashMap<>();
        turn.responseId().ifPresent(id -> m.put("responseId", id));
        turn.messageId().ifPresent(id -> m.put("messageId", id));
        List<Map<String, Object>> usages = turn.usageEvents();
        if (!usages.isEmpty()) {
            m.put("usage", usages.get(usages.size() - 1));
        }
        m.put("usageEvents", usages);
        m.put("functionCallOccurred", turn.functionCallOccurred());
        m.put("functionCallResults", turn.functionCallResults());
        return m;
    }

    private Map<String, Object> audioMetadata(byte[] audio, String transcript, String responseId) {
        String format = Payloads.outputFormatName(config);
        boolean pcm = format.equals("pcm16");
        byte[] data = pcm ? Audio.wav(audio, Audio.PCM_RATE) : audio;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", Base64.getEncoder().encodeToString(data));
        m.put("format", pcm ? "wav" : format);
        m.put("transcript", transcript);
        if (audioOutputDir.isPresent()) {
            String name =
                    "realtime-" + (responseId == null ? "response" : responseId).replaceAll("[^A-Za-z0-9._-]", "_")
                            + (pcm ? ".wav" : "." + format);
            Path file = audioOutputDir.get().resolve(name);
            try {
                Files.createDirectories(audioOutputDir.get());
                Files.write(file, data);
                m.put("path", file.toAbsolutePath().toString());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not write the response audio to {0}: {1}", file, e.getMessage());
                m.put("writeError", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return m;
    }

    /** An application-level failure resolves as an error response; any other is thrown with its data. */
    private ProviderResponse failedTurn(Turn.Failure f, Turn turn, CallRecorder recorder) throws ProviderException {
        if (f.application()) {
            return failed(f.getMessage(), turn, recorder);
        }
        throw f.toProviderException().withTimings(recorder.timings());
    }

    private ProviderResponse failed(String message, Turn turn, CallRecorder recorder) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (turn != null) {
            turn.responseId().ifPresent(id -> metadata.put("responseId", id));
            if (turn.functionCallOccurred() || !turn.functionCallResults().isEmpty()) {
                metadata.put("functionCallOccurred", turn.functionCallOccurred());
                metadata.put("functionCallResults", turn.functionCallResults());
            }
        }
        return new ProviderResponse(
                null,
                Optional.of("WebSocket error: Error: " + message),
                metadata,
                Optional.empty(),
                recorder.timings());
    }

    /** Closes every persistent socket. Idempotent; persistent calls after this one fail. */
    @Override
    public void close() {
        List<Persistent> open = new ArrayList<>();
        synchronized (socketLock) {
            closed = true;
            for (Conversation c : conversations.values()) {
                if (c.socket != null) {
                    open.add(c.socket);
                    c.socket = null;
                }
            }
        }
        open.forEach(p -> p.session.close());
    }

    /** {@return how many persistent sockets are open (for tests and the shell)} */
    public int openSockets() {
        synchronized (socketLock) {
            return (int) conversations.values().stream()
                    .filter(c -> c.socket != null && c.socket.session.isOpen())
                    .count();
        }
    }

    /** {@return true while a persistent socket is open} */
    public boolean hasOpenSocket() {
        return openSockets() > 0;
    }

    /** {@return a builder; every option has a default, the API key is read from the environment when not given} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link OpenAiRealtimeProvider}. Typed setters cover the common options; {@link #option} sets any
     * option by its config name ({@code input_audio_transcription}, {@code turn_detection}, {@code reasoning}, ...).
     */
    public static final class Builder {
        private String model = Models.DEFAULT_MODEL;
        private String id;
        private String label;
        private final Map<String, Object> config = new LinkedHashMap<>();
        private Map<String, String> env = System.getenv();
        private Path baseDir = Path.of("").toAbsolutePath();
        private FunctionCallHandler handler;
        private Duration connectTimeout = RealtimeOptions.DEFAULT_CONNECT_TIMEOUT;
        private String optionPrefix = "";
        private Optional<Path> configFile = Optional.empty();
        private TransformCompiler compiler;

        private Builder() {}

        /**
         * The model sessions are opened for; {@code gpt-realtime-1.5} by default. A model that cannot hold a
         * conversation (a transcription model) is refused by {@link #build()} unless {@code apiBaseUrl} points elsewhere.
         *
         * @param model a Realtime model's name, such as {@code gpt-realtime}
         * @return this builder
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * The id reported by {@link #id()} ({@code openai:realtime:<model>} by default).
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
         * @param label a short name such as {@code voice bot}
         * @return this builder
         */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /**
         * All options at once, as a config gives them (replaces earlier ones of the same name).
         *
         * @param options option names (as in docs/openai-realtime.md) to plain values
         * @return this builder
         */
        public Builder config(Map<String, Object> options) {
            config.putAll(options);
            return this;
        }

        /**
         * One option by its config name; {@code null} sets it to JSON null (for {@code turn_detection}).
         *
         * @param name the option's config name, such as {@code input_audio_transcription}
         * @param value a plain value (String, Number, Boolean, List, Map) or null
         * @return this builder
         */
        public Builder option(String name, Object value) {
            config.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * The API key, sent as {@code Authorization: Bearer KEY}; by default read from {@code OPENAI_API_KEY} (or the
         * {@link #apiKeyEnvar} variable). Never appears in ids, messages or results.
         *
         * @param apiKey the key
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            return option("apiKey", apiKey);
        }

        /**
         * The environment variable the API key is read from, instead of {@code OPENAI_API_KEY}.
         *
         * @param name the variable's name
         * @return this builder
         */
        public Builder apiKeyEnvar(String name) {
            return option("apiKeyEnvar", name);
        }

        /**
         * Where the API is: {@code https://api.openai.com/v1} by default; a gateway's or the mock server's URL for
         * tests. {@code https} becomes {@code wss} and {@code /realtime?model=<model>} is added.
         *
         * @param apiBaseUrl an {@code https://} or {@code http://} base URL; {@code {{ env.NAME }}} is resolved
         * @return this builder
         */
        public Builder apiBaseUrl(String apiBaseUrl) {
            return option("apiBaseUrl", apiBaseUrl);
        }

        /**
         * Extra handshake headers; they replace the provider's own of the same name (case-insensitively).
         *
         * @param headers header names to values
         * @return this builder
         */
        public Builder headers(Map<String, String> headers) {
            return option("headers", Map.copyOf(headers));
        }

        /**
         * The system instructions of the session ({@code You are a helpful assistant.} by default).
         *
         * @param instructions the text
         * @return this builder
         */
        public Builder instructions(String instructions) {
            return option("instructions", instructions);
        }

        /**
         * What the model answers with: with {@code audio} in the list it answers in audio (with a transcript as the
         * output), else in text. {@code [text, audio]} by default.
         *
         * @param modalities {@code text}, {@code audio}
         * @return this builder
         */
        public Builder modalities(String... modalities) {
            return option("modalities", List.of(modalities));
        }

        /**
         * The voice of audio answers ({@code alloy} by default).
         *
         * @param voice alloy, ash, ballad, coral, echo, sage, shimmer, verse, cedar or marin
         * @return this builder
         */
        public Builder voice(String voice) {
            return option("voice", voice);
        }

        /**
         * The format of the audio the model sends back: {@code pcm16} (the default), {@code g711_ulaw} or
         * {@code g711_alaw}.
         *
         * @param format the format's name; any other is a config error at {@link #build()}
         * @return this builder
         */
        public Builder outputAudioFormat(String format) {
            return option("output_audio_format", format);
        }

        /**
         * The format of audio sent as the user's turn: {@code pcm16} (the default), {@code g711_ulaw} or
         * {@code g711_alaw}.
         *
         * @param format the format's name; any other is a config error at {@link #build()}
         * @return this builder
         */
        public Builder inputAudioFormat(String format) {
            return option("input_audio_format", format);
        }

        /**
         * Tools as plain values (chat-style ones are flattened), or a {@code file://} reference.
         *
         * @param tools a List of tool definitions, or a {@code file://tools.json} (or {@code .yaml}) String
         * @return this builder
         */
        public Builder tools(Object tools) {
            return option("tools", tools);
        }

        /**
         * Which tool the model may call: {@code auto} (the default when there are tools), {@code none},
         * {@code required}, or one function ({@code {type: function, function: {name}}} is flattened).
         *
         * @param toolChoice a String or a Map, as in a config
         * @return this builder
         */
        public Builder toolChoice(Object toolChoice) {
            return option("tool_choice", toolChoice);
        }

        /**
         * Answers the model's function calls; without one, a call that ends in a function call resolves with
         * an error. A prompt's own {@code config.functionCallHandler} wins over this one.
         *
         * @param handler runs the function and returns its output as text
         * @return this builder
         */
        public Builder functionCallHandler(FunctionCallHandler handler) {
            this.handler = handler;
            return this;
        }

        /**
         * The deadline of one call, from connect to the last event (30 s by default); paused while a
         * function call handler runs.
         *
         * @param timeout the deadline, sent as milliseconds
         * @return this builder
         */
        public Builder websocketTimeout(Duration timeout) {
            return option("websocketTimeout", timeout.toMillis());
        }

        /**
         * How long one function call handler may take before it is abandoned (interrupted) and the model is
         * told it failed; {@code websocketTimeout} by default.
         *
         * @param timeout the limit, sent as milliseconds
         * @return this builder
         */
        public Builder toolCallTimeout(Duration timeout) {
            return option("toolCallTimeout", timeout.toMillis());
        }

        /**
         * How many rounds of function calls one turn may take (8 by default); a model that goes on calling
         * after that resolves the call with an error (the tool results so far are kept in the metadata).
         *
         * @param n 1 to 64; other values fall back to 8 with a warning
         * @return this builder
         */
        public Builder maxToolIterations(int n) {
            return option("maxToolIterations", n);
        }

        /**
         * How many conversations keep their sockets open at once (16); the least recently used idle one closes.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxPersistentSockets(int n) {
            return option("maxPersistentSockets", n);
        }

        /**
         * Whether calls of one conversation ({@code metadata.conversationId}) share a socket, so the model
         * remembers the earlier turns (true by default); false opens a socket per call.
         *
         * @param maintainContext true for a persistent socket per conversation
         * @return this builder
         */
        public Builder maintainContext(boolean maintainContext) {
            return option("maintainContext", maintainContext);
        }

        /**
         * A folder the response audio is also written to, besides the response's {@code metadata.audio}.
         *
         * @param dir the folder; relative to {@link #baseDir} when relative
         * @return this builder
         */
        public Builder audioOutputDir(Path dir) {
            return option("audioOutputDir", dir.toString());
        }

        /**
         * The environment keys and base URLs are read from (the process environment by default).
         *
         * @param env names to values, used instead of the process environment
         * @return this builder
         */
        public Builder env(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        /**
         * The folder {@code file://} references and audio files are resolved against.
         *
         * @param baseDir a folder; the working directory by default
         * @return this builder
         */
        public Builder baseDir(Path baseDir) {
            this.baseDir = baseDir.toAbsolutePath();
            return this;
        }

        /**
         * How long the TCP connect, TLS and WebSocket handshake may take before the call fails (10 s by default).
         *
         * @param connectTimeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * The compiler for a {@code functionCallHandler} given as text in {@link #config} or {@link #option} (a Groovy
         * closure or a {@code file://handler.groovy:name} reference). Without one, the {@link TransformCompiler} on
         * the module path (toolkit-groovy's) compiles it. Not needed for a handler passed as a Java lambda.
         *
         * @param compiler the compiler to use instead of the one on the module path
         * @return this builder
         */
        public Builder transformCompiler(TransformCompiler compiler) {
            this.compiler = Objects.requireNonNull(compiler, "compiler");
            return this;
        }

        /**
         * Where option values came from, for error messages ({@code providers[0].config.}, the config file): the
         * config loader's concern, not a Java caller's.
         *
         * @return this builder
         */
        Builder origin(String optionPrefix, Path configFile) {
            this.optionPrefix = optionPrefix == null ? "" : optionPrefix;
            this.configFile = Optional.ofNullable(configFile);
            return this;
        }

        /**
         * Checks the options and makes the provider; it connects on its first call, not here.
         *
         * @return the provider; close it to close its persistent sockets
         * @throws ConfigException when an option cannot be used
         */
        public OpenAiRealtimeProvider build() {
            return new OpenAiRealtimeProvider(this);
        }
    }
}

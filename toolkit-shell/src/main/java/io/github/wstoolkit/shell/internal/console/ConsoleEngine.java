package io.github.wstoolkit.shell.internal.console;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ConversationTurn;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.internal.transform.Transforms;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.template.TemplateEngine;
import io.github.wstoolkit.api.template.TemplateException;
import io.github.wstoolkit.api.transform.StreamDecision;
import io.github.wstoolkit.api.transform.StreamEvent;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.api.transform.StreamTransform;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.eval.Eval;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalListener;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.ProviderEntry;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.groovy.GroovyConsole;
import io.github.wstoolkit.groovy.GroovyConsoleException;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.shell.internal.ResultTable;
import io.github.wstoolkit.shell.internal.console.Styled.Style;
import io.github.wstoolkit.ws.WebSocketProvider;
import io.github.wstoolkit.ws.WsConnectOptions;
import io.github.wstoolkit.ws.WsConnection;
import io.github.wstoolkit.ws.WsListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The interactive WebSocket console with no terminal in it: it holds the state (the connection, {@code /set}
 * variables, template, transform, the Groovy binding, the last exchange, the config's providers) and runs one input
 * at a time with {@link #execute}, reporting what happens as {@link ConsoleEvent}s to a {@link ConsoleListener}.
 * Frames that arrive are reported as they come, from the connection's own thread, so a face can print them above
 * the line being typed.
 *
 * <p>Input: a line starting with {@code /} is a command ({@code /help} lists them; an unambiguous prefix works);
 * {@code //} at the start sends a literal {@code /}; {@code =} evaluates Groovy; any other line is sent as a text
 * frame (through the {@code /template} when one is set).
 *
 * <p>In scripted mode ({@link Builder#scripted}), every send waits for its reply to finish (the transform says
 * done, the server closes, or {@link Builder#quiet} of silence), and output is plain: one frame per line.
 *
 * <p>Threads: {@link #execute} runs on the caller's thread, one input at a time; {@link #cancel()} may be called
 * from any thread (a Ctrl-C handler) and interrupts the input running. Secrets never reach an event: URLs are
 * redacted, header values are never shown, connection errors are the provider's secret-safe ones.
 */
public final class ConsoleEngine implements AutoCloseable {

    /** How JSON frames print. */
    public enum JsonMode {
        /** coloured; one line when it fits, indented when not */
        ON,
        /** coloured and always indented */
        INDENT,
        /** as received */
        OFF
    }

    /** The Groovy names the engine binds before each {@code =} line. */
    static final List<String> BOUND = List.of("last", "frames", "vars", "ws", "output", "response", "env", "JSON");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][\\w$]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
    private static final int BINARY_PREVIEW = 256;
    /** The longest frame text shown at a terminal, in characters. */
    private static final int DISPLAY_LIMIT = 64 * 1024;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    // ------------------------------------------------------------------ configuration

    private final Path workingDir;
    private final Optional<EvalConfig> config;
    private final ConsoleListener listener;
    private final boolean scripted;
    private final Duration quiet;
    private final Duration connectTimeout;
    private final IntSupplier width;
    private final Supplier<List<String>> inputHistory;
    private final List<AutoCloseable> resources;

    // ------------------------------------------------------------------ state

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Object emitLock = new Object();
    private final Map<String, Object> vars = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> typed = new CopyOnWriteArrayList<>();
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();
    private final Map<String, List<ConversationTurn>> turns = new ConcurrentHashMap<>();
    private final AtomicInteger pingCounter = new AtomicInteger();

    private volatile Map<String, String> env;
    private volatile TemplateEngine templates;
    private volatile String mockUrl;
    private MockServer mock;

    /** guarded by lock */
    private Session session;
    /** guarded by lock */
    private Reply reply;
    /** guarded by lock */
    private ConnectSpec lastSpec;
    /** guarded by lock: the last reply or /call, for /save */
    private Object lastExchange;
    /** guarded by lock */
    private Object lastOutput;
    /** guarded by lock */
    private Map<String, Object> lastResponse;
    /** guarded by lock */
    private Object lastValue;

    private volatile JsonMode json;
    private volatile boolean timings;
    private volatile boolean debug;
    private volatile String template;
    private volatile String templateShown;
    private volatile ActiveTransform transform;
    private volatile int conversation = 1;
    private volatile boolean exitRequested;
    private volatile Thread commandThread;
    private volatile Eval runningEval;

    private GroovyConsole groovy;
    private ScheduledExecutorService timer;

    private ConsoleEngine(Builder b) {
        this.env = Map.copyOf(b.env);
        this.workingDir = b.workingDir;
        this.config = Optional.ofNullable(b.config);
        this.listener = b.listener;
        this.scripted = b.scripted;
        this.quiet = b.quiet;
        this.connectTimeout = b.connectTimeout;
        this.width = b.width;
        this.inputHistory = b.inputHistory != null ? b.inputHistory : () -> List.copyOf(typed);
        this.resources = List.copyOf(b.resources);
        this.mockUrl = b.mockUrl;
        this.json = scripted ? JsonMode.OFF : JsonMode.ON;
        this.timings = !scripted;
        this.vars.putAll(b.vars);
        this.templates = newTemplates();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ================================================================== the public surface

    /**
     * Runs one input: a command, an {@code =} line, or a frame to send. Blocks until it is done (in scripted mode,
     * until the reply to a sent frame is done). Interrupting the calling thread, or {@link #cancel()}, stops it.
     *
     * @return true when it succeeded, false when it failed (the reason was reported as a {@link ConsoleEvent.Problem})
     */
    public boolean execute(String input) {
        Objects.requireNonNull(input, "input");
        commandThread = Thread.currentThread();
        try {
            if (!input.isBlank()) {
                typed.add(input);
            }
            return dispatch(input);
        } catch (InterruptedException e) {
            return fail("cancelled");
        } finally {
            commandThread = null;
            runningEval = null;
            Thread.interrupted(); // a Ctrl-C that came as the input finished belongs to nothing
        }
    }

    /** Stops the input that is running (a pending /call, /eval, /connect, /ping, or a scripted wait). */
    public void cancel() {
        Eval e = runningEval;
        if (e != null) {
            e.cancel();
        }
        Thread t = commandThread;
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Connects as {@code /connect} does.
     *
     * @param headers header names to value templates
     */
    public boolean connect(String url, Map<String, String> headers, List<String> subprotocols) {
        commandThread = Thread.currentThread();
        try {
            List<String[]> hs = new ArrayList<>();
            headers.forEach((k, v) -> hs.add(new String[] {k, v}));
            return connect(new ConnectSpec(url, hs, List.copyOf(subprotocols)));
        } catch (InterruptedException e) {
            return fail("cancelled");
        } finally {
            commandThread = null;
            Thread.interrupted();
        }
    }

    /** True once {@code /exit} ran. */
    public boolean exitRequested() {
        return exitRequested;
    }

    /** The prompt for the next line: {@code wst> }, {@code wst /ws-stream> } when connected, {@code wst (closed)> }. */
    public String prompt() {
        lock.lock();
        try {
            if (session == null) {
                return "wst> ";
            }
            if (session.closed) {
                return "wst (closed)> ";
            }
            return "wst " + session.promptName + "> ";
        } finally {
            lock.unlock();
        }
    }

    /** True while a connection is open. */
    public boolean isOpen() {
        lock.lock();
        try {
            return session != null && !session.closed;
        } finally {
            lock.unlock();
        }
    }

    /** The connection's URL (secrets redacted), or null when there is none. */
    String socketUrl() {
        lock.lock();
        try {
            return session == null ? null : session.url;
        } finally {
            lock.unlock();
        }
    }

    String socketSubprotocol() {
        lock.lock();
        try {
            return session == null || session.connection == null
                    ? null
                    : session.connection.subprotocol().orElse(null);
        } finally {
            lock.unlock();
        }
    }

    public JsonMode jsonMode() {
        return json;
    }

    /** The /set variables (a copy). */
    public Map<String, Object> vars() {
        synchronized (vars) {
            return new LinkedHashMap<>(vars);
        }
    }

    /** The names tab completion offers after {@code /call}: labels (or ids) of the config's providers. */
    public List<String> providerNames() {
        return config.map(c ->
                        c.providers().stream().map(ProviderEntry::displayName).toList())
                .orElse(List.of());
    }

    /**
     * Waits until the current reply is done: the transform said done, the connection closed, or no frame arrived
     * for the quiet time. Scripted mode calls it after every send.
     */
    public void awaitReply() throws InterruptedException {
        long quietNanos = quiet.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                Session s = session;
                Reply r = reply;
                if (s == null || r == null) {
                    return;
                }
                boolean drained = s.pending.get() == 0;
                if (drained && (s.closed || r.hardDone)) {
                    return;
                }
                long last = Math.max(r.startNanos, r.lastNanos);
                long left = last + quietNanos - System.nanoTime();
                if (drained && left <= 0) {
                    return;
                }
                changed.awaitNanos(left > 0 ? left : TimeUnit.MILLISECONDS.toNanos(100));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection (1000, waiting briefly for the server's close), the providers, the mock server. */
    @Override
    public void close() {
        Session s;
        lock.lock();
        try {
            s = session;
        } finally {
            lock.unlock();
        }
        if (s != null) {
            closeSession(s, 1000, "", true);
        }
        for (Provider p : providers.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                // closing is best effort
            }
        }
        providers.clear();
        synchronized (this) {
            if (mock != null) {
                mock.close();
                mock = null;
            }
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }

    // ================================================================== completion

    /** What tab completion offers: candidates that replace the text from {@code start} to the cursor. */
    public record Completion(int start, List<Candidate> candidates) {
        public Completion {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * One completion.
     *
     * @param complete false when more typing follows (a folder), so no space is added
     */
    public record Candidate(String value, String description, boolean complete) {}

    /** Candidates for the word at the cursor (commands, provider labels, variable names, paths, keywords). */
    public Completion complete(String buffer, int cursor) {
        return new Completer(this, workingDir).complete(buffer, Math.min(cursor, buffer.length()));
    }

    Map<String, Object> groovyNamesForCompletion() {
        Map<String, Object> names = new LinkedHashMap<>();
        for (String b : BOUND) {
            names.put(b, null);
        }
        GroovyConsole g;
        synchronized (this) {
            g = groovy;
        }
        if (g != null) {
            for (String n : g.variableNames()) {
                names.put(n, null);
            }
        }
        return names;
    }

    // ================================================================== dispatch

    private boolean dispatch(String input) throws InterruptedException {
        String t = input.strip();
        if (t.isEmpty()) {
            return true;
        }
        if (t.startsWith("//")) {
            int slash = input.indexOf('/');
            return sendLine(input.substring(slash + 1));
        }
        if (t.startsWith("/")) {
            return command(t);
        }
        if (t.startsWith("=")) {
            return groovy(t.substring(1));
        }
        return sendLine(input);
    }

    private boolean command(String line) throws InterruptedException {
        int sp = indexOfSpace(line);
        String name = line.substring(1, sp < 0 ? line.length() : sp);
        String rest = sp < 0 ? "" : line.substring(sp + 1).strip();
        Optional<Commands.Command> found = Commands.find(name);
        if (found.isEmpty()) {
            List<String> could = Commands.candidates(name);
            if (could.size() > 1 && !name.isEmpty()) {
                return fail("/" + name + " is ambiguous: "
                        + String.join(", ", could.stream().map(c -> "/" + c).toList()));
            }
            return fail("unknown command /" + name + "; /help lists the commands");
        }
        return switch (found.get().name()) {
            case "connect" -> connectCommand(rest);
            case "reconnect" -> reconnect();
            case "close" -> closeCommand(rest);
            case "status" -> status();
            case "ping" -> ping(rest);
            case "send" -> sendFile(rest);
            case "binary" -> sendBinary(rest);
            case "template" -> template(rest);
            case "transform" -> transform(rest);
            case "set" -> set(rest);
            case "unset" -> unset(rest);
            case "vars" -> listVars();
            case "json" -> json(rest);
            case "timings" -> toggle(rest, "timings", () -> timings, v -> timings = v);
            case "debug" -> toggle(rest, "debug", () -> debug, v -> debug = v);
            case "call" -> call(rest);
            case "reset" -> reset();
            case "eval" -> eval(rest);
            case "save" -> save(rest);
            case "mock" -> mock();
            case "history" -> history(rest);
            case "help" -> help(rest);
            case "exit" -> exit();
            default -> fail("unknown command /" + name);
        };
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    // ================================================================== connections

    /** A connection as typed: URL and header values are templates, rendered at each (re)connect. */
    record ConnectSpec(String url, List<String[]> headers, List<String> subprotocols) {}

    private boolean connectCommand(String rest) throws InterruptedException {
        List<String> words;
        try {
            words = Words.split(rest);
        } catch (IllegalArgumentException e) {
            return fail("/connect: " + e.getMessage());
        }
        String url = null;
        List<String[]> headers = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-H", "--header" -> {
                    if (i + 1 >= words.size()) {
                        return fail("/connect: " + w + " needs 'Name: value'");
                    }
                    String h = words.get(++i);
                    int colon = h.indexOf(':');
                    String hn = colon < 0 ? "" : h.substring(0, colon).strip();
                    if (colon < 0 || !HEADER_NAME.matcher(hn).matches()) {
                        // the value may be a secret: never echo it
                        return fail("/connect: " + w + " needs 'Name: value' (a header name, a colon, a value)");
                    }
                    headers.add(new String[] {hn, h.substring(colon + 1).strip()});
                }
                case "-s", "--subprotocol" -> {
                    if (i + 1 >= words.size()) {
                        return fail("/connect: " + w + " needs a subprotocol name");
                    }
                    protocols.add(words.get(++i));
                }
                default -> {
                    if (w.startsWith("-") && w.length() > 1) {
                        return fail("/connect: unknown option " + w + " (use -H 'Name: value' or -s PROTOCOL)");
                    }
                    if (url != null) {
                        return fail("/connect: one URL only; usage: " + usage("connect"));
                    }
                    url = w;
                }
            }
        }
        if (url == null) {
            return fail("usage: " + usage("connect"));
        }
        return connect(new ConnectSpec(url, headers, protocols));
    }

    private boolean reconnect() throws InterruptedException {
        ConnectSpec spec;
        lock.lock();
        try {
            spec = lastSpec;
        } finally {
            lock.unlock();
        }
        if (spec == null) {
            return fail("nothing to reconnect to: /connect URL first");
        }
        return connect(spec);
    }

    private boolean connect(ConnectSpec spec) throws InterruptedException {
        Map<String, Object> v = vars();
        String url;
        Map<String, String> headers = new LinkedHashMap<>();
        TemplateEngine te = templates;
        try {
            url = te.render(spec.url(), v).strip();
        } catch (TemplateException e) {
            return fail("cannot render the URL: " + e.problem());
        }
        for (String[] h : spec.headers()) {
            try {
                headers.put(h[0], te.render(h[1], v));
            } catch (TemplateException e) {
                return fail("cannot render the " + h[0] + " header: " + e.problem());
            }
        }
        String shown = HistoryRedaction.displayUrl(url);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return fail("not a URL: " + shown);
        }
        WsConnectOptions options;
        try {
            options = WsConnectOptions.builder(uri)
                    .headers(headers)
                    .subprotocols(spec.subprotocols())
                    .connectTimeout(connectTimeout)
                    .build();
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage() + ": " + shown);
        }
        Session old;
        lock.lock();
        try {
            old = session;
            lastSpec = spec;
        } finally {
            lock.unlock();
        }
        if (old != null) {
            closeSession(old, 1000, "", true);
        }
        Session s = new Session(shown, uri, Redaction.redactHeaders(headers));
        s.startPump();
        WsConnection c;
        try {
            c = WsConnection.open(options, s);
        } catch (ProviderException e) {
            s.stopPump();
            // the provider keeps a refused handshake's status in a field (promptfoo's message names only retryable
            // ones); at the prompt the status is the first thing to know
            String message = e.getMessage();
            String code = e.code().orElse("");
            return fail(code.isEmpty() || message.contains(code) ? message : message + " (" + code + ")");
        } catch (InterruptedException e) {
            s.stopPump();
            throw e;
        }
        lock.lock();
        try {
            s.connection = c;
            s.openedAt = Instant.now();
            s.openedNanos = System.nanoTime();
            s.connectTook = c.connectDuration();
            session = s;
            // the transform sees the greeting too (and may end the scripted wait after the connect)
            reply = new Reply(s.openedNanos, null, null, false, transform, v);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        notice(Styled.builder()
                .add(Style.OK, "connected")
                .plain(" to " + shown)
                .add(
                        Style.DIM,
                        c.subprotocol().map(p -> " (subprotocol " + p + ")").orElse("") + " in "
                                + millis(c.connectDuration()))
                .build());
        s.attached.countDown();
        if (scripted) {
            awaitReply();
        }
        return true;
    }

    /** Closes a session we no longer want; waits a little for the close handshake. */
    private void closeSession(Session s, int code, String reason, boolean announce) {
        boolean wasOpen;
        lock.lock();
        try {
            wasOpen = !s.closed;
            s.closedByUs = true;
            if (wasOpen) {
                s.closed = true;
                s.closedAt = Instant.now(); // /status may read it before the close handshake's event arrives
                s.closeCode = code;
                s.closeReason = reason;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!wasOpen || s.connection == null) {
            return;
        }
        s.connection.close(code, reason);
        try {
            s.closedLatch.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        s.failPings("the connection closed");
        if (announce) {
            emit(new ConsoleEvent.Closed(
                    Styled.builder()
                            .add(Style.DIM, "closed (" + code + (reason.isEmpty() ? "" : " " + reason) + ")")
                            .build(),
                    code,
                    reason,
                    false));
        }
    }

    private boolean closeCommand(String rest) {
        int code = 1000;
        String reason = "";
        if (!rest.isEmpty()) {
            int sp = indexOfSpace(rest);
            String c = sp < 0 ? rest : rest.substring(0, sp);
            reason = sp < 0 ? "" : rest.substring(sp + 1).strip();
            try {
                code = Integer.parseInt(c);
            } catch (NumberFormatException e) {
                return fail("/close: the code must be a number, got " + c);
            }
            if (!validCloseCode(code)) {
                return fail("/close: " + code + " cannot be sent; use 1000-1003, 1007-1011 or 3000-4999");
            }
            if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
                return fail("/close: the reason is longer than 123 bytes");
            }
        }
        Session s = currentSession();
        if (s == null || s.closed) {
            return fail("not connected");
        }
        closeSession(s, code, reason, true);
        return true;
    }

    static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }

    private Session currentSession() {
        lock.lock();
        try {
            return session;
        } finally {
            lock.unlock();
        }
    }

    /** The open session, or null after reporting why there is none. */
    private Session openSession() {
        lock.lock();
        try {
            if (session == null) {
                fail("not connected: /connect URL first (or /mock for a local server)");
                return null;
            }
            if (session.closed) {
                fail("the connection is closed ("
                        + session.closeCode
                        + (session.closeReason.isEmpty() ? "" : " " + session.closeReason)
                        + "): /reconnect or /connect URL");
                return null;
            }
            return session;
        } finally {
            lock.unlock();
        }
    }

    private boolean status() {
        List<String[]> rows = new ArrayList<>();
        lock.lock();
        try {
            Session s = session;
            if (s == null) {
                rows.add(new String[] {"connection", "none (/connect URL)"});
            } else {
                rows.add(new String[] {"url", s.url});
                if (!s.headers.isEmpty()) {
                    List<String> hs = new ArrayList<>();
                    s.headers.forEach((k, v) -> hs.add(k + ": " + v));
                    rows.add(new String[] {"headers", String.join(", ", hs)});
                }
                rows.add(new String[] {
                    "subprotocol",
                    s.connection == null ? "-" : s.connection.subprotocol().orElse("none")
                });
                Duration open = Duration.between(s.openedAt, s.closed ? s.closedAt : Instant.now());
                String since = CLOCK.format(LocalTime.ofInstant(s.openedAt, ZoneId.systemDefault()));
                rows.add(new String[] {
                    "state",
                    s.closed
                            ? "closed (" + s.closeCode + (s.closeReason.isEmpty() ? "" : " " + s.closeReason)
                                    + (s.closedByUs ? ", by us" : ", by the server") + ") after " + human(open)
                            : "open since " + since + " (" + human(open) + "), connected in " + millis(s.connectTook)
                });
                rows.add(new String[] {"sent", frames(s.framesOut) + ", " + bytes(s.bytesOut)});
                rows.add(new String[] {"received", frames(s.framesIn) + ", " + bytes(s.bytesIn)});
            }
        } finally {
            lock.unlock();
        }
        String tpl = templateShown;
        ActiveTransform tr = transform;
        rows.add(new String[] {"template", tpl == null ? "off" : tpl});
        rows.add(new String[] {"transform", tr == null ? "off" : tr.kind + " " + tr.text});
        rows.add(new String[] {
            "display",
            "json " + json.name().toLowerCase(Locale.ROOT) + ", timings " + onOff(timings) + ", debug " + onOff(debug)
                    + ", quiet " + quiet.toMillis() + " ms"
        });
        config.ifPresent(c -> rows.add(new String[] {
            "config",
            String.join(", ", c.files().stream().map(Path::toString).toList()) + " (providers: "
                    + String.join(
                            ", ",
                            providerNames().stream().map(Redaction::redactUrl).toList()) + ")"
        }));
        if (mockUrl != null) {
            rows.add(new String[] {"mock", mockUrl});
        }
        output(table(rows, scripted ? Integer.MAX_VALUE : width.getAsInt()));
        return true;
    }

    /** Label and value rows; values cut to one line of the terminal's width. */
    private static Styled table(List<String[]> rows, int width) {
        int w = 0;
        for (String[] r : rows) {
            w = Math.max(w, r[0].length());
        }
        Styled.Builder b = Styled.builder();
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                b.plain("\n");
            }
            String value = oneLine(rows.get(i)[1], Math.max(10, width - w - 2));
            b.add(Style.BOLD, rows.get(i)[0]).plain(" ".repeat(w - rows.get(i)[0].length() + 2) + value);
        }
        return b.build();
    }

    private boolean ping(String rest) throws InterruptedException {
        Session s = openSession();
        if (s == null) {
            return false;
        }
        String text = rest.isEmpty() ? "wst-" + pingCounter.incrementAndGet() : rest;
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        if (data.length > 125) {
            return fail("/ping: a ping carries at most 125 bytes, this text has " + data.length);
        }
        String key = new String(data, StandardCharsets.ISO_8859_1);
        CompletableFuture<Long> pong = new CompletableFuture<>();
        s.pings.put(key, pong);
        long t0 = System.nanoTime();
        try {
            s.connection.sendPing(data);
            long t1 = pong.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            output(Styled.builder()
                    .plain("pong " + Json.stringify(text) + " in ")
                    .add(Style.NUMBER, micros(t1 - t0))
                    .build());
            return true;
        } catch (ProviderException e) {
            return fail("/ping: " + e.getMessage());
        } catch (TimeoutException e) {
            return fail("/ping: no pong within " + PING_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return fail("/ping: " + e.getCause().getMessage());
        } finally {
            s.pings.remove(key);
        }
    }

    // ================================================================== sending

    private boolean sendLine(String line) throws InterruptedException {
        Session s = openSession();
        if (s == null) {
            return false;
        }
        String tpl = template;
        String text = line;
        Map<String, Object> v = vars();
        if (tpl != null) {
            Map<String, Object> withPrompt = new LinkedHashMap<>(v);
            withPrompt.put("prompt", line);
            try {
                text = templates.render(tpl, withPrompt);
            } catch (TemplateException e) {
                return fail("template: " + e.problem());
            }
        }
        return sendFrame(s, text, null, line, tpl != null, v);
    }

    /** Sends a frame from Groovy ({@code ws.send}); returns quietly or throws with the reason. */
    void sendFromGroovy(Object payload) {
        Session s = openSession();
        if (s == null) {
            throw new IllegalStateException("not connected");
        }
        boolean ok;
        try {
            if (payload instanceof byte[] b) {
                ok = sendFrame(s, null, b, null, true, vars());
            } else {
                String text = payload instanceof String t
                        ? t
                        : payload instanceof Map<?, ?> || payload instanceof List<?>
                                ? Json.stringify(payload)
                                : String.valueOf(payload);
                ok = sendFrame(s, text, null, text, true, vars());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        if (!ok) {
            throw new IllegalStateException("the frame was not sent");
        }
    }

    private boolean sendFrame(
            Session s, String text, byte[] binary, String prompt, boolean show, Map<String, Object> varsAtSend)
            throws InterruptedException {
        int size = text != null ? text.getBytes(StandardCharsets.UTF_8).length : binary.length;
        Map<String, Object> replyVars = new LinkedHashMap<>(varsAtSend);
        if (prompt != null) {
            replyVars.put("prompt", prompt);
        }
        if (scripted || show) {
            emit(new ConsoleEvent.Sent(
                    sentText(text, binary),
                    binary != null,
                    size,
                    text != null ? text : HexFormat.of().formatHex(binary)));
        }
        lock.lock();
        try {
            Reply r = new Reply(System.nanoTime(), prompt, text, binary != null, transform, replyVars);
            if (reply != null) {
                reply.before = null;
                r.before = reply;
            }
            reply = r;
            lastExchange = r;
            s.framesOut++;
            s.bytesOut += size;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (text != null) {
                s.connection.sendText(text);
            } else {
                s.connection.sendBinary(binary);
            }
        } catch (ProviderException e) {
            return fail(e.getMessage());
        }
        if (scripted) {
            awaitReply();
        }
        return true;
    }

    private boolean sendFile(String rest) throws InterruptedException {
        if (rest.isEmpty()) {
            return fail("usage: " + usage("send"));
        }
        String name = Words.single(rest);
        Path file = workingDir.resolve(name).normalize();
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return fail("/send: no such file: " + name);
        } catch (IOException e) {
            return fail("/send: cannot read " + name + ": " + e.getMessage());
        }
        Session s = openSession();
        if (s == null) {
            return false;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return sendFrame(s, null, data, null, true, vars());
        }
        return sendFrame(s, text, null, null, true, vars());
    }

    private boolean sendBinary(String rest) throws InterruptedException {
        if (rest.isEmpty()) {
            return fail("usage: " + usage("binary"));
        }
        byte[] data;
        try {
            data = parseBytes(rest);
        } catch (IllegalArgumentException e) {
            return fail("/binary: " + e.getMessage());
        }
        Session s = openSession();
        if (s == null) {
            return false;
        }
        return sendFrame(s, null, data, null, true, vars());
    }

    /** {@code 48 65 6c}, {@code 0x48656c}, {@code 48:65:6c} or {@code base64:SGVs}. */
    static byte[] parseBytes(String text) {
        String t = text.strip();
        if (t.regionMatches(true, 0, "base64:", 0, 7)) {
            String b64 = t.substring(7).replaceAll("\\s", "");
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                try {
                    return Base64.getUrlDecoder().decode(b64);
                } catch (IllegalArgumentException e2) {
                    throw new IllegalArgumentException("not base64: " + e.getMessage(), e);
                }
            }
        }
        String hex = t.replaceAll("(?i)0x", "").replaceAll("[\\s:,]", "");
        if (hex.isEmpty() || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("give an even number of hex digits (48 65 6c 6c 6f) or base64:DATA");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: " + oneLine(text, 40) + " (or use base64:DATA)", e);
        }
    }

    // ================================================================== template, transform, vars, toggles

    private boolean template(String rest) {
        if (rest.isEmpty()) {
            String t = templateShown;
            output(t == null ? Styled.plain("no template: lines are sent as typed") : Styled.plain(t));
            return true;
        }
        if (rest.equals("off")) {
            template = null;
            templateShown = null;
            return true;
        }
        String text = rest;
        if (rest.startsWith("file://")) {
            Path file = workingDir.resolve(rest.substring(7).strip()).normalize();
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return fail("/template: no such file: " + rest.substring(7).strip());
            } catch (IOException e) {
                return fail("/template: cannot read " + file + ": " + e.getMessage());
            }
        }
        try {
            templates.compile(text);
        } catch (TemplateException e) {
            return fail("/template: " + e.getMessage());
        }
        template = text;
        templateShown = rest;
        return true;
    }

    /** A transform in force: the source as typed, and one of the two functions. */
    record ActiveTransform(String kind, String text, StreamResponse streamResponse, StreamTransform streamTransform) {}

    private boolean transform(String rest) {
        if (rest.isEmpty()) {
            ActiveTransform t = transform;
            output(Styled.plain(t == null ? "no transform" : t.kind() + " " + t.text()));
            return true;
        }
        if (rest.equals("off")) {
            transform = null;
            return true;
        }
        if (rest.equals("default")) {
            transform =
                    new ActiveTransform("transformStream", "default", null, WebSocketProvider.DEFAULT_TRANSFORM_STREAM);
            return true;
        }
        String kind = null;
        String code = rest;
        int sp = indexOfSpace(rest);
        String first = sp < 0 ? rest : rest.substring(0, sp);
        if (first.equalsIgnoreCase("streamResponse") || first.equalsIgnoreCase("transformStream")) {
            kind = first.equalsIgnoreCase("streamResponse") ? "streamResponse" : "transformStream";
            code = sp < 0 ? "" : rest.substring(sp + 1).strip();
            if (code.equals("default") && kind.equals("transformStream")) {
                return transform("default");
            }
        }
        if (code.isEmpty()) {
            return fail("usage: " + usage("transform"));
        }
        if (kind == null) {
            kind = parameterCount(code) == 1 ? "transformStream" : "streamResponse";
        }
        Optional<TransformCompiler> compiler = Transforms.compiler();
        if (compiler.isEmpty()) {
            return fail("/transform needs the Groovy transform compiler (toolkit-groovy), which is not present");
        }
        TransformSource src = new TransformSource("/transform", code, workingDir, Optional.empty(), 0);
        try {
            transform = kind.equals("streamResponse")
                    ? new ActiveTransform(kind, code, compiler.get().streamResponse(src), null)
                    : new ActiveTransform(kind, code, null, compiler.get().streamTransform(src));
        } catch (ConfigException e) {
            return fail(e.getMessage());
        }
        return true;
    }

    private static final Pattern CLOSURE_PARAMS = Pattern.compile("^\\{\\s*([^{}]*?)->", Pattern.DOTALL);
    private static final Pattern PAREN_PARAMS = Pattern.compile("^(?:function\\s*)?\\(([^)]*)\\)\\s*(?:->|=>|\\{)");
    private static final Pattern BARE_PARAM = Pattern.compile("^[A-Za-z_$][\\w$]*\\s*->");

    /**
     * How many parameters a function-form transform declares (a closure without {@code ->} has one, {@code it});
     * -1 for an expression or a file reference.
     */
    static int parameterCount(String code) {
        String t = code.strip();
        Matcher m = PAREN_PARAMS.matcher(t);
        if (m.find()) {
            return count(m.group(1));
        }
        if (BARE_PARAM.matcher(t).find()) {
            return 1;
        }
        if (t.startsWith("{")) {
            Matcher c = CLOSURE_PARAMS.matcher(t);
            return c.find() ? count(c.group(1)) : 1;
        }
        return -1;
    }

    private static int count(String params) {
        String p = params.strip();
        return p.isEmpty() ? 0 : p.split(",").length;
    }

    private boolean set(String rest) {
        int sp = indexOfSpace(rest);
        if (rest.isEmpty() || sp < 0) {
            return fail("usage: " + usage("set"));
        }
        String name = rest.substring(0, sp);
        if (!NAME.matcher(name).matches()) {
            return fail("/set: a variable name is letters, digits and _ (not starting with a digit), got " + name);
        }
        vars.put(name, rest.substring(sp + 1).strip());
        return true;
    }

    private boolean unset(String rest) {
        if (rest.isEmpty()) {
            return fail("usage: " + usage("unset"));
        }
        if (vars.remove(rest) == null) {
            return fail("/unset: no variable " + rest);
        }
        return true;
    }

    private boolean listVars() {
        Map<String, Object> v = vars();
        if (v.isEmpty()) {
            output(Styled.plain("no variables (/set NAME VALUE)"));
            return true;
        }
        Styled.Builder b = Styled.builder();
        boolean first = true;
        for (Map.Entry<String, Object> e : v.entrySet()) {
            if (!first) {
                b.plain("\n");
            }
            first = false;
            b.add(Style.KEY, e.getKey()).add(Style.PUNCT, " = ");
            if (Redaction.isSecretParameter(e.getKey())) {
                b.add(Style.DIM, Redaction.REDACTED);
            } else {
                JsonStyler.compact(b, e.getValue());
            }
        }
        output(b.build());
        return true;
    }

    private boolean json(String rest) {
        switch (rest.toLowerCase(Locale.ROOT)) {
            case "" -> output(Styled.plain("json " + json.name().toLowerCase(Locale.ROOT)));
            case "on" -> json = JsonMode.ON;
            case "off" -> json = JsonMode.OFF;
            case "indent" -> json = JsonMode.INDENT;
            default -> {
                return fail("usage: " + usage("json"));
            }
        }
        return true;
    }

    private boolean toggle(
            String rest,
            String name,
            java.util.function.BooleanSupplier get,
            java.util.function.Consumer<Boolean> set) {
        switch (rest.toLowerCase(Locale.ROOT)) {
            case "" -> output(Styled.plain(name + " " + onOff(get.getAsBoolean())));
            case "on" -> set.accept(true);
            case "off" -> set.accept(false);
            default -> {
                return fail("usage: " + usage(name));
            }
        }
        return true;
    }

    // ================================================================== Groovy

    private boolean groovy(String code) throws InterruptedException {
        if (code.isBlank()) {
            return fail("= needs a Groovy expression, such as = last or = frames.size()");
        }
        GroovyConsole g;
        LineWriter out;
        synchronized (this) {
            if (groovy == null) {
                groovy = GroovyConsole.create();
            }
            g = groovy;
        }
        out = new LineWriter();
        g.setOutput(out);
        lock.lock();
        try {
            g.setVariable("last", lastValue);
            g.setVariable("frames", reply == null ? List.of() : Reply.list(reply.values));
            g.setVariable("output", lastOutput);
            g.setVariable("response", lastResponse);
        } finally {
            lock.unlock();
        }
        g.setVariable("vars", vars);
        g.setVariable("env", env);
        g.setVariable("ws", new ConsoleSocket(this));
        try {
            Object value = g.evaluate(code);
            out.flushLine();
            output(valueText(value));
            return true;
        } catch (GroovyConsoleException e) {
            out.flushLine();
            return failWith(e.getMessage(), e);
        } finally {
            g.setOutput(Writer.nullWriter());
        }
    }

    /** Lines a snippet prints become output events, one per line. */
    private final class LineWriter extends Writer {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (c == '\n') {
                    output(Styled.plain(line.toString()));
                    line.setLength(0);
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }

        void flushLine() {
            if (!line.isEmpty()) {
                output(Styled.plain(line.toString()));
                line.setLength(0);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** An {@code =} value: text as is, JSON-like values styled, anything else by its toString. */
    private Styled valueText(Object value) {
        Styled.Builder b = Styled.builder();
        if (value instanceof String s) {
            b.plain(s);
        } else if (json == JsonMode.OFF && (value instanceof Map<?, ?> || value instanceof List<?>)) {
            b.plain(Json.stringify(value));
        } else if (value == null
                || value instanceof Map<?, ?>
                || value instanceof List<?>
                || value instanceof Number
                || value instanceof Boolean) {
            JsonStyler.fitted(b, value, 0, width.getAsInt(), json == JsonMode.INDENT, "");
        } else if (value instanceof byte[] bytes) {
            b.add(Style.DIM, "binary " + bytes.length + " bytes: ")
                    .plain(HexFormat.ofDelimiter(" ").formatHex(bytes));
        } else {
            b.plain(String.valueOf(value));
        }
        return b.build();
    }

    // ================================================================== providers

    /** A /call: what /save records. */
    record CallExchange(String provider, String prompt, Map<String, Object> vars, ProviderResponse response) {}

    private boolean call(String rest) throws InterruptedException {
        if (rest.isEmpty()) {
            return fail("usage: " + usage("call"));
        }
        int sp = indexOfSpace(rest);
        String first = sp < 0 ? rest : rest.substring(0, sp);
        Optional<ProviderEntry> named = config.flatMap(c -> c.providers().stream()
                .filter(p -> first.equals(p.label().orElse(null)) || first.equals(p.id()))
                .findFirst());
        ProviderEntry entry;
        String prompt;
        if (named.isPresent()) {
            entry = named.get();
            prompt = sp < 0 ? "" : rest.substring(sp + 1).strip();
        } else {
            List<ProviderEntry> all = config.map(EvalConfig::providers).orElse(List.of());
            if (all.size() > 1) {
                return fail("/call: name a provider: /call PROVIDER PROMPT (providers: "
                        + String.join(
                                ", ",
                                all.stream()
                                        .map(p -> Redaction.redactUrl(p.displayName()))
                                        .toList())
                        + ")");
            }
            entry = all.isEmpty() ? null : all.getFirst();
            prompt = rest;
        }
        if (prompt.isEmpty()) {
            return fail("usage: " + usage("call"));
        }
        Provider provider;
        boolean adHoc = entry == null;
        String label;
        try {
            if (adHoc) {
                provider = connectionProvider();
                if (provider == null) {
                    return false;
                }
                label = "connection";
            } else {
                label = entry.displayName();
                provider = providers.computeIfAbsent(label, k -> createProvider(entry));
            }
        } catch (ConfigException e) {
            return fail("/call: " + e.getMessage());
        }
        Map<String, Object> v = vars();
        String rendered;
        try {
            rendered = templates.render(prompt, v);
        } catch (TemplateException e) {
            return fail("/call: the prompt is not a valid template: " + e.problem());
        }
        String shownLabel = Redaction.redactUrl(label);
        String conversationId = "wst-shell-" + conversation;
        List<ConversationTurn> history = turns.computeIfAbsent(label, k -> new CopyOnWriteArrayList<>());
        CallContext context = CallContext.builder()
                .vars(v)
                .test(Map.of("description", "wst shell", "metadata", Map.of("conversationId", conversationId)))
                .prompt(Map.of("raw", prompt, "label", prompt))
                .conversation(List.copyOf(history))
                .env(env)
                .filters(config.map(EvalConfig::nunjucksFilters).orElse(Map.of()))
                .build();
        ProviderResponse response;
        try {
            response = provider.call(rendered, context);
        } catch (ProviderException e) {
            return fail(shownLabel + ": " + e.getMessage());
        } finally {
            if (adHoc) {
                provider.close();
            }
        }
        history.add(new ConversationTurn(
                rendered, rendered, response.output() == null ? "" : response.output(), response.metadata()));
        lock.lock();
        try {
            lastExchange = new CallExchange(label, prompt, v, response);
            lastOutput = response.output();
            lastResponse = responseMap(response);
        } finally {
            lock.unlock();
        }
        Styled.Builder b = Styled.builder();
        if (response.error().isPresent()) {
            b.add(Style.ERROR, "error: " + response.error().get());
        } else {
            b.add(Style.OUTPUT, "=> ");
            Object out = response.output();
            if (out instanceof Map<?, ?> || out instanceof List<?>) {
                JsonStyler.fitted(b, out, 3, width.getAsInt(), json == JsonMode.INDENT, "   ");
            } else {
                b.add(Style.OUTPUT, scripted ? oneFrameLine(response.outputText()) : response.outputText());
            }
        }
        b.plain("\n").add(Style.DIM, "   " + shownLabel + ": " + timingsText(response.timings()));
        response.tokenUsage().filter(u -> u.total() > 0).ifPresent(u -> b.add(Style.DIM, ", " + u.total() + " tokens"));
        output(b.build());
        return response.error().isEmpty();
    }

    private static Map<String, Object> responseMap(ProviderResponse r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("output", r.output());
        m.put("error", r.error().orElse(null));
        m.put("metadata", r.metadata());
        CallTimings t = r.timings();
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("connectMs", t.connect().toMillis());
        tm.put("firstFrameMs", t.firstFrame().map(Duration::toMillis).orElse(null));
        tm.put("totalMs", t.total().toMillis());
        tm.put("frames", t.framesReceived());
        tm.put("bytes", t.bytesReceived());
        tm.put("maxFrameGapMs", t.maxFrameGap().map(Duration::toMillis).orElse(null));
        m.put("timings", tm);
        return m;
    }

    static String timingsText(CallTimings t) {
        List<String> parts = new ArrayList<>();
        if (!t.connect().isZero()) {
            parts.add("connect " + millis(t.connect()));
        }
        t.firstFrame().ifPresent(f -> parts.add("first frame " + millis(f)));
        parts.add("total " + millis(t.total()));
        if (t.framesReceived() > 0) {
            parts.add(t.framesReceived() + (t.framesReceived() == 1 ? " frame" : " frames"));
            parts.add(bytes(t.bytesReceived()));
        }
        t.maxFrameGap().ifPresent(g -> parts.add("longest gap " + millis(g)));
        return String.join(", ", parts);
    }

    private Provider createProvider(ProviderEntry p) {
        try {
            return ProviderRegistry.load().create(new ProviderSpec(p.id(), p.label(), p.config(), p.baseDir(), env));
        } catch (ConfigException e) {
            throw p.placed(e);
        }
    }

    /** A WebSocket provider made of the current connection's URL, headers, template and transform. */
    private Provider connectionProvider() {
        ConnectSpec spec;
        lock.lock();
        try {
            spec = lastSpec;
        } finally {
            lock.unlock();
        }
        if (spec == null) {
            fail("/call: no provider: start the shell with -c CONFIG, or /connect URL to call this endpoint");
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String[] h : spec.headers()) {
            headers.put(h[0], h[1]);
        }
        String tpl = template;
        WebSocketProvider.Builder b = WebSocketProvider.builder()
                .url(spec.url())
                .label("connection")
                .headers(headers)
                .protocols(spec.subprotocols())
                .messageTemplate(tpl != null ? tpl : "{{ prompt }}")
                .env(env)
                .timeout(Duration.ofMinutes(2));
        ActiveTransform t = transform;
        if (t != null && t.streamResponse() != null) {
            b.streamResponse(t.streamResponse());
        } else if (t != null) {
            b.transformStream(t.streamTransform());
        }
        return b.build();
    }

    private boolean reset() {
        conversation++;
        turns.clear();
        output(Styled.plain("new conversation for /call"));
        return true;
    }

    // ================================================================== eval

    private boolean eval(String rest) {
        if (config.isEmpty()) {
            return fail("/eval needs a config: start the shell with -c CONFIG");
        }
        RunOptions.Builder o = RunOptions.builder();
        if (!rest.isEmpty()) {
            try {
                o.filterPattern(Pattern.compile(rest));
            } catch (PatternSyntaxException e) {
                return fail("/eval: invalid regular expression: " + e.getDescription() + " in " + e.getPattern());
            }
        }
        Eval eval;
        try {
            eval = Eval.builder()
                    .config(config.get())
                    .options(o.build())
                    .env(env)
                    .listener(new EvalListener() {
                        @Override
                        public void note(String message) {
                            notice(Styled.of(Style.DIM, message));
                        }
                    })
                    .build();
        } catch (ConfigException e) {
            return fail("/eval: " + e.getMessage());
        }
        runningEval = eval;
        EvalRun run;
        try {
            run = eval.run();
        } catch (ConfigException e) {
            return fail("/eval: " + e.getMessage());
        } finally {
            runningEval = null;
        }
        if (run.results().isEmpty()) {
            output(Styled.plain(rest.isEmpty() ? "no tests ran" : "no test description matches " + rest));
        } else {
            // wst eval's table, its output column narrowed until the table fits the terminal (not below 20)
            String table = resultTable(run, 60);
            int longest = table.lines().mapToInt(String::length).max().orElse(0);
            int w = width.getAsInt();
            if (!scripted && longest > w) {
                table = resultTable(run, Math.max(20, 60 - (longest - w)));
            }
            output(Styled.plain(table));
        }
        boolean passed = run.stats().failures() == 0 && run.stats().errors() == 0 && !run.interrupted();
        output(Styled.of(passed ? Style.OK : Style.ERROR, run.stats().summaryLine()));
        if (run.interrupted()) {
            return fail("the run was stopped: " + run.results().size() + " of " + run.planned() + " cases finished");
        }
        return passed;
    }

    private static String resultTable(EvalRun run, int cellMax) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        ResultTable.print(ps, run.results(), cellMax);
        return buf.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    // ================================================================== save

    private boolean save(String rest) {
        List<String> words;
        try {
            words = Words.split(rest);
        } catch (IllegalArgumentException e) {
            return fail("/save: " + e.getMessage());
        }
        if (words.isEmpty() || words.size() > 2) {
            return fail("usage: " + usage("save"));
        }
        TestCaseWriter.Check check = TestCaseWriter.Check.AUTO;
        if (words.size() == 2) {
            switch (words.get(1).toLowerCase(Locale.ROOT)) {
                case "equals" -> check = TestCaseWriter.Check.EQUALS;
                case "contains" -> check = TestCaseWriter.Check.CONTAINS;
                default -> {
                    return fail("/save: the check is equals or contains, got " + words.get(1));
                }
            }
        }
        String prompt;
        Map<String, Object> caseVars;
        String out;
        lock.lock();
        try {
            Object ex = lastExchange;
            if (ex == null) {
                return fail("/save: nothing to save yet: send a message or /call first");
            }
            if (ex instanceof CallExchange c) {
                if (c.response().error().isPresent() || c.response().output() == null) {
                    return fail("/save: the last /call has no output to check");
                }
                prompt = c.prompt();
                caseVars = new LinkedHashMap<>(c.vars());
                caseVars.put("prompt", c.prompt());
                out = c.response().outputText();
            } else {
                Reply r = (Reply) ex;
                if (r.prompt == null) {
                    return fail("/save: the last exchange sent a file or binary data; /save records text prompts");
                }
                Optional<String> o = r.finalOutput();
                if (o.isEmpty()) {
                    return fail("/save: the last message has no reply to check yet");
                }
                prompt = r.prompt;
                caseVars = new LinkedHashMap<>(r.vars);
                out = o.get();
            }
        } finally {
            lock.unlock();
        }
        Path file = workingDir.resolve(words.getFirst()).normalize();
        Map<String, Object> tc = TestCaseWriter.testCase("shell: " + oneLine(prompt, 60), caseVars, out, check);
        try {
            TestCaseWriter.append(file, tc);
        } catch (IllegalArgumentException e) {
            return fail("/save: " + e.getMessage());
        } catch (IOException e) {
            return fail("/save: cannot write " + words.getFirst() + ": " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> assertion = ((List<Map<String, Object>>) tc.get("assert")).getFirst();
        output(Styled.builder()
                .add(Style.OK, "saved")
                .plain(" a test case to " + words.getFirst() + " (" + assertion.get("type") + " "
                        + oneLine(String.valueOf(assertion.get("value")), 50) + ")")
                .build());
        return true;
    }

    // ================================================================== mock, history, help, exit

    private boolean mock() {
        String url = mockUrl;
        if (url != null) {
            output(Styled.plain("the mock server is running at " + url));
            return true;
        }
        synchronized (this) {
            ServerLogs.quiet();
            try {
                mock = MockServer.builder().port(0).start();
            } catch (RuntimeException e) {
                return fail("/mock: the mock server did not start: " + e.getMessage());
            }
            url = "ws://" + mock.host() + ":" + mock.port();
            mockUrl = url;
            Map<String, String> e = new LinkedHashMap<>(env);
            e.put("WST_MOCK_URL", url);
            e.put("WST_MOCK_HOST", mock.host() + ":" + mock.port());
            env = Map.copyOf(e);
            templates = newTemplates();
        }
        output(Styled.builder()
                .add(Style.OK, "mock server")
                .plain(" at " + url + " (env.WST_MOCK_URL)\n")
                .add(Style.DIM, "  " + url + "/ws-stream     streaming: ready, delta..., message, done\n")
                .add(Style.DIM, "  " + url + "/ws            one message per input\n")
                .add(Style.DIM, "  " + url + "/             seed server: connected, chunk..., done\n")
                .add(Style.DIM, "  " + url + "/v1/realtime   OpenAI Realtime API (any bearer token)\n")
                .add(Style.DIM, "try: /connect " + url + "/ws-stream, then {\"input\": \"Hello\"}")
                .build());
        return true;
    }

    private boolean history(String rest) {
        int n = 20;
        if (!rest.isEmpty()) {
            try {
                n = Integer.parseInt(rest);
            } catch (NumberFormatException e) {
                return fail("usage: " + usage("history"));
            }
        }
        List<String> lines = inputHistory.get();
        int from = Math.max(0, lines.size() - n);
        Styled.Builder b = Styled.builder();
        int w = String.valueOf(lines.size()).length();
        for (int i = from; i < lines.size(); i++) {
            if (i > from) {
                b.plain("\n");
            }
            String num = String.valueOf(i + 1);
            b.add(Style.DIM, " ".repeat(w - num.length()) + num + "  ").plain(lines.get(i));
        }
        output(lines.isEmpty() ? Styled.plain("no history yet") : b.build());
        return true;
    }

    private boolean help(String rest) {
        if (!rest.isEmpty()) {
            String name = rest.startsWith("/") ? rest.substring(1) : rest;
            Optional<Commands.Command> c = Commands.find(name);
            if (c.isEmpty()) {
                return fail("/help: no command /" + name + "; /help lists the commands");
            }
            Styled.Builder b = Styled.builder()
                    .add(Style.BOLD, c.get().usage())
                    .plain("\n  " + c.get().summary());
            if (!c.get().help().isEmpty()) {
                b.plain("\n\n" + c.get().help().indent(2).stripTrailing());
            }
            output(b.build());
            return true;
        }
        int w = 0;
        for (Commands.Command c : Commands.ALL) {
            w = Math.max(w, c.usage().length());
        }
        w = Math.min(w, 40);
        Styled.Builder b = Styled.builder();
        for (Commands.Command c : Commands.ALL) {
            String u = c.usage();
            b.add(Style.BOLD, u);
            if (u.length() > w) {
                b.plain("\n" + " ".repeat(w + 2));
            } else {
                b.plain(" ".repeat(w - u.length() + 2));
            }
            b.plain(c.summary() + "\n");
        }
        b.add(
                Style.DIM,
                """
                Any other line is sent as a text frame (through /template when set); // at the start sends a \
                literal /.
                = EXPR evaluates Groovy: last (the last frame's value), frames (this reply's values), vars, ws,
                  output and response (of the last reply or /call), env; variables you assign persist.
                Multi-line: a frame starting with { or [, or Groovy with an open bracket, continues until it closes.
                Keys: Tab completes, Ctrl-R searches history, Ctrl-C cancels a pending call, Ctrl-D exits.
                /help COMMAND explains one command.""");
        output(b.build());
        return true;
    }

    private boolean exit() {
        exitRequested = true;
        Session s = currentSession();
        if (s != null) {
            closeSession(s, 1000, "", !scripted);
        }
        return true;
    }

    private static String usage(String command) {
        return Commands.find(command).map(Commands.Command::usage).orElse("/" + command);
    }

    // ================================================================== frames arriving

    /** One thing that arrived on a connection, stamped on arrival. */
    private record Incoming(Kind kind, Object payload, int code, String reason, long nanos) {
        enum Kind {
            TEXT,
            BINARY,
            PONG,
            ERROR,
            CLOSE,
            STOP
        }
    }

    /** A connection and its frame thread, which reports frames in order while commands run on another thread. */
    private final class Session implements WsListener {
        final String url;
        final String promptName;
        final Map<String, String> headers;
        final LinkedBlockingQueue<Incoming> queue = new LinkedBlockingQueue<>();
        final AtomicInteger pending = new AtomicInteger();
        final CountDownLatch attached = new CountDownLatch(1);
        final CountDownLatch closedLatch = new CountDownLatch(1);
        final Map<String, CompletableFuture<Long>> pings = new ConcurrentHashMap<>();
        volatile WsConnection connection;
        Instant openedAt = Instant.now();
        Instant closedAt;
        long openedNanos = System.nanoTime();
        Duration connectTook = Duration.ZERO;
        long framesIn;
        long bytesIn;
        long framesOut;
        long bytesOut;
        boolean closed;
        boolean closedByUs;
        int closeCode;
        String closeReason = "";

        Session(String url, URI uri, Map<String, String> headers) {
            this.url = url;
            String path = uri.getPath() == null
                            || uri.getPath().isEmpty()
                            || uri.getPath().equals("/")
                    ? uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    : uri.getPath();
            this.promptName = path;
            this.headers = headers;
        }

        void startPump() {
            Thread.ofVirtual().name("wst-shell-frames").start(this::pump);
        }

        void stopPump() {
            queue.add(new Incoming(Incoming.Kind.STOP, null, 0, "", System.nanoTime()));
            attached.countDown();
        }

        private void pump() {
            try {
                attached.await();
                while (true) {
                    Incoming in = queue.take();
                    if (in.kind() == Incoming.Kind.STOP) {
                        return;
                    }
                    try {
                        process(this, in);
                    } catch (RuntimeException e) {
                        failWith("internal error while showing a frame: " + e, e);
                    } finally {
                        pending.decrementAndGet();
                        signal();
                    }
                    if (in.kind() == Incoming.Kind.CLOSE) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void arrive(Incoming in) {
            pending.incrementAndGet();
            queue.add(in);
        }

        void failPings(String why) {
            for (CompletableFuture<Long> f : pings.values()) {
                f.completeExceptionally(new IllegalStateException(why));
            }
        }

        @Override
        public void onText(String text) {
            arrive(new Incoming(Incoming.Kind.TEXT, text, 0, "", System.nanoTime()));
        }

        @Override
        public void onBinary(byte[] data) {
            arrive(new Incoming(Incoming.Kind.BINARY, data, 0, "", System.nanoTime()));
        }

        @Override
        public void onPong(byte[] data) {
            long now = System.nanoTime();
            CompletableFuture<Long> f = pings.get(new String(data, StandardCharsets.ISO_8859_1));
            if (f != null) {
                f.complete(now);
            } else {
                arrive(new Incoming(Incoming.Kind.PONG, data, 0, "", now));
            }
        }

        @Override
        public void onClose(int code, String reason) {
            closedLatch.countDown();
            arrive(new Incoming(Incoming.Kind.CLOSE, null, code, reason, System.nanoTime()));
        }

        @Override
        public void onError(Throwable error) {
            arrive(new Incoming(Incoming.Kind.ERROR, error.getMessage(), 0, "", System.nanoTime()));
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reports one arrival; runs on the session's frame thread. */
    private void process(Session s, Incoming in) {
        List<ConsoleEvent> events = new ArrayList<>();
        Reply r;
        int index;
        Object value = null;
        lock.lock();
        try {
            if (s != session) {
                return; // a connection we left: its last words are not news
            }
            switch (in.kind()) {
                case TEXT, BINARY -> {
                    r = reply;
                    // a frame that arrived before this reply's frame was sent (a connection's greeting still queued
                    // when a line was typed at once) belongs to the reply before, not to this answer
                    if (r.before != null && in.nanos() < r.startNanos) {
                        r = r.before;
                    }
                    int size = in.payload() instanceof String t
                            ? t.getBytes(StandardCharsets.UTF_8).length
                            : ((byte[]) in.payload()).length;
                    s.framesIn++;
                    s.bytesIn += size;
                    value = in.payload() instanceof String t ? Json.parseOrText(t) : in.payload();
                    index = r.frame(in.nanos(), size, value, in.payload());
                    lastValue = value;
                    events.add(received(r, index, in, value));
                }
                case PONG -> {
                    events.add(new ConsoleEvent.Notice(Styled.of(
                            Style.DIM,
                            "pong (unasked) "
                                    + Json.stringify(new String((byte[]) in.payload(), StandardCharsets.UTF_8)))));
                    return;
                }
                case ERROR -> {
                    events.add(problemEvent(String.valueOf(in.payload()), null));
                    return;
                }
                case CLOSE -> {
                    boolean ours = s.closedByUs;
                    s.closed = true;
                    if (s.closedAt == null) {
                        s.closedAt = Instant.now();
                    }
                    if (!ours) {
                        s.closeCode = in.code();
                        s.closeReason = in.reason();
                        Reply cur = reply;
                        if (cur != null && cur.frames > cur.summarized && !cur.greeting() && timings) {
                            cur.summarized = cur.frames;
                            events.add(replyEvent(cur, false));
                        }
                        events.add(closedEvent(in.code(), in.reason()));
                    }
                    s.failPings("the connection closed");
                    return;
                }
                default -> {
                    return;
                }
            }
        } finally {
            lock.unlock();
            emit(events);
        }
        // the transform runs outside the lock: only this thread touches the reply's transform state
        events.clear();
        if (r.transform != null && !r.hardDone && !r.transformFailed) {
            applyTransform(r, in, index, value, events);
        }
        emit(events);
        if (!scripted || timings) {
            scheduleQuietCheck(r);
        }
    }

    private void applyTransform(Reply r, Incoming in, int index, Object value, List<ConsoleEvent> events) {
        ActiveTransform t = r.transform;
        Duration at = sinceStart(r, in.nanos());
        CallContext context = CallContext.builder().vars(r.vars).env(env).build();
        boolean done = false;
        Object output = null;
        String error = null;
        try {
            if (t.streamResponse() != null) {
                StreamEvent event = in.payload() instanceof byte[] b
                        ? StreamEvent.binary(b, index, at)
                        : StreamEvent.text((String) in.payload(), index, at);
                StreamStep step = t.streamResponse().apply(r.accumulator, event, context);
                if (step == null) {
                    throw new IllegalStateException("the transform returned null; return [accumulator, done]");
                }
                Object before = r.accumulator;
                r.accumulator = step.accumulator();
                if (!step.complete() && !scripted && !Objects.equals(before, step.accumulator())) {
                    // the output as the transform builds it, frame by frame
                    events.add(new ConsoleEvent.Output(accumulatorText(step.accumulator())));
                }
                if (step.complete()) {
                    done = true;
                    Object acc = step.accumulator();
                    if (acc instanceof Map<?, ?> m && (m.containsKey("output") || m.containsKey("error"))) {
                        Object err = m.get("error");
                        error = Json.truthy(err) ? (err instanceof String s ? s : Json.stringify(err)) : null;
                        output = m.get("output");
                    } else {
                        output = acc;
                    }
                }
            } else {
                if (r.messages.size() >= 2 * Reply.KEPT) {
                    r.messages.subList(0, Reply.KEPT).clear();
                }
                r.messages.add(value);
                StreamDecision d = t.streamTransform().apply(value, Collections.unmodifiableList(r.messages), context);
                switch (d == null ? StreamDecision.MORE : d) {
                    case StreamDecision.More more -> {}
                    case StreamDecision.Failed failed -> {
                        done = true;
                        error = failed.error();
                    }
                    case StreamDecision.Done finished -> {
                        done = true;
                        output = finished.output() == null || "".equals(finished.output()) ? value : finished.output();
                    }
                }
            }
        } catch (Exception e) {
            lock.lock();
            try {
                r.transformFailed = true;
            } finally {
                lock.unlock();
            }
            events.add(problemEvent("transform error" + transformLine(e) + ": " + messageOf(e), e));
            return;
        }
        if (!done) {
            return;
        }
        lock.lock();
        try {
            r.hardDone = true;
            r.output = output;
            r.error = error;
            r.summarized = r.frames;
            if (reply == r) {
                lastOutput = output;
            }
            events.add(replyEvent(r, true));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@code (line 3)} from the first stack frame of Groovy code, when there is one. */
    private static String transformLine(Throwable e) {
        for (StackTraceElement el : e.getStackTrace()) {
            if (el.getFileName() != null && el.getFileName().endsWith(".groovy") && el.getLineNumber() > 0) {
                return " (line " + el.getLineNumber() + ")";
            }
        }
        return "";
    }

    private static String messageOf(Throwable e) {
        Throwable t = e;
        if (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        m = m.replaceAll(" for class: Transform\\d+\\b", "");
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private void scheduleQuietCheck(Reply r) {
        ScheduledExecutorService t;
        synchronized (this) {
            if (timer == null) {
                ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, run -> {
                    Thread th = new Thread(run, "wst-shell-quiet");
                    th.setDaemon(true);
                    return th;
                });
                ex.setRemoveOnCancelPolicy(true);
                timer = ex;
            }
            t = timer;
        }
        int framesNow;
        lock.lock();
        try {
            framesNow = r.frames;
        } finally {
            lock.unlock();
        }
        try {
            t.schedule(() -> quietCheck(r, framesNow), quiet.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void quietCheck(Reply r, int framesThen) {
        ConsoleEvent e = null;
        lock.lock();
        try {
            if (reply == r
                    && r.frames == framesThen
                    && !r.hardDone
                    && r.summarized < r.frames
                    && timings
                    && !r.greeting()) {
                r.summarized = r.frames;
                e = replyEvent(r, false);
            }
        } finally {
            lock.unlock();
        }
        if (e != null) {
            emit(e);
        }
    }

    // ================================================================== replies

    /** The frames since the last send (or since the connection opened), and what a transform made of them. */
    private static final class Reply {
        /** How many frame values a reply keeps for {@code frames} and a transformStream's {@code messages}. */
        static final int KEPT = 10_000;
        /** ArrayDeque holds no nulls: JSON null frames are kept as this. */
        private static final Object NULL = new Object();

        final long startNanos;
        final String prompt;
        final String sent;
        final boolean binary;
        final ActiveTransform transform;
        final Map<String, Object> vars;
        /** the frames' values, the latest {@link #KEPT} of them (a stream that never ends must not fill the heap) */
        final java.util.ArrayDeque<Object> values = new java.util.ArrayDeque<>();
        /** what a transformStream sees as {@code messages}: at most 2 x {@link #KEPT}, the oldest dropped in halves */
        final List<Object> messages = new ArrayList<>();

        Object lastPayload;
        long firstNanos = -1;
        long lastNanos = -1;
        long maxGap = -1;
        long bytes;
        int frames;
        int summarized;
        Object accumulator = WebSocketProvider.INITIAL_ACCUMULATOR;
        boolean hardDone;
        boolean transformFailed;
        Object output;
        String error;
        /**
         * The reply this one replaced on its connection (only it: each reply lets go of the one before), for a frame
         * that arrived before this reply's frame was sent but reached the frame thread after.
         */
        Reply before;

        Reply(
                long startNanos,
                String prompt,
                String sent,
                boolean binary,
                ActiveTransform transform,
                Map<String, Object> vars) {
            this.startNanos = startNanos;
            this.prompt = prompt;
            this.sent = sent;
            this.binary = binary;
            this.transform = transform;
            this.vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        }

        /** The frames a connection sends before anything was sent on it (a greeting). */
        boolean greeting() {
            return sent == null && !binary;
        }

        /** Records a frame; returns its index in the reply. */
        int frame(long at, int size, Object value, Object payload) {
            if (frames == 0) {
                firstNanos = at;
            } else {
                maxGap = Math.max(maxGap, at - lastNanos);
            }
            lastNanos = at;
            bytes += size;
            keep(values, value);
            lastPayload = payload;
            return frames++;
        }

        static void keep(java.util.ArrayDeque<Object> deque, Object value) {
            if (deque.size() == KEPT) {
                deque.removeFirst();
            }
            deque.addLast(value == null ? NULL : value);
        }

        /** The deque's values as a list ({@code null} for JSON null frames). */
        static List<Object> list(java.util.ArrayDeque<Object> deque) {
            List<Object> out = new ArrayList<>(deque.size());
            for (Object o : deque) {
                out.add(o == NULL ? null : o);
            }
            return Collections.unmodifiableList(out);
        }

        /** The transform's output when it said done, else the last text frame as received. */
        Optional<String> finalOutput() {
            if (hardDone && output != null && error == null) {
                return Optional.of(output instanceof String s ? s : Json.stringify(output));
            }
            if (hardDone || transformFailed || frames == 0) {
                return Optional.empty();
            }
            return lastPayload instanceof String s ? Optional.of(s) : Optional.empty();
        }
    }

    // ================================================================== rendering

    /**
     * The time from the reply's start to {@code nanos}, never negative: a connection's greeting can be read before the
     * connect call returns and stamps the connection as open, and was shown as {@code +-1 ms}.
     */
    private static Duration sinceStart(Reply r, long nanos) {
        return elapsed(r.startNanos, nanos);
    }

    /** From {@code fromNanos} to {@code toNanos} ({@link System#nanoTime} readings), or zero when the second is earlier. */
    static Duration elapsed(long fromNanos, long toNanos) {
        return Duration.ofNanos(Math.max(0, toNanos - fromNanos));
    }

    private ConsoleEvent received(Reply r, int index, Incoming in, Object value) {
        Duration since = sinceStart(r, in.nanos());
        Styled.Builder b = Styled.builder().add(Style.RECEIVED, "< ");
        if (timings) {
            b.add(Style.DIM, "+" + since.toMillis() + " ms ");
        }
        if (in.payload() instanceof byte[] data) {
            binaryText(b, data);
        } else {
            frameText(b, (String) in.payload(), value);
        }
        return new ConsoleEvent.Received(b.build(), index, since, value);
    }

    private Styled sentText(String text, byte[] binary) {
        Styled.Builder b = Styled.builder().add(Style.SENT, "> ");
        if (binary != null) {
            binaryText(b, binary);
        } else {
            JsonMode mode = json;
            if (scripted && mode == JsonMode.OFF) {
                b.plain(oneFrameLine(text));
            } else {
                b.add(Style.DIM, text);
            }
        }
        return b.build();
    }

    /** {@code … accumulated text} (dim), one line, for a streamResponse accumulator that changed. */
    private Styled accumulatorText(Object acc) {
        Object shown = acc instanceof Map<?, ?> m && m.containsKey("output") ? m.get("output") : acc;
        String text = shown instanceof String str ? str : Json.stringify(shown);
        return Styled.builder()
                .add(Style.DIM, "  … " + oneLine(text, Math.max(20, width.getAsInt() - 5)))
                .build();
    }

    private void frameText(Styled.Builder b, String text, Object value) {
        JsonMode mode = json;
        if (!scripted && text.length() > DISPLAY_LIMIT) {
            // a huge frame would flood the terminal; = last holds all of it
            b.plain(text.substring(0, DISPLAY_LIMIT))
                    .add(
                            Style.DIM,
                            "… (" + bytes(text.getBytes(StandardCharsets.UTF_8).length) + " in all; = last has it)");
            return;
        }
        if (mode != JsonMode.OFF && (value instanceof Map<?, ?> || value instanceof List<?>)) {
            JsonStyler.fitted(b, value, b.length(), width.getAsInt(), mode == JsonMode.INDENT, "  ");
        } else if (scripted) {
            b.plain(oneFrameLine(text));
        } else {
            b.plain(text);
        }
    }

    /** One frame on one line: JSON compacted when it spans lines, other text with line breaks escaped. */
    private static String oneFrameLine(String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        Object v = Json.parseOrText(text);
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return Json.stringify(v);
        }
        return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }

    private void binaryText(Styled.Builder b, byte[] data) {
        b.add(Style.DIM, "binary " + data.length + (data.length == 1 ? " byte" : " bytes") + ":");
        if (scripted) {
            if (data.length > 0) {
                b.plain(" " + HexFormat.ofDelimiter(" ").formatHex(data));
            }
            return;
        }
        int n = Math.min(data.length, BINARY_PREVIEW);
        for (int row = 0; row < n; row += 16) {
            int end = Math.min(n, row + 16);
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            for (int i = row; i < row + 16; i++) {
                if (i < end) {
                    hex.append(String.format(Locale.ROOT, "%02x ", data[i] & 0xFF));
                    char c = (char) (data[i] & 0xFF);
                    ascii.append(c >= 32 && c < 127 ? c : '.');
                } else {
                    hex.append("   ");
                }
            }
            b.plain("\n  ").add(Style.DIM, String.format(Locale.ROOT, "%04x  ", row));
            b.add(Style.NUMBER, hex.toString()).add(Style.DIM, " " + ascii);
        }
        if (data.length > n) {
            b.plain("\n  ").add(Style.DIM, "… " + (data.length - n) + " more bytes");
        }
    }

    private ConsoleEvent replyEvent(Reply r, boolean complete) {
        Styled.Builder b = Styled.builder();
        Optional<Duration> first = r.firstNanos < 0 ? Optional.empty() : Optional.of(sinceStart(r, r.firstNanos));
        Optional<Duration> gap = r.maxGap < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(r.maxGap));
        boolean line = false;
        if (complete) {
            if (r.error != null) {
                b.add(Style.ERROR, "error: " + r.error);
            } else {
                b.add(Style.OUTPUT, "=> ");
                if (r.output instanceof Map<?, ?> || r.output instanceof List<?>) {
                    JsonStyler.fitted(b, r.output, 3, width.getAsInt(), json == JsonMode.INDENT, "   ");
                } else {
                    String out = r.output instanceof String s ? s : Json.stringify(r.output);
                    b.add(Style.OUTPUT, scripted ? oneFrameLine(out) : out);
                }
            }
            line = true;
        }
        if (timings) {
            if (line) {
                b.plain("\n");
            }
            List<String> parts = new ArrayList<>();
            first.ifPresent(f -> parts.add("first frame +" + f.toMillis() + " ms"));
            parts.add(r.frames + (r.frames == 1 ? " frame" : " frames"));
            gap.ifPresent(g -> parts.add("longest gap " + g.toMillis() + " ms"));
            parts.add(bytes(r.bytes));
            b.add(Style.DIM, (complete ? "   " : "") + (complete ? "" : "reply: ") + String.join(", ", parts));
        }
        return new ConsoleEvent.Reply(
                b.build(),
                r.frames,
                first,
                gap,
                complete ? Optional.ofNullable(r.output) : Optional.empty(),
                Optional.ofNullable(r.error),
                complete);
    }

    private ConsoleEvent closedEvent(int code, String reason) {
        Styled text;
        if (scripted) {
            text = Styled.plain("< close " + code + (reason.isEmpty() ? "" : " " + reason));
        } else {
            String what = code == 1006 ? "connection lost" : "closed by the server";
            text = Styled.builder()
                    .add(
                            code == 1000 ? Style.DIM : Style.WARN,
                            what + ": " + code + (reason.isEmpty() ? "" : " " + reason))
                    .add(Style.DIM, " (/reconnect to connect again)")
                    .build();
        }
        return new ConsoleEvent.Closed(text, code, reason, true);
    }

    // ================================================================== events

    private void emit(ConsoleEvent e) {
        synchronized (emitLock) {
            listener.event(e);
        }
    }

    private void emit(List<ConsoleEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        synchronized (emitLock) {
            for (ConsoleEvent e : events) {
                listener.event(e);
            }
        }
    }

    private void output(Styled text) {
        emit(new ConsoleEvent.Output(text));
    }

    private void notice(Styled text) {
        emit(new ConsoleEvent.Notice(text));
    }

    private boolean fail(String message) {
        emit(problemEvent(message, null));
        return false;
    }

    private boolean failWith(String message, Throwable cause) {
        emit(problemEvent(message, cause));
        return false;
    }

    private ConsoleEvent problemEvent(String message, Throwable cause) {
        Styled.Builder b = Styled.builder().add(Style.ERROR, message);
        if (debug && cause != null) {
            StringWriter w = new StringWriter();
            cause.printStackTrace(new PrintWriter(w));
            b.plain("\n").add(Style.DIM, w.toString().stripTrailing());
        }
        return new ConsoleEvent.Problem(b.build(), message);
    }

    // ================================================================== helpers

    private TemplateEngine newTemplates() {
        return TemplateEngine.builder()
                .env(env)
                .filters(config.map(EvalConfig::nunjucksFilters).orElse(Map.of()))
                .build();
    }

    private static String frames(long n) {
        return n + (n == 1 ? " frame" : " frames");
    }

    static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String micros(long nanos) {
        double ms = nanos / 1_000_000.0;
        return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : Math.round(ms) + " ms";
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    private static String human(Duration d) {
        long s = d.truncatedTo(ChronoUnit.SECONDS).toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    static String oneLine(String s, int max) {
        String one = s.replace("\r", " ").replace("\n", " ").replace("\t", " ");
        return one.length() <= max ? one : one.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** Builds a {@link ConsoleEngine}. */
    public static final class Builder {
        private Map<String, String> env = Map.of();
        private Path workingDir = Path.of("").toAbsolutePath();
        private EvalConfig config;
        private ConsoleListener listener = e -> {};
        private boolean scripted;
        private Duration quiet = Duration.ofSeconds(1);
        private Duration connectTimeout = WsConnectOptions.DEFAULT_CONNECT_TIMEOUT;
        private IntSupplier width = () -> 100;
        private Supplier<List<String>> inputHistory;
        private final List<AutoCloseable> resources = new ArrayList<>();
        private String mockUrl;
        private final Map<String, Object> vars = new LinkedHashMap<>();

        private Builder() {}

        /** The environment templates see as {@code env} (and providers read keys from). */
        public Builder env(Map<String, String> env) {
            this.env = Objects.requireNonNull(env, "env");
            return this;
        }

        /** The folder relative paths ({@code /send}, {@code /save}, {@code file://}) resolve against. */
        public Builder workingDir(Path workingDir) {
            this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
            return this;
        }

        /** The eval config whose providers {@code /call} calls and whose tests {@code /eval} runs. */
        public Builder config(EvalConfig config) {
            this.config = config;
            return this;
        }

        public Builder listener(ConsoleListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Scripted mode: sends wait for their reply, frames print one per line, JSON is shown as received and
         * timings are off (both can be turned on with /json and /timings).
         */
        public Builder scripted(boolean scripted) {
            this.scripted = scripted;
            return this;
        }

        /** The silence after which a reply counts as finished (default 1 s). */
        public Builder quiet(Duration quiet) {
            if (quiet.isNegative()) {
                throw new IllegalArgumentException("quiet must not be negative");
            }
            this.quiet = quiet;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** The terminal's width in columns, asked each time a frame is laid out. */
        public Builder width(IntSupplier width) {
            this.width = Objects.requireNonNull(width, "width");
            return this;
        }

        /** What {@code /history} lists (the JLine history); by default the lines this engine ran. */
        public Builder inputHistory(Supplier<List<String>> inputHistory) {
            this.inputHistory = inputHistory;
            return this;
        }

        /** Something to close with the engine (an embedded mock server started for the config). */
        public Builder closeWith(AutoCloseable resource) {
            resources.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /** The URL of a mock server already running for this session ({@code /mock} then just prints it). */
        public Builder mockUrl(String mockUrl) {
            this.mockUrl = mockUrl;
            return this;
        }

        /** Variables set before the first line ({@code --var}). */
        public Builder vars(Map<String, String> vars) {
            this.vars.putAll(vars);
            return this;
        }

        public ConsoleEngine build() {
            return new ConsoleEngine(this);
        }
    }
}

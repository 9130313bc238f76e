package io.github.wstoolkit.realtime;

import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.ws.WsConnectOptions;
import io.github.wstoolkit.ws.WsConnection;
import io.github.wstoolkit.ws.WsListener;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open Realtime API session: send typed {@link ClientEvent}s, read typed {@link ServerEvent}s.
 *
 * <pre>{@code
 * try (RealtimeSession session = RealtimeSession.open(RealtimeOptions.builder().model("gpt-realtime").build())) {
 *     session.send(new ClientEvent.SessionUpdate(Map.of("type", "realtime", "output_modalities", List.of("text"))));
 *     session.send(ClientEvent.ConversationItemCreate.userText("Hello!"));
 *     session.send(ClientEvent.ResponseCreate.withSessionDefaults());
 *     RealtimeResponse response = session.awaitResponse(Duration.ofSeconds(30));
 *     System.out.println(response.text());
 * }
 * }</pre>
 *
 * <p>Events are queued in arrival order and read with {@link #next(Duration)} (or {@link #awaitResponse}) by one
 * thread at a time, unless the options name a {@link Listener}, which then receives them on the socket's thread
 * instead. {@link #send} is safe from any thread. Every client event gets an {@code event_id}
 * ({@code event_<uuid>}).
 */
public final class RealtimeSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RealtimeSession.class.getName());

    /** Receives the events of a session whose options name it; callbacks never overlap. */
    public interface Listener {
        default void onEvent(ServerEvent event) {}

        /** The session closed; nothing follows. */
        default void onClose(int code, String reason) {}

        /** A transport error, or a frame that is not a JSON event; for a transport error {@link #onClose} follows. */
        default void onError(ProviderException error) {}
    }

    /**
     * How the socket closed.
     *
     * @param code the close code (1006 when the transport failed without a close frame)
     * @param reason the close reason, possibly empty
     */
    public record CloseStatus(int code, String reason) {}

    private sealed interface Signal {}

    private record Event(ServerEvent event) implements Signal {}

    private record Closed(int code, String reason) implements Signal {}

    private record Failed(ProviderException error) implements Signal {}

    private record Malformed(ProviderException error) implements Signal {}

    private final WsConnection connection;
    private final RealtimeOptions options;
    private final LinkedBlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private volatile CloseStatus closeStatus;
    private volatile ProviderException failure;
    private Signal terminal;

    private RealtimeSession(RealtimeOptions options, Receiver receiver) throws ProviderException, InterruptedException {
        this.options = options;
        receiver.session = this;
        this.connection = WsConnection.open(
                WsConnectOptions.builder(options.uri())
                        .headers(options.headers())
                        .connectTimeout(options.connectTimeout())
                        .build(),
                receiver);
    }

    /**
     * Opens a session and waits for the handshake.
     *
     * @throws ProviderException when the connection cannot be opened (refused, handshake status such as
     *     {@code HTTP 401}, timeout); the message never holds the URL or a header value
     * @throws InterruptedException when interrupted while waiting
     */
    public static RealtimeSession open(RealtimeOptions options) throws ProviderException, InterruptedException {
        return new RealtimeSession(Objects.requireNonNull(options, "options"), new Receiver());
    }

    /** Turns WebSocket callbacks into queued signals (or listener calls); the session is set before opening. */
    private static final class Receiver implements WsListener {
        private RealtimeSession session;

        @Override
        public void onText(String text) {
            session.received(text);
        }

        @Override
        public void onBinary(byte[] data) {
            session.receivedBinary(data);
        }

        @Override
        public void onClose(int code, String reason) {
            session.closed(code, reason);
        }

        @Override
        public void onError(Throwable error) {
            session.failed(error);
        }
    }

    private void received(String text) {
        framesReceived.incrementAndGet();
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        bytesReceived.addAndGet(size);
        options.frameObserver().ifPresent(o -> o.onFrame(Frame.Direction.RECEIVED, text, size));
        Signal signal;
        try {
            Object parsed = Json.parse(text);
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("a server event must be a JSON object");
            }
            Map<String, Object> json = new LinkedHashMap<>();
            m.forEach((k, v) -> json.put(String.valueOf(k), v));
            signal = new Event(ServerEvent.of(json));
        } catch (RuntimeException e) {
            signal = new Malformed(new ProviderException(
                    ProviderException.Kind.RESPONSE,
                    "Error processing WebSocket message: " + scrub(e.getMessage()),
                    e));
        }
        signal(signal);
    }

    private void receivedBinary(byte[] data) {
        framesReceived.incrementAndGet();
        bytesReceived.addAndGet(data.length);
        options.frameObserver()
                .ifPresent(o -> o.onFrame(
                        Frame.Direction.RECEIVED,
                        Frame.binary(Frame.Direction.RECEIVED, Duration.ZERO, data)
                                .preview(),
                        data.length));
        LOG.log(Level.DEBUG, "ignoring a binary frame of {0} bytes (the Realtime API speaks JSON text)", data.length);
    }

    private void closed(int code, String reason) {
        closeStatus = new CloseStatus(code, reason == null ? "" : reason);
        signal(new Closed(code, closeStatus.reason()));
    }

    private void failed(Throwable error) {
        ProviderException e = error instanceof ProviderException pe
                ? pe
                : new ProviderException(
                        ProviderException.Kind.CONNECTION, scrub(String.valueOf(error.getMessage())), error);
        failure = e;
        signal(new Failed(e));
    }

    private void signal(Signal signal) {
        Optional<Listener> l = options.listener();
        if (l.isEmpty()) {
            queue.add(signal);
            return;
        }
        Listener listener = l.get();
        switch (signal) {
            case Event e -> listener.onEvent(e.event());
            case Closed c -> listener.onClose(c.code(), c.reason());
            case Failed f -> listener.onError(f.error());
            case Malformed m -> listener.onError(m.error());
        }
    }

    private String scrub(String text) {
        return Redaction.scrub(text == null ? "" : text, options.secrets());
    }

    /**
     * Sends an event, adding its {@code event_id}.
     *
     * @return the {@code event_id} sent
     * @throws ProviderException {@link ProviderException.Kind#CLOSED} when the session is closed, or a transport
     *     failure
     */
    public String send(ClientEvent event) throws ProviderException {
        String eventId = "event_" + UUID.randomUUID();
        Map<String, Object> json = event.toJson(eventId);
        String text = Json.stringify(json);
        connection.sendText(text);
        options.frameObserver()
                .ifPresent(o -> o.onFrame(Frame.Direction.SENT, text, text.getBytes(StandardCharsets.UTF_8).length));
        Object id = json.get("event_id");
        return id instanceof String s ? s : eventId;
    }

    /**
     * The next server event, waiting at most this long.
     *
     * @return the event, or empty when none arrived in time
     * @throws ProviderException {@link ProviderException.Kind#CLOSED} (with {@link ProviderException#closeCode()})
     *     once the socket has closed and every earlier event was read; the transport error when the socket failed;
     *     {@link ProviderException.Kind#RESPONSE} for a frame that is not a JSON event (the session stays usable)
     * @throws IllegalStateException when the options name a {@link Listener}
     * @throws InterruptedException when interrupted while waiting
     */
    public Optional<ServerEvent> next(Duration timeout) throws ProviderException, InterruptedException {
        if (options.listener().isPresent()) {
            throw new IllegalStateException("this session delivers its events to a listener");
        }
        synchronized (queue) {
            if (terminal != null) {
                throw terminalException(terminal);
            }
            long nanos = Math.max(0, timeout.toNanos());
            Signal s = queue.poll(nanos, TimeUnit.NANOSECONDS);
            if (s == null) {
                return Optional.empty();
            }
            return switch (s) {
                case Event e -> Optional.of(e.event());
                case Malformed m -> throw m.error();
                case Failed f -> {
                    terminal = f;
                    throw f.error();
                }
                case Closed c -> {
                    terminal = c;
                    throw terminalException(c);
                }
            };
        }
    }

    private ProviderException terminalException(Signal s) {
        if (s instanceof Failed f) {
            return f.error();
        }
        Closed c = (Closed) s;
        return ProviderException.builder(
                        ProviderException.Kind.CLOSED,
                        "WebSocket closed with code " + c.code()
                                + (c.reason().isEmpty() ? "" : ": " + scrub(c.reason())))
                .closeCode(c.code())
                .build();
    }

    /**
     * Collects the next response: reads events until {@code response.done}, gathering text (deltas, replaced by the
     * final {@code .done} text), audio bytes, function calls and usage.
     *
     * @param timeout the longest the whole response may take
     * @throws ProviderException {@link ProviderException.Kind#TIMEOUT} when no {@code response.done} arrives in
     *     time; {@link ProviderException.Kind#RESPONSE} for a server {@code error} event (message
     *     {@code Error: <message>}, {@link ProviderException#code()} the error's code); what {@link #next} throws
     * @throws InterruptedException when interrupted while waiting
     */
    public RealtimeResponse awaitResponse(Duration timeout) throws ProviderException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServerEvent> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        Map<String, RealtimeResponse.FunctionCall> calls = new LinkedHashMap<>();
        String responseId = "";
        while (true) {
            long left = deadline - System.nanoTime();
            Optional<ServerEvent> next = left <= 0 ? Optional.empty() : next(Duration.ofNanos(left));
            if (next.isEmpty()) {
                throw ProviderException.builder(
                                ProviderException.Kind.TIMEOUT, "No response.done within " + timeout.toMillis() + " ms")
                        .transientFailure(true)
                        .code("TIMEOUT")
                        .build();
            }
            ServerEvent event = next.get();
            events.add(event);
            switch (event) {
                case ServerEvent.ResponseCreated c -> responseId = c.responseId();
                case ServerEvent.TextDelta d -> text.append(d.delta());
                case ServerEvent.TextDone d -> {
                    if (!d.text().isEmpty()) {
                        text.setLength(0);
                        text.append(d.text());
                    }
                }
                case ServerEvent.AudioDelta d -> audio.writeBytes(d.audio());
                case ServerEvent.OutputItem o
                when o.itemType().orElse("").equals("function_call") -> {
                    String callId = String.valueOf(o.item().getOrDefault("call_id", ""));
                    String args = o.item().get("arguments") instanceof String a && !a.isEmpty() ? a : "{}";
                    RealtimeResponse.FunctionCall old = calls.get(callId);
                    String name = String.valueOf(o.item().getOrDefault("name", old == null ? "" : old.name()));
                    if (old == null || o.type().endsWith(".done")) {
                        calls.put(callId, new RealtimeResponse.FunctionCall(callId, name, args));
                    }
                }
                case ServerEvent.FunctionCallArgumentsDone d -> {
                    RealtimeResponse.FunctionCall old = calls.get(d.callId());
                    String name = d.name().orElse(old == null ? "" : old.name());
                    calls.put(d.callId(), new RealtimeResponse.FunctionCall(d.callId(), name, d.arguments()));
                }
                case ServerEvent.ErrorEvent e ->
                    throw ProviderException.builder(ProviderException.Kind.RESPONSE, "Error: " + scrub(e.message()))
                            .code(e.code().orElse(null))
                            .build();
                case ServerEvent.ResponseDone d -> {
                    return new RealtimeResponse(
                            d.responseId().isEmpty() ? responseId : d.responseId(),
                            d.status(),
                            text.toString(),
                            audio.toByteArray(),
                            new ArrayList<>(calls.values()),
                            d.usage(),
                            events);
                }
                default -> {
                    // other events only go into the event list
                }
            }
        }
    }

    /** True until the socket closes or fails. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** How the socket closed, once it has. */
    public Optional<CloseStatus> closeStatus() {
        return Optional.ofNullable(closeStatus);
    }

    /** The transport error that ended the session, if one did. */
    public Optional<ProviderException> failure() {
        return Optional.ofNullable(failure);
    }

    /** How long the handshake took. */
    public Duration connectDuration() {
        return connection.connectDuration();
    }

    /** Frames received so far. */
    public long framesReceived() {
        return framesReceived.get();
    }

    /** Payload bytes received so far. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Closes with 1000. Idempotent. */
    @Override
    public void close() {
        connection.close();
    }

    /** Closes with this code and reason. Idempotent. */
    public void close(int code, String reason) {
        connection.close(code, reason);
    }
}

package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.transform.FunctionCallHandler;
import io.github.wstoolkit.realtime.ClientEvent;
import io.github.wstoolkit.realtime.RealtimeSession;
import io.github.wstoolkit.realtime.ServerEvent;
import io.github.wstoolkit.ws.internal.calls.CallRecorder;
import java.io.ByteArrayOutputStream;
import java.io.Serial;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One turn on a Realtime socket, as promptfoo runs it: sends the session and the user item, answers the user item
 * with {@code response.create}, runs tool rounds, and collects the output. Runs on the calling thread; the socket's
 * events are read with {@link RealtimeSession#next}, so the timers are plain waits: from connect for a direct call,
 * per received event for a persistent one, and not running while a tool handler runs.
 */
public final class Turn {

    /** The output sent for a function call whose handler failed, timed out or returned nothing. */
    public static final String REDACTED_TOOL_OUTPUT = "{\"error\":\"Tool execution failed\"}";

    private static final System.Logger LOG = System.getLogger(Turn.class.getName());

    /** How long a failed send waits for the close frame that explains it. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    /** What a turn needs. */
    public record Setup(
            boolean persistent,
            Map<String, Object> session,
            Map<String, Object> response,
            List<Map<String, Object>> content,
            Optional<String> previousItemId,
            Optional<FunctionCallHandler> handler,
            Duration timeout,
            Duration toolCallTimeout,
            int maxToolIterations,
            Optional<Instant> deadline,
            List<String> secrets) {}

    /**
     * A turn that failed; {@code teardown} says whether a persistent socket must be dropped. A failure of the
     * connection or the protocol (a close, a timeout, a transport error, a malformed frame) has a kind and becomes a
     * thrown {@link ProviderException}; the server's {@code error} event and a tool loop beyond
     * {@code maxToolIterations} are application-level errors ({@link #application()}), which the provider resolves
     * as an error response (with what the turn collected), as promptfoo does.
     */
    public static final class Failure extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        private final boolean teardown;
        private final boolean closedWhileIdle;
        private final ProviderException.Kind kind;
        private final Integer closeCode;

        Failure(String message, ProviderException.Kind kind, boolean teardown, Throwable cause) {
            this(message, kind, null, teardown, cause, false);
        }

        Failure(
                String message,
                ProviderException.Kind kind,
                Integer closeCode,
                boolean teardown,
                Throwable cause,
                boolean closedWhileIdle) {
            super(message, cause);
            this.kind = kind;
            this.closeCode = closeCode;
            this.teardown = teardown;
            this.closedWhileIdle = closedWhileIdle;
        }

        /**
         * An application-level failure: the server's {@code error} event, or the model calling tools beyond
         * {@code maxToolIterations}; the connection did not fail, and asking again gives the same answer.
         */
        static Failure application(String message, boolean teardown) {
            return new Failure(message, null, null, teardown, null, false);
        }

        public boolean teardown() {
            return teardown;
        }

        /**
         * True when the socket turned out to be closed before the server answered anything of this turn (it closed
         * while idle): the turn may be retried on a fresh socket.
         */
        public boolean closedWhileIdle() {
            return closedWhileIdle;
        }

        /** True for an application-level error (the server's {@code error} event), which resolves. */
        public boolean application() {
            return kind == null;
        }

        /**
         * This failure as the exception the provider throws, with its data: the close code of a close (1012 and
         * 1013 transient), the code, status and transience of a transport failure.
         */
        public ProviderException toProviderException() {
            if (kind == null) {
                throw new IllegalStateException("an application-level failure resolves");
            }
            ProviderException.Builder b = ProviderException.builder(kind, String.valueOf(getMessage()))
                    .cause(getCause());
            if (closeCode != null) {
                b.closeCode(closeCode)
                        .code("CLOSED " + closeCode)
                        .transientFailure(closeCode == 1012 || closeCode == 1013);
            } else if (getCause() instanceof ProviderException pe && pe.kind() == kind) {
                pe.code().ifPresent(b::code);
                pe.httpStatus().ifPresent(b::httpStatus);
                pe.retryAfter().ifPresent(b::retryAfter);
                b.transientFailure(pe.isTransient());
            } else if (kind == ProviderException.Kind.TIMEOUT) {
                b.code("TIMEOUT");
            }
            return b.build();
        }
    }

    private final RealtimeSession socket;
    private final Setup setup;
    private final CallRecorder recorder;

    // what the turn collected
    private String responseId;
    private String messageId;
    private String lastUserItemId;
    private String previousItemId;
    private final List<String> assistantItemIds = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    private boolean audioInProgress;
    private boolean audioDone;
    private boolean responseDone;
    private final Map<String, String[]> pending = new LinkedHashMap<>();
    private final List<String> attempted = new ArrayList<>();
    private final List<Map<String, Object>> usageEvents = new ArrayList<>();
    private final List<String> functionCallResults = new ArrayList<>();
    private boolean functionCallOccurred;
    private Map<String, Object> lastResponse = Map.of();
    private int rounds;
    private boolean receivedAny;
    private long deadlineNanos;

    public Turn(RealtimeSession socket, Setup setup, CallRecorder recorder, long startedNanos) {
        this.socket = socket;
        this.setup = setup;
        this.recorder = recorder;
        this.previousItemId = setup.previousItemId().orElse(null);
        this.deadlineNanos = startedNanos + setup.timeout().toNanos();
    }

    /**
     * Runs the turn to its end.
     *
     * @throws Failure with promptfoo's message (without the {@code WebSocket error: Error: } prefix)
     * @throws InterruptedException when the calling thread is interrupted
     */
    public void run() throws Failure, InterruptedException {
        send(new ClientEvent.SessionUpdate(setup.session()));
        send(new ClientEvent.ConversationItemCreate(Optional.ofNullable(previousItemId), userItem()));
        recorder.requestSent();
        while (true) {
            ServerEvent event = nextEvent();
            if (handle(event)) {
                return;
            }
        }
    }

    private Map<String, Object> userItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "message");
        item.put("role", "user");
        item.put("content", setup.content());
        return item;
    }

    private ServerEvent nextEvent() throws Failure, InterruptedException {
        long now = System.nanoTime();
        long wait = setup.persistent() ? setup.timeout().toNanos() : deadlineNanos - now;
        boolean callDeadline = false;
        if (setup.deadline().isPresent()) {
            long untilDeadline =
                    Duration.between(Instant.now(), setup.deadline().get()).toNanos();
            if (untilDeadline < wait) {
                wait = untilDeadline;
                callDeadline = true;
            }
        }
        Optional<ServerEvent> event;
        try {
            event = wait <= 0 ? Optional.empty() : socket.next(Duration.ofNanos(wait));
        } catch (ProviderException e) {
            throw failureOf(e);
        }
        if (event.isPresent()) {
            receivedAny = true;
        }
        if (event.isEmpty()) {
            LOG.log(Level.DEBUG, "Realtime turn timed out (call deadline: {0})", callDeadline);
            throw new Failure(
                    setup.persistent() ? "WebSocket response timed out" : "WebSocket connection timed out",
                    ProviderException.Kind.TIMEOUT,
                    true,
                    null);
        }
        return event.get();
    }

    private Failure failureOf(ProviderException e) {
        if (e.kind() == ProviderException.Kind.CLOSED) {
            RealtimeSession.CloseStatus status = socket.closeStatus()
                    .orElse(new RealtimeSession.CloseStatus(e.closeCode().orElse(1006), ""));
            String reason = scrub(status.reason());
            if (setup.persistent()) {
                return new Failure(
                        "Persistent WebSocket closed mid-turn (code=" + status.code()
                                + (reason.isEmpty() ? "" : ", reason=" + reason) + ")",
                        ProviderException.Kind.CLOSED,
                        status.code(),
                        true,
                        e,
                        !receivedAny);
            }
            return new Failure(
                    "WebSocket closed unexpectedly with code " + status.code() + ": " + reason
                            + ". This may indicate a networking issue, firewall restriction, or API access limitation.",
                    ProviderException.Kind.CLOSED,
                    status.code(),
                    true,
                    e,
                    false);
        }
        // a transport failure, or a frame that is not JSON (the socket itself is still usable then)
        return new Failure(
                e.getMessage(), e.kind(), e.kind() != ProviderException.Kind.RESPONSE || !setup.persistent(), e);
    }

    private void send(ClientEvent event) throws Failure, InterruptedException {
        try {
            socket.send(event);
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.CLOSED || peerClosed(e)) {
                throw closeFailure(e);
            }
            throw new Failure(e.getMessage(), e.kind(), null, true, e, false);
        }
    }

    /**
     * A send the other end refused because it had closed the socket ({@code EPIPE}, {@code ECONNRESET}): the same as
     * finding the socket closed, whose close frame was not read yet. A persistent socket the server closed while idle
     * fails the next turn's first send this way when that turn starts before the close is noticed; as a close it is
     * retried on a fresh socket (PersistentModeTest.idleServerCloseIsSilentAndTheNextTurnReconnects failed with
     * {@code (EPIPE)} once).
     */
    private static boolean peerClosed(ProviderException e) {
        return e.kind() == ProviderException.Kind.CONNECTION
                && e.code()
                        .filter(c -> c.equals("EPIPE") || c.equals("ECONNRESET"))
                        .isPresent();
    }

    /**
     * A send found the socket closed: the server usually closed it in answer to an earlier frame, and its close
     * frame (code and reason) is on its way or already queued. Report that close as a mid-turn close, waiting a
     * moment for it; else the send's own error.
     *
     * <p>The events queued before the close are still this turn's: the server may have answered the frame the send
     * reports as failed (Tyrus can fail a send whose frame did leave when the close lands meanwhile), so what they
     * say ({@code response.created}'s id, usage) is recorded, though nothing more is sent.
     */
    private Failure closeFailure(ProviderException sendError) throws InterruptedException {
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        try {
            for (long left = CLOSE_GRACE.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Optional<ServerEvent> event = socket.next(Duration.ofNanos(left));
                if (event.isPresent()) {
                    receivedAny = true;
                    record(event.get());
                }
            }
        } catch (ProviderException closed) {
            if (closed.kind() == ProviderException.Kind.CLOSED) {
                Failure f = failureOf(closed);
                return new Failure(f.getMessage(), f.kind, f.closeCode, true, closed, !receivedAny);
            }
        }
        return new Failure(sendError.getMessage(), sendError.kind(), null, true, sendError, !receivedAny);
    }

    /** Records what an event says about the turn without answering it (the turn has already failed). */
    private void record(ServerEvent event) {
        switch (event) {
            case ServerEvent.ConversationItem item -> {
                String id = item.itemId().orElse(null);
                if (id != null && item.role().orElse("").equals("user")) {
                    lastUserItemId = id;
                    messageId = id;
                }
            }
            case ServerEvent.ResponseCreated created -> {
                if (!created.responseId().isEmpty()) {
                    responseId = created.responseId();
                }
            }
            case ServerEvent.ResponseDone done -> {
                done.usage().ifPresent(usageEvents::add);
                if (!done.responseId().isEmpty() && responseId == null) {
                    responseId = done.responseId();
                }
            }
            default -> {
                // output of a turn that failed is not reported
            }
        }
    }

    /** Handles one event; true when the turn is complete. */
    private boolean handle(ServerEvent event) throws Failure, InterruptedException {
        switch (event) {
            case ServerEvent.ConversationItem item -> {
                String id = item.itemId().orElse(null);
                String role = item.role().orElse("");
                if (role.equals("user") && id != null && !id.equals(lastUserItemId)) {
                    lastUserItemId = id;
                    messageId = id;
                    previousItemId = id;
                    send(ClientEvent.ResponseCreate.of(setup.response()));
                } else if (role.equals("assistant") && id != null) {
                    if (!assistantItemIds.contains(id)) {
                        assistantItemIds.add(id);
                    }
                    previousItemId = id;
                }
            }
            case ServerEvent.ResponseCreated created -> {
                if (!created.responseId().isEmpty()) {
                    responseId = created.responseId();
                }
            }
            case ServerEvent.TextDelta delta -> {
                recorder.answerBegan();
                text.append(delta.delta());
            }
            case ServerEvent.TextDone done -> {
                if (!done.text().isEmpty()) {
                    text.setLength(0);
                    text.append(done.text());
                }
            }
            case ServerEvent.AudioDelta delta -> {
                recorder.answerBegan();
                try {
                    audio.writeBytes(delta.audio());
                } catch (IllegalArgumentException e) {
                    throw new Failure(
                            "Error processing WebSocket message: audio delta is not base64",
                            ProviderException.Kind.RESPONSE,
                            false,
                            e);
                }
                audioInProgress = true;
            }
            case ServerEvent.AudioDone done -> {
                audioDone = true;
                if (responseDone) {
                    return finishOrToolRound();
                }
            }
            case ServerEvent.OutputItem item
            when item.type().equals("response.output_item.added")
                    && item.itemType().orElse("").equals("function_call") -> {
                Object args = item.item().get("arguments");
                String callId = String.valueOf(item.item().getOrDefault("call_id", ""));
                pending.put(callId, new String[] {
                    String.valueOf(item.item().getOrDefault("name", "")),
                    args instanceof String a && !a.isEmpty() ? a : "{}"
                });
                functionCallOccurred = true;
            }
            case ServerEvent.FunctionCallArgumentsDone done -> {
                String[] call = pending.get(done.callId());
                if (call != null) {
                    call[1] = done.arguments();
                } else if (done.name().isPresent()) {
                    pending.put(done.callId(), new String[] {done.name().get(), done.arguments()});
                    functionCallOccurred = true;
                }
            }
            case ServerEvent.ResponseDone done -> {
                done.usage().ifPresent(usageEvents::add);
                lastResponse = done.response();
                if (!done.responseId().isEmpty() && responseId == null) {
                    responseId = done.responseId();
                }
                responseDone = true;
                if (setup.persistent() && audioInProgress && !audioDone) {
                    return false; // the audio's .done still has to arrive
                }
                return finishOrToolRound();
            }
            case ServerEvent.ErrorEvent error ->
                // direct mode rejects with Error('Error: ' + message); the persistent socket stays open
                throw Failure.application(
                        setup.persistent() ? scrub(error.message()) : "Error: " + scrub(error.message()), false);
            default -> {
                // session.*, content parts, rate limits, transcription events: nothing to do
            }
        }
        return false;
    }

    private boolean finishOrToolRound() throws Failure, InterruptedException {
        responseDone = false;
        if (!pending.isEmpty() && setup.handler().isPresent()) {
            toolRound(setup.handler().get());
            return false;
        }
        pending.values().forEach(call -> attempted.add(call[0]));
        return true;
    }

    private void toolRound(FunctionCallHandler handler) throws Failure, InterruptedException {
        if (rounds >= setup.maxToolIterations()) {
            throw Failure.application(
                    "Realtime tool-call loop exceeded maxToolIterations=" + setup.maxToolIterations()
                            + "; increase config.maxToolIterations if your evaluation legitimately requires deeper"
                            + " chains.",
                    true);
        }
        for (Map.Entry<String, String[]> call : pending.entrySet()) {
            String output = callHandler(handler, call.getValue()[0], call.getValue()[1]);
            send(new ClientEvent.FunctionCallOutput(call.getKey(), output));
            functionCallResults.add(output);
        }
        send(ClientEvent.ResponseCreate.withSessionDefaults());
        rounds++;
        pending.clear();
        text.setLength(0);
        audio.reset();
        audioInProgress = false;
        audioDone = false;
        // the direct timer restarts after a tool round; the persistent one restarts with every event anyway
        deadlineNanos = System.nanoTime() + setup.timeout().toNanos();
    }

    private String callHandler(FunctionCallHandler handler, String name, String arguments) throws InterruptedException {
        long timeoutMs = setup.toolCallTimeout().toMillis();
        // its own thread, abandoned at the timeout: not an executor closed by try-with-resources, whose close would
        // wait for a handler that loops or blocks (the interrupt ends a Groovy loop, a sleep or a wait)
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("wst-realtime-handler").start(() -> {
            try {
                result.complete(handler.handle(name, arguments));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            String output = result.get(timeoutMs, TimeUnit.MILLISECONDS);
            if (output == null) {
                LOG.log(
                        Level.WARNING,
                        "functionCallHandler \"{0}\" must return a string, got null; sending a redacted error",
                        name);
                return REDACTED_TOOL_OUTPUT;
            }
            return output;
        } catch (TimeoutException e) {
            worker.interrupt();
            LOG.log(
                    Level.WARNING,
                    "functionCallHandler \"{0}\" timed out after {1}ms; sending a redacted error",
                    name,
                    timeoutMs);
            return REDACTED_TOOL_OUTPUT;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.log(
                    Level.WARNING,
                    "functionCallHandler \"{0}\" failed ({1}: {2}); sending a redacted error",
                    name,
                    cause.getClass().getSimpleName(),
                    scrub(String.valueOf(cause.getMessage())));
            return REDACTED_TOOL_OUTPUT;
        } catch (InterruptedException e) {
            worker.interrupt();
            throw e;
        }
    }

    private String scrub(String s) {
        return io.github.wstoolkit.api.Redaction.scrub(s, setup.secrets());
    }

    // --- results

    /** The output text; when empty, the first text (or transcript) part of the last response's output items. */
    public String text() {
        if (!text.isEmpty()) {
            return text.toString();
        }
        if (lastResponse.get("output") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> m && m.get("content") instanceof List<?> parts) {
                    for (Object part : parts) {
                        if (part instanceof Map<?, ?> p) {
                            Object type = p.get("type");
                            if (("text".equals(type) || "output_text".equals(type))
                                    && p.get("text") instanceof String t) {
                                return t;
                            }
                        }
                    }
                }
            }
        }
        return "";
    }

    public byte[] audio() {
        return audio.toByteArray();
    }

    public Optional<String> responseId() {
        return Optional.ofNullable(responseId);
    }

    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    /** The item the next turn's user item follows (the latest assistant item, else the latest user item). */
    public Optional<String> previousItemId() {
        return Optional.ofNullable(previousItemId);
    }

    public List<String> assistantItemIds() {
        return List.copyOf(assistantItemIds);
    }

    public List<Map<String, Object>> usageEvents() {
        return List.copyOf(usageEvents);
    }

    public List<String> functionCallResults() {
        return List.copyOf(functionCallResults);
    }

    public boolean functionCallOccurred() {
        return functionCallOccurred;
    }

    /** Names of function calls the model made that nobody answered (no handler). */
    public List<String> attemptedFunctionCalls() {
        return List.copyOf(attempted);
    }
}

package io.github.wstoolkit.ws;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.transform.ResponseTransform;
import io.github.wstoolkit.api.transform.StreamDecision;
import io.github.wstoolkit.api.transform.StreamEvent;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.api.transform.StreamTransform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Frame assembly: how the frames of one call become its response, in one of four modes (the first that applies):
 * {@code streamResponse} with an accumulator, {@code transformStream} deciding from every value so far, legacy
 * {@code stream: true} joining chunk deltas, or the first frame through {@code transformResponse}. The public
 * {@link WebSocketProvider} keeps the options and the call's lifecycle (render, connect, send, wait, close); this keeps
 * what a frame means. Immutable; {@link #start} makes the per-call state.
 */
final class FrameAssembly {

    /** How a transform was given, which decides the wording of its errors (as promptfoo words them). */
    enum Origin {
        /** a Java object (a lambda) */
        FUNCTION,
        /** config text compiled inline */
        TEXT,
        /** config text that named a {@code file://} */
        FILE
    }

    /** Turns one call's frames into a response; returns null while more frames are needed. */
    interface Assembler {
        ProviderResponse frame(Object payload, int index, Duration at) throws ProviderException;
    }

    private final ResponseTransform transformResponse;
    private final boolean transformResponseGiven;
    private final StreamResponse streamResponse;
    private final Origin streamResponseOrigin;
    private final String streamResponseFile;
    private final StreamTransform transformStream;
    private final boolean legacyStream;
    private final String chunkType;
    private final String doneType;
    private final String deltaField;

    /**
     * @param transformResponse the response transform, or null for none (the value itself is the output)
     * @param streamResponse the per-frame accumulator function, or null
     * @param streamResponseFile the file {@code streamResponse} came from, when its origin is {@link Origin#FILE}
     * @param transformStream the per-frame decision function, or null
     * @param legacyStream whether {@code stream: true} joins chunk frames
     */
    FrameAssembly(
            ResponseTransform transformResponse,
            StreamResponse streamResponse,
            Origin streamResponseOrigin,
            String streamResponseFile,
            StreamTransform transformStream,
            boolean legacyStream,
            String chunkType,
            String doneType,
            String deltaField) {
        this.transformResponseGiven = transformResponse != null;
        this.transformResponse = transformResponse != null ? transformResponse : ResponseTransform.identity();
        this.streamResponse = streamResponse;
        this.streamResponseOrigin = streamResponseOrigin;
        this.streamResponseFile = streamResponseFile;
        this.transformStream = transformStream;
        this.legacyStream = legacyStream;
        this.chunkType = chunkType;
        this.doneType = doneType;
        this.deltaField = deltaField;
    }

    /** The per-call state of this call's mode. */
    Assembler start(CallContext context) {
        return streamResponse != null
                ? new StreamResponseMode(context)
                : transformStream != null
                        ? new TransformStreamMode(context)
                        : legacyStream ? new LegacyMode(context) : new SingleMode(context);
    }

    private static Object value(Object payload) {
        return payload instanceof String s ? Json.parseOrText(s) : payload;
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Without a streaming option, the first frame is the answer (through {@code transformResponse}). */
    private final class SingleMode implements Assembler {
        private final CallContext context;

        SingleMode(CallContext context) {
            this.context = context;
        }

        @Override
        public ProviderResponse frame(Object payload, int index, Duration at) throws ProviderException {
            Object result;
            try {
                result = transformResponse.apply(value(payload), context);
            } catch (Exception e) {
                throw new ProviderException(
                        ProviderException.Kind.RESPONSE, "Failed to process response: " + messageOf(e), e);
            }
            return rejectingResponse(result);
        }
    }

    /** A single-message result: an error or a missing output rejects. */
    private static ProviderResponse rejectingResponse(Object result) throws ProviderException {
        Normalized n = normalize(result);
        if (n.error() != null) {
            throw new ProviderException(ProviderException.Kind.RESPONSE, n.error());
        }
        if (!n.hasOutput()) {
            throw new ProviderException(ProviderException.Kind.RESPONSE, "No output from provider");
        }
        return n.response();
    }

    /** Every frame through {@code streamResponse} with the accumulator, until it says complete. */
    private final class StreamResponseMode implements Assembler {
        private final CallContext context;
        private Object accumulator = WebSocketProvider.INITIAL_ACCUMULATOR;

        StreamResponseMode(CallContext context) {
            this.context = context;
        }

        @Override
        public ProviderResponse frame(Object payload, int index, Duration at) throws ProviderException {
            StreamEvent event = payload instanceof byte[] b
                    ? StreamEvent.binary(b, index, at)
                    : StreamEvent.text((String) payload, index, at);
            StreamStep step;
            try {
                step = streamResponse.apply(accumulator, event, context);
                if (step == null) {
                    throw new IllegalStateException("streamResponse returned null, which is not iterable");
                }
            } catch (Exception e) {
                String inner =
                        switch (streamResponseOrigin) {
                            case FUNCTION -> "Error in stream response function: " + messageOf(e);
                            case FILE ->
                                "Error in stream response function from " + streamResponseFile + ": " + messageOf(e);
                            case TEXT -> "Error executing streamResponse function: " + messageOf(e);
                        };
                throw new ProviderException(
                        ProviderException.Kind.RESPONSE, "Error executing streamResponse function: " + inner, e);
            }
            accumulator = step.accumulator();
            if (!step.complete()) {
                return null;
            }
            // a completed {error} resolves (promptfoo's asymmetry with single-message mode)
            return normalize(accumulator).response();
        }
    }

    /** promptfoo's unmerged streaming branch's {@code transformStream}. */
    private final class TransformStreamMode implements Assembler {
        private final CallContext context;
        private final List<Object> messages = new ArrayList<>();

        TransformStreamMode(CallContext context) {
            this.context = context;
        }

        @Override
        public ProviderResponse frame(Object payload, int index, Duration at) throws ProviderException {
            Object message = value(payload);
            messages.add(message);
            StreamDecision d;
            try {
                d = transformStream.apply(message, Collections.unmodifiableList(messages), context);
            } catch (Exception e) {
                throw new ProviderException(
                        ProviderException.Kind.RESPONSE, "Stream transform error: " + messageOf(e), e);
            }
            return switch (d == null ? StreamDecision.MORE : d) {
                case StreamDecision.More more -> null;
                case StreamDecision.Failed failed -> ProviderResponse.ofError(failed.error());
                case StreamDecision.Done done -> {
                    Object output = done.output();
                    if (output == null || "".equals(output)) {
                        output = message; // the branch falls back to the last message
                    }
                    yield finish(output, context);
                }
            };
        }
    }

    /** The end of a transformStream or legacy stream: {@code transformResponse}, when given, makes the output. */
    private ProviderResponse finish(Object output, CallContext context) throws ProviderException {
        if (!transformResponseGiven) {
            return normalize(output).response();
        }
        Object result;
        try {
            result = transformResponse.apply(output, context);
        } catch (Exception e) {
            throw new ProviderException(
                    ProviderException.Kind.RESPONSE, "Failed to process response: " + messageOf(e), e);
        }
        return rejectingResponse(result);
    }

    /** promptfoo's unmerged streaming branch's legacy {@code stream: true}. */
    private final class LegacyMode implements Assembler {
        private final CallContext context;
        private final StringBuilder deltas = new StringBuilder();

        LegacyMode(CallContext context) {
            this.context = context;
        }

        @Override
        public ProviderResponse frame(Object payload, int index, Duration at) throws ProviderException {
            Object data = value(payload);
            if (!(data instanceof Map<?, ?> m)) {
                return null;
            }
            Object type = m.get("type");
            if (chunkType.equals(type)) {
                Object delta = m.get(deltaField);
                if (Json.truthy(delta)) {
                    deltas.append(delta instanceof String s ? s : Json.stringify(delta));
                }
                return null;
            }
            if (doneType.equals(type) || "complete".equals(type)) {
                Object content = m.get("content");
                Object output = Json.truthy(content) ? content : deltas.length() > 0 ? deltas.toString() : data;
                return finish(output, context);
            }
            if ("error".equals(type)) {
                Object err = m.get("error");
                return ProviderResponse.ofError(Json.truthy(err) ? String.valueOf(err) : "Unknown error occurred");
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ normalisation

    private record Normalized(ProviderResponse response, String error, boolean hasOutput) {}

    /**
     * A Map with an {@code output} or {@code error} key is the response; anything else is the output. A truthy
     * {@code error} becomes the response's error; {@code metadata} and {@code tokenUsage} maps are kept.
     */
    private static Normalized normalize(Object v) {
        if (v instanceof Map<?, ?> m && (m.containsKey("output") || m.containsKey("error"))) {
            Object err = m.get("error");
            String error = Json.truthy(err) ? (err instanceof String s ? s : Json.stringify(err)) : null;
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (m.get("metadata") instanceof Map<?, ?> md) {
                md.forEach((k, x) -> metadata.put(String.valueOf(k), x));
            }
            Optional<TokenUsage> usage = Optional.empty();
            if (m.get("tokenUsage") instanceof Map<?, ?> tu) {
                usage = Optional.of(new TokenUsage(
                        longOf(tu.get("total")),
                        longOf(tu.get("prompt")),
                        longOf(tu.get("completion")),
                        longOf(tu.get("cached")),
                        (int) longOf(tu.get("numRequests"))));
            }
            ProviderResponse r = new ProviderResponse(
                    m.get("output"), Optional.ofNullable(error), metadata, usage, CallTimings.NONE);
            return new Normalized(r, error, m.containsKey("output"));
        }
        // a transform that yields nothing (JavaScript's undefined) leaves no output
        return new Normalized(ProviderResponse.of(v), null, v != null);
    }

    private static long longOf(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}

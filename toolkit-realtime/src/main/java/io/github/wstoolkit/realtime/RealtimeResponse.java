package io.github.wstoolkit.realtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One response of the model, collected by {@link RealtimeSession#awaitResponse}.
 *
 * @param responseId {@code response.id} (empty string when the server sent none)
 * @param status {@code completed}, {@code cancelled}, {@code failed}, {@code incomplete}, ...
 * @param text the output text, or the audio transcript
 * @param audio the audio bytes in the session's output format (PCM16 24 kHz mono for the default); empty array when
 *     no audio arrived
 * @param functionCalls the function calls the model made, in order
 * @param usage the {@code usage} of {@code response.done}, when present
 * @param events every server event of the response, in order
 */
public record RealtimeResponse(
        String responseId,
        String status,
        String text,
        byte[] audio,
        List<FunctionCall> functionCalls,
        Optional<Map<String, Object>> usage,
        List<ServerEvent> events) {

    public RealtimeResponse {
        Objects.requireNonNull(responseId, "responseId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
        audio = audio.clone();
        functionCalls = List.copyOf(functionCalls);
        Objects.requireNonNull(usage, "usage");
        events = List.copyOf(events);
    }

    @Override
    public byte[] audio() {
        return audio.clone();
    }

    /** True when the model asked for at least one function call. */
    public boolean hasFunctionCalls() {
        return !functionCalls.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RealtimeResponse r
                && responseId.equals(r.responseId)
                && status.equals(r.status)
                && text.equals(r.text)
                && java.util.Arrays.equals(audio, r.audio)
                && functionCalls.equals(r.functionCalls)
                && usage.equals(r.usage)
                && events.equals(r.events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(responseId, status, text, java.util.Arrays.hashCode(audio), functionCalls, usage);
    }

    @Override
    public String toString() {
        return "RealtimeResponse[responseId=" + responseId + ", status=" + status + ", text=" + text + ", audio="
                + audio.length + " bytes, functionCalls=" + functionCalls + ", usage=" + usage + ", events="
                + events.size() + "]";
    }

    /**
     * A function call of the model.
     *
     * @param callId the {@code call_id} to answer with {@link ClientEvent.FunctionCallOutput}
     * @param name the function's name
     * @param arguments the arguments, JSON text
     */
    public record FunctionCall(String callId, String name, String arguments) {
        public FunctionCall {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }
}

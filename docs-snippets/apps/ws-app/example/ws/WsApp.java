package example.ws;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.transform.StreamOutcome;
import io.github.wstoolkit.api.transform.TransformResult;
import io.github.wstoolkit.ws.WebSocketProvider;
import jakarta.json.JsonObject;
import java.time.Duration;

/**
 * Asks a chat server that streams its answer, as {@code wst mock} does on {@code /}: word deltas
 * ({@code {"type":"chunk","delta":"Hello "}}), then {@code {"type":"done","content":"…"}}.
 *
 * <pre>
 * java -p ... -m example.ws/example.ws.WsApp ws://127.0.0.1:8080/ "hello there"
 * </pre>
 */
public final class WsApp {

    private WsApp() {}

    /**
     * @param url the server, {@code ws://} or {@code wss://}
     * @param question the prompt
     * @return the answer, with the number of deltas it came in
     * @throws ProviderException when the server cannot be reached or fails mid-answer
     * @throws InterruptedException when interrupted while waiting
     */
    public static String ask(String url, String question) throws ProviderException, InterruptedException {
        try (WebSocketProvider chat = WebSocketProvider.builder()
                .url(url)
                .messageTemplate("{\"prompt\": {{ prompt | dump }}, \"stream\": true}")
                .<StringBuilder>streamResponse(StringBuilder::new, (text, frame, context) -> {
                    JsonObject o = frame.jsonObject();
                    return switch (o.getString("type", "")) {
                        case "chunk" -> StreamOutcome.more(text.append(o.getString("delta")));
                        case "done" -> StreamOutcome.done(TransformResult.output(text.toString())
                                .withMetadata(java.util.Map.of("frames", frame.index() + 1)));
                        case "error" -> StreamOutcome.error(o.getString("error", "the server reported an error"));
                        default -> StreamOutcome.more(text); // {"type":"connected"} and anything new
                    };
                })
                .timeout(Duration.ofSeconds(30))
                .build()) {
            ProviderResponse r = chat.call(question, CallContext.EMPTY);
            if (r.error().isPresent()) {
                return "error: " + r.error().get();
            }
            return r.outputText() + " (" + r.metadata().get("frames") + " frames, "
                    + r.timings().total().toMillis() + " ms)";
        }
    }

    /**
     * @param args the server's URL, then the question (default {@code hello})
     * @throws Exception when the call fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: WsApp ws://host:port/path [question]");
            System.exit(1);
        }
        System.out.println(ask(args[0], args.length > 1 ? args[1] : "hello"));
    }
}

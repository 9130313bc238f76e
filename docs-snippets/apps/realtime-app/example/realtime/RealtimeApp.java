package example.realtime;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.realtime.OpenAiRealtimeProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Asks an OpenAI Realtime model, with one function the model may call; {@code apiBaseUrl} points it at a gateway or
 * at {@code wst mock}'s {@code /v1}.
 */
public final class RealtimeApp {

    private RealtimeApp() {}

    /**
     * @param apiBaseUrl the API's base URL ({@code https://api.openai.com/v1}, or {@code http://127.0.0.1:PORT/v1})
     * @param apiKey the key
     * @param question the prompt
     * @param tools the tools: a list of definitions, or {@code file://tools.json}
     * @param baseDir the folder {@code file://} tools are read from
     * @return the answer
     * @throws ProviderException when the call fails
     * @throws InterruptedException when interrupted while waiting
     */
    public static String ask(String apiBaseUrl, String apiKey, String question, Object tools, Path baseDir)
            throws ProviderException, InterruptedException {
        try (OpenAiRealtimeProvider provider = OpenAiRealtimeProvider.builder()
                .model("gpt-realtime")
                .apiKey(apiKey)
                .apiBaseUrl(apiBaseUrl)
                .tools(tools)
                .baseDir(baseDir)
                .modalities("text")
                .functionCallHandler((name, args) -> "{\"temperature\":\"21 C\",\"condition\":\"sunny\"}")
                .build()) {
            ProviderResponse r = provider.call(question, CallContext.EMPTY);
            return r.error().map(e -> "error: " + e).orElse(r.outputText());
        }
    }

    /** @return one function the model may call, get_weather(location) */
    public static List<Map<String, Object>> weatherTool() {
        return List.of(Map.of(
                "type", "function",
                "name", "get_weather",
                "description", "The weather at a place",
                "parameters",
                        Map.of(
                                "type", "object",
                                "properties", Map.of("location", Map.of("type", "string")),
                                "required", List.of("location"))));
    }

    /**
     * @param args the API's base URL, the question, and optionally the tools as {@code file://tools.json}
     * @throws Exception when the call fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RealtimeApp https://api.openai.com/v1 question [file://tools.json]");
            System.exit(1);
        }
        String key = System.getenv("OPENAI_API_KEY");
        Object tools = args.length > 2 ? args[2] : weatherTool();
        System.out.println(ask(args[0], key == null ? "sk-test" : key, args[1], tools, Path.of("")));
    }
}

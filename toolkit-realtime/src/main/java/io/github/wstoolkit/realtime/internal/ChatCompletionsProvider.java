package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * promptfoo's {@code openai:chat:<model>} provider: one {@code POST <apiBaseUrl>/chat/completions} per call over
 * {@code java.net.http}, with the API key, base URL, organization and headers resolved as the Realtime provider
 * resolves them ({@link Endpoint}). A prompt that is a JSON array of {@code {role, content}} messages is sent as those
 * messages, any other prompt as one user message. The output is the first choice's message content, parsed when the
 * request asked for JSON ({@code response_format} of type {@code json_schema} or {@code json_object}).
 *
 * <p>The call's {@code prompt.config} (promptfoo's per-prompt options) is merged over the provider's config: the eval
 * engine asks a grader for structured output that way. HTTP 429 and 5xx are transient failures (the engine retries
 * them); another error status resolves with {@code API error: <status>: <message>}, as promptfoo's does. The API key
 * never appears in an error.
 */
public final class ChatCompletionsProvider implements Provider {

    /** Request fields passed through from the config as they are. */
    static final Set<String> PASSTHROUGH = Set.of(
            "temperature",
            "max_tokens",
            "max_completion_tokens",
            "top_p",
            "presence_penalty",
            "frequency_penalty",
            "seed",
            "stop",
            "response_format",
            "reasoning_effort",
            "verbosity",
            "logprobs",
            "top_logprobs",
            "user",
            "service_tier",
            "metadata",
            "store");

    /** The default per-request limit, promptfoo's REQUEST_TIMEOUT_MS. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(300_000);

    private final String id;
    private final String label;
    private final String model;
    private final Map<String, Object> config;
    private final Map<String, String> env;
    private final URI endpoint;
    private final HttpClient http;

    private ChatCompletionsProvider(
            String id, String label, String model, Map<String, Object> config, Map<String, String> env, URI endpoint) {
        this.id = id;
        this.label = label;
        this.model = model;
        this.config = config;
        this.env = env;
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * A provider for {@code openai:chat:<model>}, {@code openai:chat} ({@code config.model}, else
     * {@link ChatProviderFactory#DEFAULT_MODEL}) or {@code openai:<chat model>}.
     *
     * @throws ConfigException when the base URL is not an http(s) URL, or no API key is set
     */
    public static ChatCompletionsProvider fromSpec(ProviderSpec spec) {
        String model = ChatProviderFactory.modelOf(spec.id());
        if (model.isEmpty()) {
            Object m = spec.config().get("model");
            model = m == null ? ChatProviderFactory.DEFAULT_MODEL : String.valueOf(m);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(spec.env());
        String base = Endpoint.apiBaseUrl(spec.config(), env).strip().replaceAll("/+$", "");
        String lower = base.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ws://") || lower.startsWith("wss://")) {
            base = (lower.startsWith("wss://") ? "https://" : "http://") + base.substring(base.indexOf("://") + 3);
        }
        URI uri;
        try {
            uri = URI.create(base + "/chat/completions");
        } catch (IllegalArgumentException e) {
            throw ConfigException.forKey(
                    "apiBaseUrl", "the API base URL is not a valid URL: " + Redaction.redactUrl(base), e);
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw ConfigException.forKey(
                    "apiBaseUrl",
                    "the API base URL must be an http(s):// URL with a host, got " + Redaction.redactUrl(base));
        }
        ChatCompletionsProvider p = new ChatCompletionsProvider(
                spec.id(), spec.label().orElse(spec.id()), model, spec.config(), Map.copyOf(env), uri);
        try {
            p.requireKey();
        } catch (ProviderException e) {
            // promptfoo checks API keys before the run ("Missing required API keys"): so does this provider
            p.close();
            throw ConfigException.forKey("apiKey", e.getMessage(), e);
        }
        return p;
    }

    @Override
    public String id() {
        return Redaction.redactUrl(id);
    }

    @Override
    public String label() {
        return Redaction.redactUrl(label);
    }

    /** The model requests name. */
    public String model() {
        return model;
    }

    /** No state between calls. */
    @Override
    public boolean supportsConcurrentConversations() {
        return true;
    }

    /** Checks that a key is there, before any call (a grader that cannot work fails before the run). */
    public void requireKey() throws ProviderException {
        if (Endpoint.apiKey(config, env).isEmpty() && !hasAuthHeader(Endpoint.userHeaders(config, env))) {
            throw new ProviderException(
                    ProviderException.Kind.CONFIG,
                    Endpoint.missingKeyMessage(Endpoint.text(config.get("apiKeyEnvar"), env)));
        }
    }

    @Override
    public ProviderResponse call(String prompt, CallContext context) throws ProviderException, InterruptedException {
        Map<String, Object> effective = new LinkedHashMap<>(config);
        if (context.prompt().get("config") instanceof Map<?, ?> pc) {
            pc.forEach((k, v) -> effective.put(String.valueOf(k), v));
        }
        requireKey();
        String apiKey = Endpoint.apiKey(effective, env);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", messages(prompt));
        for (String k : PASSTHROUGH) {
            if (effective.containsKey(k)) {
                body.put(k, effective.get(k));
            }
        }
        Duration timeout = DEFAULT_TIMEOUT;
        if (effective.get("timeoutMs") instanceof Number n && n.longValue() > 0) {
            timeout = Duration.ofMillis(n.longValue());
        }
        if (context.deadline().isPresent()) {
            Duration left = Duration.between(Instant.now(), context.deadline().get());
            if (left.isNegative() || left.isZero()) {
                throw new ProviderException(ProviderException.Kind.TIMEOUT, "Request timed out before it was sent");
            }
            timeout = left.compareTo(timeout) < 0 ? left : timeout;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                // no h2c upgrade on plain http: local gateways and the mock server answer HTTP/1.1, and an upgrade
                // request with a body is what many of them mishandle; https negotiates HTTP/2 through TLS
                .version(
                        endpoint.getScheme().equalsIgnoreCase("http")
                                ? HttpClient.Version.HTTP_1_1
                                : HttpClient.Version.HTTP_2)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.stringify(body), StandardCharsets.UTF_8));
        Map<String, String> user = Endpoint.userHeaders(effective, env);
        if (!apiKey.isEmpty() && !hasAuthHeader(user)) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        String organization = Endpoint.organization(effective, env);
        if (!organization.isEmpty()) {
            request.header("OpenAI-Organization", organization);
        }
        user.forEach(request::setHeader);
        List<String> secrets = new ArrayList<>();
        if (!apiKey.isEmpty()) {
            secrets.add(apiKey);
        }
        user.forEach((k, v) -> {
            if (Redaction.isSecretHeader(k)) {
                secrets.add(v);
            }
        });
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw ProviderException.builder(
                            ProviderException.Kind.TIMEOUT, "Request timed out after " + timeout.toMillis() + " ms")
                    .cause(e)
                    .transientFailure(true)
                    .code("ETIMEDOUT")
                    .build();
        } catch (ConnectException e) {
            throw ProviderException.builder(
                            ProviderException.Kind.CONNECTION,
                            "Connection refused by the Chat Completions endpoint "
                                    + Redaction.redactUrl(endpoint.toString()))
                    .cause(e)
                    .transientFailure(true)
                    .code("ECONNREFUSED")
                    .build();
        } catch (IOException e) {
            throw ProviderException.builder(
                            ProviderException.Kind.CONNECTION,
                            "Chat Completions request failed: "
                                    + Redaction.scrub(String.valueOf(e.getMessage()), secrets))
                    .cause(e)
                    .transientFailure(true)
                    .code("ECONNRESET")
                    .build();
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        // one HTTP response: the first (and only) "frame" is the whole body
        CallTimings timings = new CallTimings(
                Duration.ZERO,
                java.util.Optional.of(total),
                total,
                1,
                response.body().getBytes(StandardCharsets.UTF_8).length,
                java.util.Optional.empty(),
                List.of());
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw ProviderException.builder(
                            ProviderException.Kind.CONNECTION,
                            "API error: " + status + " " + apiMessage(response.body(), secrets))
                    .transientFailure(true)
                    .code("HTTP " + status)
                    .httpStatus(status)
                    .build()
                    .withTimings(timings);
        }
        if (status >= 400) {
            return ProviderResponse.ofError("API error: " + status + " " + apiMessage(response.body(), secrets))
                    .withTimings(timings);
        }
        Object data;
        try {
            data = Json.parse(response.body());
        } catch (RuntimeException e) {
            throw new ProviderException(
                    ProviderException.Kind.RESPONSE,
                    "the Chat Completions endpoint did not answer JSON: "
                            + abbreviate(Redaction.scrub(response.body(), secrets)),
                    e);
        }
        if (!(data instanceof Map<?, ?> m) || !(m.get("choices") instanceof List<?> choices) || choices.isEmpty()) {
            return ProviderResponse.ofError("API error: the response has no choices: "
                            + abbreviate(Redaction.scrub(response.body(), secrets)))
                    .withTimings(timings);
        }
        Map<?, ?> choice = choices.getFirst() instanceof Map<?, ?> c ? c : Map.of();
        Map<?, ?> message = choice.get("message") instanceof Map<?, ?> mm ? mm : Map.of();
        Object output = message.get("content");
        if (output == null && message.get("refusal") != null) {
            output = message.get("refusal");
        } else if (output == null && message.get("tool_calls") != null) {
            output = message.get("tool_calls");
        }
        if (output instanceof String s && wantsJson(effective.get("response_format"))) {
            try {
                output = Json.parse(s);
            } catch (RuntimeException notJson) {
                // keep the text: an assertion can still look at it
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (choice.get("finish_reason") != null) {
            metadata.put("finishReason", choice.get("finish_reason"));
        }
        if (m.get("model") != null) {
            metadata.put("model", m.get("model"));
        }
        ProviderResponse r = ProviderResponse.of(output).withTimings(timings).withMetadata(metadata);
        if (m.get("usage") instanceof Map<?, ?> u) {
            long prompt0 = number(u.get("prompt_tokens"));
            long completion = number(u.get("completion_tokens"));
            long totalTokens = u.get("total_tokens") == null ? prompt0 + completion : number(u.get("total_tokens"));
            long cached = u.get("prompt_tokens_details") instanceof Map<?, ?> d ? number(d.get("cached_tokens")) : 0;
            r = r.withTokenUsage(new TokenUsage(totalTokens, prompt0, completion, cached, 1));
        }
        return r;
    }

    private static boolean hasAuthHeader(Map<String, String> headers) {
        return headers.keySet().stream()
                .anyMatch(k -> k.equalsIgnoreCase("Authorization") || k.equalsIgnoreCase("api-key"));
    }

    private static boolean wantsJson(Object responseFormat) {
        return responseFormat instanceof Map<?, ?> rf
                && ("json_schema".equals(rf.get("type")) || "json_object".equals(rf.get("type")));
    }

    /** A JSON array of {@code {role, content}} objects is the message list; anything else one user message. */
    static List<Object> messages(String prompt) {
        String s = prompt.strip();
        if (s.startsWith("[")) {
            try {
                if (Json.parse(s) instanceof List<?> l
                        && !l.isEmpty()
                        && l.stream().allMatch(x -> x instanceof Map<?, ?> mm && mm.containsKey("role"))) {
                    return new ArrayList<>(l);
                }
            } catch (RuntimeException notJson) {
                // a text prompt that starts with [
            }
        }
        return List.of(Map.of("role", "user", "content", prompt));
    }

    private static String apiMessage(String body, List<String> secrets) {
        String text = body;
        try {
            if (Json.parse(body) instanceof Map<?, ?> m && m.get("error") instanceof Map<?, ?> e) {
                text = String.valueOf(e.get("message"));
            }
        } catch (RuntimeException notJson) {
            // the body as it is
        }
        return abbreviate(Redaction.scrub(text, secrets));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    @Override
    public void close() {
        http.close();
    }
}

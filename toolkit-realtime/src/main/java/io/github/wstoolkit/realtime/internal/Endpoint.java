package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.ProviderException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Realtime socket connects and with which handshake headers, as promptfoo decides them (see docs/openai-realtime.md).
 *
 * @param uri {@code wss://api.openai.com/v1/realtime?model=...} (holds the gateway's query credentials, if any)
 * @param headers the handshake headers in the order they are sent
 * @param secrets values to scrub from anything printed (the API key, secret header values)
 */
public record Endpoint(URI uri, Map<String, String> headers, List<String> secrets) {

    /** The API base when nothing else is configured. */
    public static final String DEFAULT_API_BASE_URL = "https://api.openai.com/v1";

    /** Sent as {@code User-Agent}. */
    public static final String USER_AGENT = "wstoolkit Realtime API Client";

    /** Sent as {@code X-OpenAI-Originator} to api.openai.com (promptfoo sends {@code promptfoo}). */
    public static final String ORIGINATOR = "wstoolkit";

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\{\\{\\s*env\\.([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    public Endpoint {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        secrets = List.copyOf(secrets);
    }

    /** The same headers keyed by lower-cased name, for comparing two sockets' handshakes. */
    public Map<String, String> headerKey() {
        Map<String, String> m = new TreeMap<>();
        headers.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
        return m;
    }

    /**
     * The API base URL: {@code apiBaseUrl}, else {@code https://<apiHost>/v1}, else the environment's
     * {@code OPENAI_API_BASE_URL}, {@code OPENAI_BASE_URL}, {@code https://<OPENAI_API_HOST>/v1}, else
     * {@link #DEFAULT_API_BASE_URL}. {@code {{ env.NAME }}} references in the configured values are resolved.
     */
    public static String apiBaseUrl(Map<String, Object> config, Map<String, String> env) {
        String base = text(config.get("apiBaseUrl"), env);
        if (base.isEmpty()) {
            String host = text(config.get("apiHost"), env);
            if (!host.isEmpty()) {
                base = "https://" + host + "/v1";
            }
        }
        if (base.isEmpty()) {
            base = env.getOrDefault("OPENAI_API_BASE_URL", "");
        }
        if (base.isEmpty()) {
            base = env.getOrDefault("OPENAI_BASE_URL", "");
        }
        if (base.isEmpty() && !env.getOrDefault("OPENAI_API_HOST", "").isEmpty()) {
            base = "https://" + env.get("OPENAI_API_HOST") + "/v1";
        }
        return base.isEmpty() ? DEFAULT_API_BASE_URL : base;
    }

    /** {@code https→wss}, {@code http→ws}, trailing slashes stripped, {@code /realtime} added, query kept. */
    public static URI realtimeUri(String apiBaseUrl, String model) {
        String base = apiBaseUrl.strip();
        int hash = base.indexOf('#');
        if (hash >= 0) {
            base = base.substring(0, hash);
        }
        String query = "";
        int q = base.indexOf('?');
        if (q >= 0) {
            query = base.substring(q + 1);
            base = base.substring(0, q);
        }
        base = toWebSocketScheme(base).replaceAll("/+$", "");
        String modelParam = "model=" + URLEncoder.encode(model, StandardCharsets.UTF_8);
        String full = base + "/realtime?" + (query.isEmpty() ? modelParam : query + "&" + modelParam);
        try {
            URI uri = new URI(full);
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("ws") || uri.getScheme().equals("wss"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "the API base URL must be an http(s):// or ws(s):// URL with a host");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("the API base URL is not a valid URL: " + e.getReason(), e);
        }
    }

    /**
     * The client-secret URL: {@code <base>/realtime/socket?client_secret=<urlencoded>} (an existing query kept), for
     * ephemeral keys minted by {@code POST /v1/realtime/client_secrets}.
     */
    public static URI clientSecretUri(String apiBaseUrl, String clientSecret) {
        URI plain = realtimeUri(apiBaseUrl, "x");
        String s = plain.toString();
        String base = s.substring(0, s.indexOf("/realtime?"));
        String query = plain.getRawQuery().replaceFirst("&?model=x$", "");
        String secret = "client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        return URI.create(base + "/realtime/socket?" + (query.isEmpty() ? secret : query + "&" + secret));
    }

    private static String toWebSocketScheme(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            return "wss://" + url.substring("https://".length());
        }
        if (lower.startsWith("http://")) {
            return "ws://" + url.substring("http://".length());
        }
        return url;
    }

    /**
     * Computes the URL and headers for one call.
     *
     * @param config the provider's options
     * @param promptConfig the prompt's own options ({@code headers}, {@code safety_identifier}), which win
     * @param env the environment (a config's {@code env} over the process environment)
     * @param model the model name
     * @throws ProviderException ({@link ProviderException.Kind#CONFIG}) when no API key is set and none is needed
     *     otherwise (promptfoo's message)
     */
    public static Endpoint resolve(
            Map<String, Object> config, Map<String, Object> promptConfig, Map<String, String> env, String model)
            throws ProviderException {
        String apiBase = apiBaseUrl(config, env);
        URI uri = realtimeUri(apiBase, model);
        String host = uri.getHost().toLowerCase(Locale.ROOT);

        Map<String, String> user = new LinkedHashMap<>();
        addHeaders(user, config.get("headers"), env);
        addHeaders(user, promptConfig.get("headers"), env);

        boolean azureKeyAuth = findHeader(user, "api-key").isPresent()
                && (host.endsWith(".openai.azure.com") || Boolean.TRUE.equals(config.get("azureApiKeyAuth")));

        String envar = text(config.get("apiKeyEnvar"), env);
        String apiKey = apiKey(config, env);
        if (apiKey.isEmpty() && !azureKeyAuth) {
            throw new ProviderException(ProviderException.Kind.CONFIG, missingKeyMessage(envar));
        }

        Map<String, String> headers = new LinkedHashMap<>();
        if (!azureKeyAuth) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        headers.put("User-Agent", USER_AGENT);
        headers.put("Origin", (uri.getScheme().equals("ws") ? "http://" : "https://") + uri.getRawAuthority());
        if (host.equals("api.openai.com")
                && findHeader(user, "X-OpenAI-Originator").isEmpty()) {
            headers.put("X-OpenAI-Originator", ORIGINATOR);
        }
        String organization = organization(config, env);
        if (!organization.isEmpty()) {
            headers.put("OpenAI-Organization", organization);
        }
        String safety = text(promptConfig.getOrDefault("safety_identifier", config.get("safety_identifier")), env);
        if (!safety.isEmpty() && findHeader(user, "OpenAI-Safety-Identifier").isEmpty()) {
            headers.put("OpenAI-Safety-Identifier", safety);
        }
        // user headers win over ours, matched without regard to case
        user.forEach((name, value) -> {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            headers.put(name, value);
        });
        if (azureKeyAuth) {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase("Authorization"));
        }
        List<String> secrets = new ArrayList<>();
        if (!apiKey.isEmpty()) {
            secrets.add(apiKey);
        }
        headers.forEach((k, v) -> {
            if (io.github.wstoolkit.api.Redaction.isSecretHeader(k)) {
                secrets.add(v);
                if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    secrets.add(v.substring(7));
                }
            }
        });
        return new Endpoint(uri, headers, secrets);
    }

    /**
     * The API key: {@code apiKey} (with {@code {{ env.NAME }}} resolved), else the variable {@code apiKeyEnvar} names,
     * else {@code OPENAI_API_KEY}; empty when none is set. The Realtime and the Chat Completions providers both
     * resolve it here.
     */
    public static String apiKey(Map<String, Object> config, Map<String, String> env) {
        String envar = text(config.get("apiKeyEnvar"), env);
        String apiKey = text(config.get("apiKey"), env);
        if (apiKey.isEmpty()) {
            apiKey = env.getOrDefault(envar.isEmpty() ? "OPENAI_API_KEY" : envar, "");
        }
        if (apiKey.isEmpty() && !envar.isEmpty()) {
            apiKey = env.getOrDefault("OPENAI_API_KEY", "");
        }
        return apiKey;
    }

    /** The organization: {@code organization}, else {@code OPENAI_ORGANIZATION}; empty when none. */
    public static String organization(Map<String, Object> config, Map<String, String> env) {
        String organization = text(config.get("organization"), env);
        return organization.isEmpty() ? env.getOrDefault("OPENAI_ORGANIZATION", "") : organization;
    }

    /** The configured {@code headers}, values with {@code {{ env.NAME }}} resolved, names matched without case. */
    public static Map<String, String> userHeaders(Map<String, Object> config, Map<String, String> env) {
        Map<String, String> user = new LinkedHashMap<>();
        addHeaders(user, config.get("headers"), env);
        return user;
    }

    /** promptfoo's text for a missing key, naming {@code apiKeyEnvar} when one is configured. */
    public static String missingKeyMessage(String apiKeyEnvar) {
        String name = apiKeyEnvar == null || apiKeyEnvar.isEmpty() ? "OPENAI_API_KEY" : apiKeyEnvar;
        return "API key is not set. Set the " + name + " environment variable or add `apiKey` to the provider config.";
    }

    private static Optional<String> findHeader(Map<String, String> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static void addHeaders(Map<String, String> into, Object value, Map<String, String> env) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k != null && v != null) {
                    String name = String.valueOf(k);
                    into.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
                    into.put(name, text(v, env));
                }
            });
        }
    }

    /** A config value as text, with {@code {{ env.NAME }}} references resolved; empty for null. */
    public static String text(Object value, Map<String, String> env) {
        if (value == null) {
            return "";
        }
        String s = value instanceof String str ? str : String.valueOf(value);
        if (!s.contains("{{")) {
            return s;
        }
        Matcher m = ENV_REFERENCE.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}

package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.spi.ProviderFactory;
import java.util.HashSet;
import java.util.Set;

/**
 * Makes {@link ChatCompletionsProvider}s for {@code openai:chat:<model>}, {@code openai:chat}, and, as promptfoo reads
 * them, {@code openai:<model>} for any model that is not a Realtime one ({@code openai:gpt-4o-mini}).
 */
public final class ChatProviderFactory implements ProviderFactory {

    /** The prefix of the ids this factory reads. */
    public static final String ID_PREFIX = "openai:chat:";

    /** The model of {@code openai:chat} without one, and of the default grader: promptfoo 0.123.1's grading model. */
    public static final String DEFAULT_MODEL = "gpt-5.6-sol";

    /** Kinds of {@code openai:KIND:...} ids that other providers (promptfoo's, not wst's) stand for. */
    private static final Set<String> OTHER_KINDS = Set.of(
            "realtime",
            "completion",
            "embedding",
            "embeddings",
            "responses",
            "assistant",
            "image",
            "moderation",
            "transcription",
            "speech",
            "agents",
            "codex-sdk",
            "chatkit");

    private static final Set<String> KEYS;

    static {
        Set<String> keys = new HashSet<>(ChatCompletionsProvider.PASSTHROUGH);
        keys.addAll(Set.of(
                "model",
                "apiKey",
                "apiKeyEnvar",
                "apiBaseUrl",
                "apiHost",
                "organization",
                "headers",
                "timeoutMs",
                "maxRetries"));
        KEYS = Set.copyOf(keys);
    }

    @Override
    public boolean supports(String id) {
        if (id.startsWith(ID_PREFIX) || id.equals("openai:chat")) {
            return true;
        }
        if (!id.startsWith("openai:")) {
            return false;
        }
        String rest = id.substring("openai:".length());
        return !rest.isEmpty()
                && !rest.contains(":")
                && !OTHER_KINDS.contains(rest)
                && !Models.KNOWN.contains(rest)
                && !Models.RETIRED.contains(rest)
                && !rest.contains("realtime");
    }

    @Override
    public String describe() {
        return "openai:chat:<model>";
    }

    @Override
    public Set<String> configKeys() {
        return KEYS;
    }

    @Override
    public Provider create(ProviderSpec spec) {
        return ChatCompletionsProvider.fromSpec(spec);
    }

    /** The model an id names; empty for {@code openai:chat}. */
    static String modelOf(String id) {
        if (id.startsWith(ID_PREFIX)) {
            return id.substring(ID_PREFIX.length());
        }
        if (id.equals("openai:chat")) {
            return "";
        }
        return id.substring("openai:".length());
    }
}

package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.transform.PromptFunction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One prompt of a config.
 *
 * @param raw the prompt's text before rendering (for a prompt function, its source)
 * @param label how reports name it: the text itself, or the {@code file://} reference it came from
 * @param function the prompt function, when the prompt is code ({@code file://x.groovy})
 */
public record PromptSpec(String raw, String label, Optional<PromptFunction> function) {

    public PromptSpec {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(function, "function");
    }

    /** A text prompt labelled with its own text. */
    public static PromptSpec of(String raw) {
        return new PromptSpec(raw, raw, Optional.empty());
    }

    /** promptfoo's prompt id: the SHA-256 of the raw text, in hex. */
    public String id() {
        String id = IDS.get(raw);
        if (id == null) {
            try {
                id = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is always available", e);
            }
            if (IDS.size() < MAX_IDS) {
                IDS.put(raw, id);
            }
        }
        return id;
    }

    // the ids of the prompt texts seen: a run asks three times per case (the case's key, its context, the report),
    // and finding a SHA-256 implementation costs more than hashing a prompt (async-profiler: 0.7% of a 10,000-case
    // run's CPU); bounded, for a JVM that makes prompts without end
    private static final Map<String, String> IDS = new ConcurrentHashMap<>();
    private static final int MAX_IDS = 4096;

    /** True when the prompt's raw text mentions {@code _conversation}, which makes the variable available. */
    public boolean usesConversation() {
        return raw.contains("_conversation");
    }
}

package io.github.wstoolkit.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One earlier exchange of a conversation, as promptfoo's {@code _conversation} variable holds it.
 *
 * @param prompt the rendered prompt (parsed JSON when the prompt was JSON, else its text)
 * @param input the last message's content when the prompt was a JSON array of messages, else the prompt
 * @param output the provider's raw output ({@code ""} when it had none)
 * @param metadata the response's metadata
 */
public record ConversationTurn(Object prompt, Object input, Object output, Map<String, Object> metadata) {

    /** Copies {@code metadata} (it may hold JSON nulls), so a turn never changes after it is made. */
    public ConversationTurn {
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** {@return this turn as the plain map templates and transforms see: {@code {prompt, input, output, metadata}}} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt", prompt);
        m.put("input", input);
        m.put("output", output);
        m.put("metadata", metadata);
        return m;
    }
}

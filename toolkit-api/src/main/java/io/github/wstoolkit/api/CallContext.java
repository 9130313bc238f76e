package io.github.wstoolkit.api;

import io.github.wstoolkit.api.template.TemplateFilter;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a provider knows about one call besides the prompt.
 *
 * @param vars the test's variables (plain values), without {@code prompt}
 * @param test the test case as plain values: {@code description}, {@code vars}, {@code metadata},
 *     {@code options}, {@code assert}; empty when the call is not part of an eval
 * @param prompt the prompt as configured: {@code raw} (the text before rendering) and {@code label}
 * @param conversation earlier turns of this call's conversation, oldest first
 * @param deadline when the caller stops waiting, if it set a limit; providers end the call by then
 * @param filters extra template filters (a config's {@code nunjucksFilters})
 * @param env variables that templates see as {@code env}, over the process environment (a config's
 *     {@code env})
 */
public record CallContext(
        Map<String, Object> vars,
        Map<String, Object> test,
        Map<String, Object> prompt,
        List<ConversationTurn> conversation,
        Optional<Instant> deadline,
        Map<String, TemplateFilter> filters,
        Map<String, String> env) {

    /** A context with nothing in it. */
    public static final CallContext EMPTY = builder().build();

    /** Copies the maps and lists (they may hold JSON nulls), so a context never changes after it is made. */
    public CallContext {
        vars = copy(vars);
        test = copy(test);
        prompt = copy(prompt);
        conversation = List.copyOf(conversation);
        Objects.requireNonNull(deadline, "deadline");
        filters = Map.copyOf(filters);
        env = Map.copyOf(env);
    }

    private static Map<String, Object> copy(Map<String, ?> m) {
        // plain values may include JSON null, which Map.copyOf refuses
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /**
     * A context with these vars.
     *
     * @param vars the test's variables; any value type ({@code Map<String, String>} too)
     * @return a context with only these vars
     */
    public static CallContext ofVars(Map<String, ?> vars) {
        return builder().vars(vars).build();
    }

    /**
     * A context for one call of a conversation: calls with the same id share a persistent provider's connection
     * (the WebSocket provider's {@code persistent}, the OpenAI Realtime provider's {@code maintainContext}) and are
     * what promptfoo's {@code metadata.conversationId} names.
     *
     * @param conversationId the conversation's id, not empty
     * @return a context whose {@link #conversationId()} is this id
     */
    public static CallContext ofConversation(String conversationId) {
        return builder().conversationId(conversationId).build();
    }

    /**
     * {@return the test's {@code metadata.conversationId}, when it is a non-empty string or a number (0 counts)} This
     * is how promptfoo decides whether a call belongs to a conversation.
     */
    public Optional<String> conversationId() {
        return test.get("metadata") instanceof Map<?, ?> metadata ? conversationIdIn(metadata) : Optional.empty();
    }

    /**
     * {@link #conversationId()} read from a test's metadata map, for callers that hold the map and not a context.
     *
     * @param metadata a test's {@code metadata}
     * @return its {@code conversationId} as text, when it is a non-empty string or a finite number
     */
    public static Optional<String> conversationIdIn(Map<?, ?> metadata) {
        Object id = metadata.get("conversationId");
        if (id instanceof String s && !s.isEmpty()) {
            return Optional.of(s);
        }
        if (id instanceof Number n && Double.isFinite(n.doubleValue())) {
            return Optional.of(n instanceof Double || n instanceof Float ? n.toString() : String.valueOf(n));
        }
        return Optional.empty();
    }

    /**
     * {@return this context as the plain map transforms receive} Its keys are {@code vars}, {@code test},
     * {@code prompt} and {@code conversation} (the earlier turns, each a map).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vars", vars);
        m.put("test", test);
        m.put("prompt", prompt);
        m.put("conversation", conversation.stream().map(ConversationTurn::toMap).toList());
        return Collections.unmodifiableMap(m);
    }

    /** {@return a builder holding this context's values} */
    public Builder toBuilder() {
        return new Builder()
                .vars(vars)
                .test(test)
                .prompt(prompt)
                .conversation(conversation)
                .deadline(deadline.orElse(null))
                .filters(filters)
                .env(env);
    }

    /** {@return a builder with every field empty} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CallContext}; every field starts empty. */
    public static final class Builder {
        private Map<String, Object> vars = Map.of();
        private Map<String, Object> test = Map.of();
        private Map<String, Object> prompt = Map.of();
        private List<ConversationTurn> conversation = List.of();
        private Instant deadline;
        private Map<String, TemplateFilter> filters = Map.of();
        private Map<String, String> env = Map.of();

        private Builder() {}

        /**
         * Sets the {@code vars}.
         *
         * @param vars the test's variables (plain values), without {@code prompt}
         * @return this builder
         */
        public Builder vars(Map<String, ?> vars) {
            this.vars = copy(vars);
            return this;
        }

        /**
         * Sets the test's {@code metadata.conversationId}, which {@link CallContext#conversationId()} reads; other
         * metadata and the rest of {@link #test(Map)} are kept. Call it after {@link #test(Map)}, which replaces the
         * whole test.
         *
         * @param conversationId the conversation's id, not empty
         * @return this builder
         * @throws IllegalArgumentException when the id is empty
         */
        public Builder conversationId(String conversationId) {
            Objects.requireNonNull(conversationId, "conversationId");
            if (conversationId.isEmpty()) {
                throw new IllegalArgumentException("conversationId must not be empty");
            }
            Map<String, Object> t = new LinkedHashMap<>(test);
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (t.get("metadata") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> metadata.put(String.valueOf(k), v));
            }
            metadata.put("conversationId", conversationId);
            t.put("metadata", Collections.unmodifiableMap(metadata));
            this.test = t;
            return this;
        }

        /**
         * Sets the {@code test}.
         *
         * @param test the test case as plain values: {@code description}, {@code vars}, {@code metadata}, ...
         * @return this builder
         */
        public Builder test(Map<String, Object> test) {
            this.test = test;
            return this;
        }

        /**
         * Sets the {@code prompt}.
         *
         * @param prompt the prompt as configured: {@code raw} and {@code label}
         * @return this builder
         */
        public Builder prompt(Map<String, Object> prompt) {
            this.prompt = prompt;
            return this;
        }

        /**
         * Sets the {@code conversation}.
         *
         * @param conversation earlier turns of this call's conversation, oldest first
         * @return this builder
         */
        public Builder conversation(List<ConversationTurn> conversation) {
            this.conversation = conversation;
            return this;
        }

        /**
         * Sets the {@code deadline}.
         *
         * @param deadline when the caller stops waiting, or null for none
         * @return this builder
         */
        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /**
         * Sets the {@code filters}.
         *
         * @param filters extra template filters by name
         * @return this builder
         */
        public Builder filters(Map<String, TemplateFilter> filters) {
            this.filters = filters;
            return this;
        }

        /**
         * Sets the {@code env}.
         *
         * @param env variables templates see as {@code env}, over the process environment
         * @return this builder
         */
        public Builder env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        /** {@return the context} */
        public CallContext build() {
            return new CallContext(vars, test, prompt, conversation, Optional.ofNullable(deadline), filters, env);
        }
    }
}

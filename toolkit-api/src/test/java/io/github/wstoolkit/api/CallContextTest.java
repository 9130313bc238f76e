package io.github.wstoolkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a provider call knows: vars, the test, the conversation so far, the deadline. */
class CallContextTest {

    private static Optional<String> conversationOf(Object id) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("conversationId", id);
        return CallContext.builder().test(Map.of("metadata", metadata)).build().conversationId();
    }

    @Test
    void theConversationIdIsTheTestsMetadataStringOrNumber() {
        assertEquals(Optional.of("c1"), conversationOf("c1"));
        assertEquals(Optional.of("7"), conversationOf(7));
        assertEquals(Optional.of("12345678901"), conversationOf(12345678901L));
        assertEquals(Optional.of("1.5"), conversationOf(1.5));
        assertEquals(Optional.of("2.5"), conversationOf(2.5f));
        assertEquals(Optional.empty(), conversationOf(""));
        assertEquals(Optional.empty(), conversationOf(Double.NaN));
        assertEquals(Optional.empty(), conversationOf(Double.POSITIVE_INFINITY));
        assertEquals(Optional.empty(), conversationOf(null));
        assertEquals(Optional.empty(), conversationOf(List.of("x")));
        assertEquals(
                Optional.empty(),
                CallContext.builder().test(Map.of("metadata", "c1")).build().conversationId());
        assertEquals(Optional.empty(), CallContext.EMPTY.conversationId());
    }

    @Test
    void valuesAreCopiedAndMayHoldJsonNull() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("q", null);
        CallContext c = CallContext.ofVars(vars);
        vars.put("later", 1);
        assertEquals(1, c.vars().size());
        assertNull(c.vars().get("q"));
        assertThrows(UnsupportedOperationException.class, () -> c.vars().put("x", 1));
    }

    @Test
    void toMapAndToBuilderKeepEverything() {
        CallContext c = CallContext.builder()
                .vars(Map.of("q", "hi"))
                .test(Map.of("description", "d"))
                .prompt(Map.of("raw", "{{q}}"))
                .conversation(List.of())
                .deadline(Instant.ofEpochSecond(100))
                .env(Map.of("HOME", "/h"))
                .build();
        assertEquals(
                Map.of(
                        "vars", Map.of("q", "hi"),
                        "test", Map.of("description", "d"),
                        "prompt", Map.of("raw", "{{q}}"),
                        "conversation", List.of()),
                c.toMap());
        assertEquals(
                List.of("vars", "test", "prompt", "conversation"),
                List.copyOf(c.toMap().keySet()));
        assertEquals(c, c.toBuilder().build());
        assertEquals(
                Optional.of(Instant.ofEpochSecond(100)), c.toBuilder().build().deadline());
        assertEquals(Optional.empty(), CallContext.EMPTY.toBuilder().build().deadline());
    }
}

package io.github.wstoolkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a Java caller writes: vars of any value type, and a conversation without a hand-built metadata map. */
class CallContextConversationTest {

    @Test
    void varsOfStringsCompileAndArePassedAsGiven() {
        Map<String, String> vars = Map.of("model", "gpt-4");
        CallContext c = CallContext.ofVars(vars);
        assertEquals(Map.of("model", "gpt-4"), c.vars());
        assertEquals(
                Map.of("n", 1),
                CallContext.builder().vars(Map.of("n", 1)).build().vars());
    }

    @Test
    void aConversationIdIsTheTestsMetadataConversationId() {
        CallContext c = CallContext.ofConversation("support-42");
        assertEquals(Optional.of("support-42"), c.conversationId());
        assertEquals(Map.of("metadata", Map.of("conversationId", "support-42")), c.test());

        CallContext kept = CallContext.builder()
                .test(Map.of("description", "d", "metadata", Map.of("owner", "me")))
                .conversationId("c1")
                .vars(Map.of("x", "y"))
                .build();
        assertEquals(Optional.of("c1"), kept.conversationId());
        assertEquals("d", kept.test().get("description"));
        assertEquals(Map.of("owner", "me", "conversationId", "c1"), kept.test().get("metadata"));
        assertEquals(Optional.empty(), CallContext.EMPTY.conversationId());
    }

    @Test
    void anEmptyConversationIdIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CallContext.ofConversation(""));
        assertThrows(NullPointerException.class, () -> CallContext.builder().conversationId(null));
    }
}

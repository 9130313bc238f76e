package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ConversationTurn;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.eval.internal.ResponseMaps;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a case leaves for the next turn of its conversation ({@code _conversation}: each earlier turn's prompt, input and output), and
 * how list vars expand into cases.
 */
class ConversationTurnsTest {

    @Test
    void aTextPromptIsBothPromptAndInput() {
        ConversationTurn t = Eval.turn("Hello", ProviderResponse.of("Hi!"));
        assertEquals(new ConversationTurn("Hello", "Hello", "Hi!", Map.of()), t);
    }

    @Test
    void aChatPromptsInputIsItsLastMessagesContent() {
        String chat = "[{\"role\": \"system\", \"content\": \"be brief\"}, {\"role\": \"user\", \"content\": \"Hi\"}]";
        ConversationTurn t = Eval.turn(chat, ProviderResponse.of("Hello"));
        assertEquals(
                List.of(Map.of("role", "system", "content", "be brief"), Map.of("role", "user", "content", "Hi")),
                t.prompt());
        assertEquals("Hi", t.input());
        ConversationTurn noContent = Eval.turn("[{\"role\": \"user\", \"content\": \"\"}]", ProviderResponse.of("x"));
        assertEquals(Map.of("role", "user", "content", ""), noContent.input(), "an empty content: the message");
        ConversationTurn scalars = Eval.turn("[1, 2]", ProviderResponse.of("x"));
        assertEquals(2, scalars.input());
    }

    @Test
    void jsonThatIsNotAListAndFalsyJsonKeepTheTextOrTheValue() {
        ConversationTurn obj = Eval.turn("{\"q\": 1}", ProviderResponse.of("x"));
        assertEquals(Map.of("q", 1), obj.prompt());
        assertEquals(Map.of("q", 1), obj.input());
        ConversationTurn zero = Eval.turn("0", ProviderResponse.of("x"));
        assertEquals("0", zero.prompt(), "falsy JSON stays text");
        ConversationTurn empty = Eval.turn("[]", ProviderResponse.of("x"));
        assertEquals(List.of(), empty.input());
    }

    @Test
    void aFalsyOutputIsEmptyTextAndMetadataIsKept() {
        ProviderResponse r = ProviderResponse.ofError("boom").withMetadata(Map.of("k", "v"));
        ConversationTurn t = Eval.turn("Q", r);
        assertEquals("", t.output());
        assertEquals(Map.of("k", "v"), t.metadata());
        assertEquals(
                0, Eval.turn("Q", ProviderResponse.of(0)).output().toString().length());
    }

    @Test
    void responseAndTimingsMapsHoldWhatTheCallReported() {
        ProviderResponse r = ProviderResponse.of("out")
                .withTokenUsage(new TokenUsage(3, 1, 2, 0, 1))
                .withTimings(new CallTimings(
                        Duration.ofMillis(4),
                        Optional.of(Duration.ofMillis(9)),
                        Duration.ofMillis(20),
                        2,
                        30,
                        Optional.of(Duration.ofMillis(6)),
                        List.of()));
        Map<String, Object> response = ResponseMaps.response(r);
        assertEquals(List.of("output", "metadata", "tokenUsage"), List.copyOf(response.keySet()));
        assertEquals(new TokenUsage(3, 1, 2, 0, 1).toMap(), response.get("tokenUsage"));
        assertEquals(
                List.of("output", "error", "metadata"),
                List.copyOf(ResponseMaps.response(ProviderResponse.ofError("e")).keySet()));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("connectMs", 4L);
        expected.put("firstFrameMs", 9L);
        expected.put("totalMs", 20L);
        expected.put("framesReceived", 2L);
        expected.put("bytesReceived", 30L);
        expected.put("maxFrameGapMs", 6L);
        assertEquals(expected, ResponseMaps.timings(r.timings()));
        assertEquals(
                List.of("connectMs", "totalMs", "framesReceived", "bytesReceived"),
                List.copyOf(
                        ResponseMaps.timings(ProviderResponse.of("x").timings()).keySet()));
    }

    @Test
    void listVarsExpandIntoEveryCombinationInOrder() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("a", List.of(1, 2));
        vars.put("b", "x");
        vars.put("c", List.of("p", "q"));
        vars.put("empty", List.of());
        vars.put("_conversation", List.of("kept whole"));
        assertEquals(4, EvalPlan.expansionCount(vars));
        List<Map<String, Object>> cases = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> EvalPlan.expandedVars(vars, i))
                .toList();
        assertEquals(List.of(1, 1, 2, 2), cases.stream().map(m -> m.get("a")).toList());
        assertEquals(
                List.of("p", "q", "p", "q"), cases.stream().map(m -> m.get("c")).toList());
        assertEquals(List.of(), cases.getFirst().get("empty"), "an empty list is one value");
        assertEquals(List.of("kept whole"), cases.getFirst().get("_conversation"));
        assertEquals(
                List.of("a", "b", "c", "empty", "_conversation"),
                List.copyOf(cases.getFirst().keySet()));
        assertEquals(1, EvalPlan.expansionCount(Map.of()));
        assertEquals(Map.of(), EvalPlan.expandedVars(Map.of(), 0));
    }
}

package io.github.wstoolkit.shell.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Multi-line input, argument splitting and what the history file may keep. */
class InputSyntaxTest {

    @Test
    void aJsonFrameContinuesUntilItsObjectOrArrayCloses() {
        assertTrue(InputSyntax.needsMore("{"));
        assertTrue(InputSyntax.needsMore("{\n  \"a\": [1,"));
        assertFalse(InputSyntax.needsMore("{\n  \"a\": [1, 2]\n}"));
        assertFalse(InputSyntax.needsMore("{\"text\": \"a { in a string\"}"));
        assertTrue(InputSyntax.needsMore("[\"a ] in a string\", \"escaped \\\" quote ]\""));
        assertFalse(InputSyntax.needsMore("}"), "more closing than opening is complete (and wrong)");
        assertFalse(InputSyntax.needsMore("I said {"), "only frames that start as JSON continue");
        assertFalse(InputSyntax.needsMore("/set x {"), "commands other than /transform are one line");
        assertFalse(InputSyntax.needsMore("//{"), "a literal slash line is one line");
        assertFalse(InputSyntax.needsMore(""));
    }

    @Test
    void groovyContinuesWhileABracketTripleQuoteOrBlockCommentIsOpen() {
        assertTrue(InputSyntax.needsMore("= frames.each {"));
        assertTrue(InputSyntax.needsMore("/transform { acc, event, ctx ->"));
        assertTrue(InputSyntax.needsMore("/tr { acc, event, ctx ->"), "an abbreviated /transform too");
        assertFalse(InputSyntax.needsMore("/transform { acc, event, ctx ->\n  [acc, true]\n}"));
        assertFalse(InputSyntax.needsMore("= '{' + \"[\" // a comment {"));
        assertTrue(InputSyntax.needsMore("= '''a\nb"));
        assertFalse(InputSyntax.needsMore("= '''a\nb'''"));
        assertTrue(InputSyntax.needsMore("= /* open"));
        assertTrue(InputSyntax.needsMore("= foo(1,"));
        assertFalse(InputSyntax.needsMore("= 'unclosed"), "a one-line string ends at the line: an error, not more");
    }

    @Test
    void wordsSplitLikeAShell() {
        assertEquals(
                List.of("ws://h/x", "-H", "Authorization: Bearer {{ env.K }}", "-s", "chat"),
                Words.split("ws://h/x -H 'Authorization: Bearer {{ env.K }}' -s chat"));
        assertEquals(List.of("a b", "c\"d", "e f"), Words.split("\"a b\" c\\\"d e\\ f"));
        assertThrows(IllegalArgumentException.class, () -> Words.split("'open"));
        assertEquals(List.of("{{ env.URL }}/ws", "-s", "x"), Words.split("{{ env.URL }}/ws -s x"));
        assertEquals("my file.txt", Words.single("'my file.txt'"));
        assertEquals("plain.txt", Words.single(" plain.txt "));
    }

    @Test
    void historyKeepsTemplatesButNotLiteralSecrets() {
        assertEquals(
                "/connect wss://h/x?token=%5BREDACTED%5D&a=1 -H 'Authorization: [REDACTED]' -H 'X-Id: 7'",
                HistoryRedaction.redact(
                        "/connect wss://h/x?token=abc123&a=1 -H 'Authorization: Bearer sk-1' -H 'X-Id: 7'"));
        String templated = "/connect wss://h/x -H 'Authorization: Bearer {{ env.API_KEY }}'";
        assertEquals(templated, HistoryRedaction.redact(templated));
        assertEquals("/set apiKey [REDACTED]", HistoryRedaction.redact("/set apiKey sk-live-123"));
        assertEquals("/set apiKey {{ env.KEY }}", HistoryRedaction.redact("/set apiKey {{ env.KEY }}"));
        assertEquals("/set lang fr", HistoryRedaction.redact("/set lang fr"));
        assertEquals(
                "wst shell ws://user:%5BREDACTED%5D@h/ --header=\"api-key: [REDACTED]\"",
                HistoryRedaction.redact("wst shell ws://user:pw@h/ --header=\"api-key: k-1\""));
        assertEquals("{\"token\": \"frames are kept\"}", HistoryRedaction.redact("{\"token\": \"frames are kept\"}"));
    }
}

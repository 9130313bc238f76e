package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wstoolkit.api.ConfigException;
import org.junit.jupiter.api.Test;

/** YAML syntax errors placed at their cause, with the line shown and a caret under the column. */
class YamlErrorsTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> Yaml.parse(yaml, null)).getMessage();
    }

    @Test
    void anUnclosedBracketIsShownWhereItOpened() {
        assertEquals(
                """
                line 2, column 10: invalid YAML: while parsing a flow sequence that starts here, expected ',' or ']',\
                 but got : (line 3): is a [ or { left open?
                  2 | prompts: [a, b
                    |          ^""",
                error("description: x\nprompts: [a, b\nproviders: [echo]\n"));
        assertEquals(
                """
                line 1, column 7: invalid YAML: while parsing a flow mapping that starts here, expected ',' or '}',\
                 but got : (line 2): is a [ or { left open?
                  1 | vars: {a: 1
                    |       ^""",
                error("vars: {a: 1\nx: 2\n"));
    }

    @Test
    void aQuoteLeftOpenOnTheLastLineIsShownWhereTheTextEnds() {
        // the quote opens on the line where the text ends: the problem's place, not the context's
        assertEquals(
                """
                line 1, column 8: invalid YAML: while scanning a quoted scalar, found unexpected end of stream
                  1 | a: 'b c
                    |        ^""",
                error("a: 'b c"));
        assertEquals(
                """
                line 1, column 4: invalid YAML: while scanning a quoted scalar that starts here, found unexpected end\
                 of stream (line 4): is a quote left open?
                  1 | a: "b
                    |    ^""",
                error("a: \"b\n\nc: d\n"));
    }

    @Test
    void anErrorAfterTheLastLineBreakShowsTheEmptyLastLine() {
        assertEquals(
                """
                line 2, column 1: invalid YAML: while parsing a flow node, expected the node content, but found\
                 '<stream end>'
                  2 |\s
                    | ^""",
                error("x: [1,\n"));
    }
}

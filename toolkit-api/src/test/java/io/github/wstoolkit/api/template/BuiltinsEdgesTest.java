package io.github.wstoolkit.api.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built-in filters and globals at their edges, as nunjucks on node renders them. */
class BuiltinsEdgesTest {

    private final TemplateEngine engine = TemplateEngine.create();

    private String render(String template, Map<String, ?> vars) {
        return engine.render(template, vars);
    }

    @Test
    void urlencodeKeepsExactlyWhatEncodeUriComponentKeeps() {
        // the ends of each kept range, and the characters just outside them
        assertEquals(
                "azAZ09-_.!~*'()%60%7B%40%5B%2F%3A%20%2C%3F",
                render("{{ s | urlencode }}", Map.of("s", "azAZ09-_.!~*'()`{@[/: ,?")));
        assertEquals("%C3%A9%E2%82%AC%F0%9F%98%80", render("{{ s | urlencode }}", Map.of("s", "é€😀")));
        TemplateException e =
                assertThrows(TemplateException.class, () -> render("{{ s | urlencode }}", Map.of("s", "a\ud800b")));
        assertTrue(e.getMessage().contains("URI malformed"), e.getMessage());
        TemplateException atEnd =
                assertThrows(TemplateException.class, () -> render("{{ s | urlencode }}", Map.of("s", "a\ud83d")));
        assertTrue(atEnd.getMessage().contains("URI malformed"), atEnd.getMessage());
    }

    @Test
    void regexReplaceExpandsDollarPatternsAsJavaScriptDoes() {
        Map<String, String> v = Map.of("s", "a1b2");
        assertEquals("[a1]b2", render("{{ s | replace(r/(\\w)(\\d)/, '[$&]') }}", v));
        assertEquals("1a2b", render("{{ s | replace(r/(\\w)(\\d)/g, '$2$1') }}", v));
        // $$ is a dollar, $0 and a group beyond the pattern's are literal, a trailing $ too
        assertEquals("$|$0|$3|$", render("{{ 'x' | replace(r/x/, '$$|$0|$3|$') }}", v));
        // an unmatched group is empty
        assertEquals("<>b2", render("{{ s | replace(r/a(z)?1/, '<$1>') }}", v));
    }

    @Test
    void anEmptyMatchReplacesBetweenEveryCharacterWhenGlobalAndOnceOtherwise() {
        assertEquals("-a-b-c-", render("{{ 'abc' | replace(r/x*/g, '-') }}", Map.of()));
        assertEquals("-abc", render("{{ 'abc' | replace(r/x*/, '-') }}", Map.of()));
        assertEquals("-", render("{{ '' | replace(r/x*/g, '-') }}", Map.of()));
        assertEquals("a-c", render("{{ 'abc' | replace(r/b/g, '-') }}", Map.of()));
    }

    @Test
    void rangeCountsUpOrDownByItsStep() {
        assertEquals(
                "[0,1,2]|[1,2,3]|[5,3,1]|[0,0.5]|[0,1,2]|[]|[]|[5,3]",
                render(
                        "{{ range(3) | dump }}|{{ range(1, 4) | dump }}|{{ range(5, 0, -2) | dump }}|"
                                + "{{ range(0, 1, 0.5) | dump }}|{{ range(0, 3, 0) | dump }}|{{ range(3, 1) | dump }}|"
                                + "{{ range(1, 3, -1) | dump }}|{{ range(5, 1, -2) | dump }}",
                        Map.of()));
        // the limit is on how many numbers, not on how large they are
        assertEquals("3", render("{{ range(9999997, 10000000) | length }}", Map.of()));
    }
}

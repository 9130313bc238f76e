package io.github.wstoolkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token counts as promptfoo reports them. */
class TokenUsageTest {

    @Test
    void tokenUsagesAddUpFieldByField() {
        TokenUsage a = new TokenUsage(10, 6, 4, 1, 1);
        TokenUsage b = new TokenUsage(5, 2, 3, 2, 2);
        assertEquals(new TokenUsage(15, 8, 7, 3, 3), a.plus(b));
        assertEquals(a, a.plus(TokenUsage.NONE));
        assertEquals(Map.of("total", 10L, "prompt", 6L, "completion", 4L, "cached", 1L, "numRequests", 1), a.toMap());
    }
}

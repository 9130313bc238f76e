package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GradingResultTest {

    @Test
    void theAssertionIsWrittenWithItsConfigNameNotTheEnumConstant() {
        Map<String, Object> m = GradingResult.fail("Expected output not to contain \"x\"")
                .withAssertion(AssertionSpec.of("not-contains", "x"))
                .toMap();
        assertEquals(Map.of("type", "not-contains", "value", "x"), m.get("assertion"));
        Map<String, Object> plain = GradingResult.pass("ok")
                .withAssertion(AssertionSpec.of("starts-with", "You"))
                .toMap();
        assertEquals("starts-with", ((Map<?, ?>) plain.get("assertion")).get("type"));
    }
}

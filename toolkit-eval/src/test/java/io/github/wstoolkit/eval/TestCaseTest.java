package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A test merged with defaultTest as promptfoo merges it, sharing what the merge does not change. */
class TestCaseTest {

    private static final AssertionSpec DEFAULT_ASSERT = AssertionSpec.of("contains", "d");
    private static final AssertionSpec OWN_ASSERT = AssertionSpec.of("equals", "x");

    private static TestCase test(Map<String, Object> vars, List<AssertionSpec> asserts, Map<String, Object> options) {
        return new TestCase(Optional.empty(), vars, asserts, options, Map.of(), OptionalDouble.empty(), "t.yaml:3");
    }

    @Test
    void theTestWinsOverItsDefaultsAndTheDefaultAssertionsComeFirst() {
        Map<String, Object> dv = new LinkedHashMap<>();
        dv.put("lang", "en");
        dv.put("q", "default");
        TestCase defaults = new TestCase(
                Optional.of("from defaults"),
                dv,
                List.of(DEFAULT_ASSERT),
                Map.of("provider", "p"),
                Map.of("team", "a"),
                OptionalDouble.of(0.5),
                "defaultTest");
        TestCase t = test(Map.of("q", "mine"), List.of(OWN_ASSERT), Map.of("provider", "own"));
        TestCase m = t.withDefaults(defaults);
        assertEquals(List.of("lang", "q"), List.copyOf(m.vars().keySet()));
        assertEquals("mine", m.vars().get("q"));
        assertEquals(List.of(DEFAULT_ASSERT, OWN_ASSERT), m.asserts());
        assertEquals(Map.of("provider", "own"), m.options());
        assertEquals(Map.of("team", "a"), m.metadata());
        assertEquals(Optional.of("from defaults"), m.description());
        assertEquals(OptionalDouble.of(0.5), m.threshold());
        assertEquals("t.yaml:3", m.location());
    }

    @Test
    void emptyDefaultsGiveTheTestItselfAndUnchangedPartsAreShared() {
        TestCase t = test(Map.of("q", "mine"), List.of(OWN_ASSERT), Map.of());
        assertSame(t, t.withDefaults(TestCase.EMPTY));
        TestCase blankWithLocation = TestCase.builder().location("defaultTest").build();
        assertSame(t, t.withDefaults(blankWithLocation));

        TestCase defaults = test(Map.of(), List.of(DEFAULT_ASSERT), Map.of("provider", "p"));
        TestCase m = t.withDefaults(defaults);
        assertSame(t.vars(), m.vars()); // defaults have no vars: the test's map, not a copy
        assertSame(defaults.options(), m.options()); // the test has no options: the default's map
        assertEquals(List.of(DEFAULT_ASSERT, OWN_ASSERT), m.asserts());
        TestCase noAsserts = test(Map.of("q", "mine"), List.of(), Map.of());
        assertSame(defaults.asserts(), noAsserts.withDefaults(defaults).asserts());
    }

    @Test
    void withVarsGivesTheSameTestWhenTheVarsAreEqualAndACopyOtherwise() {
        TestCase t = test(Map.of("q", "mine"), List.of(OWN_ASSERT), Map.of());
        assertSame(t, t.withVars(new LinkedHashMap<>(Map.of("q", "mine"))));
        TestCase other = t.withVars(Map.of("q", "other"));
        assertEquals("other", other.vars().get("q"));
        assertEquals("mine", t.vars().get("q"));
        assertEquals(t.asserts(), other.asserts());
    }
}

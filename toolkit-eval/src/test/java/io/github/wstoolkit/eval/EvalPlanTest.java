package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plan held as positions gives every case the indices, test and prompt the nested loops over tests (expanded),
 * repetitions, providers and prompts gave when the plan was a list of cases.
 */
class EvalPlanTest {

    private static List<TestCase> tests(int n) {
        List<TestCase> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestCase.builder()
                    .description("t" + i)
                    .vars(i % 3 == 1 ? Map.of("x", List.of("a", "b", "c")) : Map.of("x", "v" + i))
                    .build());
        }
        return out;
    }

    @Test
    void everyCaseIsWhereTheNestedLoopsPutIt() {
        for (int[] shape : new int[][] {{1, 1, 1, 1}, {5, 2, 3, 2}, {7, 3, 1, 4}, {4, 1, 2, 1}}) {
            int n = shape[0];
            int repeat = shape[1];
            int providers = shape[2];
            List<PromptSpec> prompts = new ArrayList<>();
            for (int q = 0; q < shape[3]; q++) {
                prompts.add(PromptSpec.of("p" + q + " {{ x }}"));
            }
            List<TestCase> tests = tests(n);
            EvalPlan plan = EvalPlan.of(
                    tests, TestCase.EMPTY, Optional.empty(), OptionalInt.empty(), repeat, providers, prompts);
            List<TestCase> expanded = new ArrayList<>();
            for (TestCase t : tests) {
                for (Map<String, Object> vars : wholeExpansion(t.vars())) {
                    expanded.add(t.withVars(vars));
                }
            }
            int index = 0;
            for (int t = 0; t < expanded.size(); t++) {
                for (int r = 0; r < repeat; r++) {
                    for (int p = 0; p < providers; p++) {
                        for (int q = 0; q < prompts.size(); q++) {
                            EvalPlan.Case c = plan.caseAt(index);
                            String at = java.util.Arrays.toString(shape) + " case " + index;
                            assertEquals(new EvalPlan.Case(index, t, q, r, expanded.get(t), prompts.get(q), p), c, at);
                            assertEquals(r, plan.repeatIndex(index), at);
                            assertEquals(p, plan.providerIndex(index), at);
                            index++;
                        }
                    }
                }
            }
            assertEquals(index, plan.size());
        }
    }

    @Test
    void filtersKeepTestsAndSelectionsKeepCasesByIndex() {
        List<TestCase> tests = tests(10);
        EvalPlan plan = EvalPlan.of(
                tests,
                TestCase.EMPTY,
                Optional.of(Pattern.compile("[2-9]")),
                OptionalInt.of(3),
                1,
                1,
                List.of(PromptSpec.of("{{ x }}")));
        // t2, t3, t4 kept; t4 expands to three tests
        assertEquals(5, plan.size());
        assertEquals("t2", plan.caseAt(0).test().description().orElseThrow());
        assertEquals("t4", plan.caseAt(4).test().description().orElseThrow());
        assertEquals(Map.of("x", "c"), plan.caseAt(4).test().vars());
        List<PlannedCase> all = plan.planned(c -> new PlannedCase(
                c.index(),
                c.testIndex(),
                c.promptIndex(),
                c.repeatIndex(),
                c.test(),
                c.prompt(),
                "p",
                "p",
                Optional.empty()));
        plan.select(List.of(all.get(4), all.get(1), all.get(4)));
        assertEquals(2, plan.size());
        assertEquals(1, plan.planIndex(0));
        assertEquals(4, plan.planIndex(1));
        assertFalse(plan.hasRubric(1) || plan.storesOutput(1));
        assertFalse(plan.conversationId(1).isPresent());
    }

    @Test
    void theTestsWhoseGradersAreMadeBeforeTheRunAreKnownFromThePlan() {
        AssertionSpec rubric =
                AssertionSpec.builder(AssertionType.LLM_RUBRIC).value("polite").build();
        AssertionSpec equals =
                AssertionSpec.builder(AssertionType.EQUALS).value("x").build();
        AssertionSpec setWithRubric = AssertionSpec.builder(AssertionType.ASSERT_SET)
                .children(List.of(equals, rubric))
                .build();
        AssertionSpec setWithout = AssertionSpec.builder(AssertionType.ASSERT_SET)
                .children(List.of(equals))
                .build();
        List<TestCase> tests = List.of(
                TestCase.of(Map.of(), List.of(equals)),
                TestCase.of(Map.of(), List.of(equals, rubric)),
                TestCase.of(Map.of(), List.of(setWithout)),
                TestCase.of(Map.of(), List.of(setWithout, setWithRubric)),
                TestCase.EMPTY.withOptions(Map.of("storeOutputAs", "answer")));
        EvalPlan plan = EvalPlan.of(
                tests, TestCase.EMPTY, Optional.empty(), OptionalInt.empty(), 1, 1, List.of(PromptSpec.of("hi")));
        assertEquals(
                List.of(false, true, false, true, false),
                java.util.stream.IntStream.range(0, 5).mapToObj(plan::hasRubric).toList());
        assertEquals(
                List.of(false, false, false, false, true),
                java.util.stream.IntStream.range(0, 5)
                        .mapToObj(plan::storesOutput)
                        .toList());
        EvalPlan withDefault = EvalPlan.of(
                tests,
                TestCase.of(Map.of(), List.of(rubric)),
                Optional.empty(),
                OptionalInt.empty(),
                1,
                1,
                List.of(PromptSpec.of("hi")));
        assertTrue(withDefault.hasRubric(0), "defaultTest's assertions count");
    }

    /** The whole expansion, built as promptfoo builds it (every list var multiplies the partial maps): the oracle. */
    static List<Map<String, Object>> wholeExpansion(Map<String, Object> vars) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            List<?> values = e.getValue() instanceof List<?> l
                            && !l.isEmpty()
                            && !e.getKey().equals("_conversation")
                    ? l
                    : java.util.Collections.singletonList(e.getValue());
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : out) {
                for (Object v : values) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }
}

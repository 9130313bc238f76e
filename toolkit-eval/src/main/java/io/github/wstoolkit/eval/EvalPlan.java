package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.internal.CompactList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The cases of a run, held as positions, not as cases: every prompt × provider × test (merged with
 * {@code defaultTest}, expanded over list vars) × repetition, in plan order (test, repetition, provider, prompt), of
 * which {@link RunOptions#selectCases()} may keep some. A case is made when it runs ({@link #caseAt}), its test read
 * from the config's tests then, so a run of 100,000 tests read from a CSV file holds its tests' text and a few ints a
 * test, and only the cases in flight hold a {@link TestCase} (docs/performance.md, "Memory").
 *
 * <p>Building the plan reads every test once (for {@code --filter-pattern}, list vars, conversations and what the run
 * checks before it starts) and keeps what it learnt as positions and bits: the tests {@code --filter-pattern} and
 * {@code --filter-first-n} kept, which expanded test comes from which test, the {@code conversationId}s of the tests
 * that have one, which tests have an {@code llm-rubric} assertion or store their output.
 */
final class EvalPlan {

    /** One case of the plan, made when it is needed. */
    record Case(
            int index,
            int testIndex,
            int promptIndex,
            int repeatIndex,
            TestCase test,
            PromptSpec prompt,
            int providerIndex) {}

    private final List<TestCase> tests;
    private final TestCase defaults;
    /** positions in {@link #tests} of the tests the filters kept; null: all */
    private final int[] kept;
    /** expanded test → position among the kept tests; null when no test has a list var to expand */
    private final int[] expandedFrom;
    /** expanded test → which of its test's expansions */
    private final int[] variant;

    private final int expandedCount;
    private final int repeat;
    private final int providerCount;
    private final List<PromptSpec> prompts;
    private final int total;
    /** the conversationId of each kept test that has one, by its position among the kept tests */
    private final Map<Integer, String> conversationIds;
    /** kept tests with an llm-rubric assertion (their graders are made before the run) */
    private final BitSet rubrics;
    /** kept tests with {@code options.storeOutputAs} */
    private final BitSet stores;
    /** the plan indices {@link #select} kept, ascending; null: all */
    private int[] selected;

    private EvalPlan(
            List<TestCase> tests,
            TestCase defaults,
            int[] kept,
            int[] expandedFrom,
            int[] variant,
            int expandedCount,
            int repeat,
            int providerCount,
            List<PromptSpec> prompts,
            Map<Integer, String> conversationIds,
            BitSet rubrics,
            BitSet stores) {
        this.tests = tests;
        this.defaults = defaults;
        this.kept = kept;
        this.expandedFrom = expandedFrom;
        this.variant = variant;
        this.expandedCount = expandedCount;
        this.repeat = repeat;
        this.providerCount = providerCount;
        this.prompts = prompts;
        this.conversationIds = conversationIds;
        this.rubrics = rubrics;
        this.stores = stores;
        try {
            this.total = Math.multiplyExact(
                    Math.multiplyExact(Math.multiplyExact(expandedCount, repeat), providerCount), prompts.size());
        } catch (ArithmeticException e) {
            throw new ConfigException(
                    "the plan has more than " + Integer.MAX_VALUE + " cases (" + expandedCount + " tests × " + repeat
                            + " repetitions × " + providerCount + " providers × " + prompts.size() + " prompts)",
                    e);
        }
    }

    /**
     * The plan of these tests (the config's; one empty test when there are none).
     *
     * @param pattern {@code --filter-pattern}: only tests whose description (after {@code defaultTest}) it finds
     * @param firstN {@code --filter-first-n}: only the first N tests that pattern kept
     */
    static EvalPlan of(
            List<TestCase> configTests,
            TestCase defaults,
            Optional<Pattern> pattern,
            OptionalInt firstN,
            int repeat,
            int providerCount,
            List<PromptSpec> prompts) {
        List<TestCase> tests = configTests.isEmpty() ? List.of(TestCase.EMPTY) : configTests;
        int limit = firstN.isPresent() ? firstN.getAsInt() : Integer.MAX_VALUE;
        int[] kept = new int[tests.size()];
        int[] expansions = new int[tests.size()];
        int n = 0;
        boolean expanding = false;
        Map<Integer, String> conversationIds = new HashMap<>();
        BitSet rubrics = new BitSet();
        BitSet stores = new BitSet();
        // one pass over the tests, each read once and let go: what the plan needs of them is kept as positions
        for (int i = 0; i < tests.size() && n < limit; i++) {
            TestCase m = tests.get(i).withDefaults(defaults);
            if (pattern.isPresent()
                    && (m.description().isEmpty()
                            || !pattern.get().matcher(m.description().get()).find())) {
                continue;
            }
            kept[n] = i;
            expansions[n] = expansionCount(m.vars());
            expanding |= expandsAny(m.vars());
            Optional<String> conversation = m.conversationId();
            if (conversation.isPresent()) {
                conversationIds.put(n, conversation.get());
            }
            if (hasRubric(m.asserts())) {
                rubrics.set(n);
            }
            if (m.options().get("storeOutputAs") != null) {
                stores.set(n);
            }
            n++;
        }
        int[] keptOrAll = n == tests.size() ? null : Arrays.copyOf(kept, n);
        int[] from = null;
        int[] which = null;
        int count = n;
        if (expanding) {
            long sum = 0;
            for (int k = 0; k < n; k++) {
                sum += expansions[k];
            }
            if (sum > Integer.MAX_VALUE) {
                throw new ConfigException("list vars expand the tests to more than " + Integer.MAX_VALUE + " tests");
            }
            count = (int) sum;
            from = new int[count];
            which = new int[count];
            int t = 0;
            for (int k = 0; k < n; k++) {
                for (int v = 0; v < expansions[k]; v++) {
                    from[t] = k;
                    which[t] = v;
                    t++;
                }
            }
        }
        return new EvalPlan(
                tests,
                defaults,
                keptOrAll,
                from,
                which,
                count,
                repeat,
                providerCount,
                List.copyOf(prompts),
                conversationIds,
                rubrics,
                stores);
    }

    /** How many cases run (after {@link #select}). */
    int size() {
        return selected == null ? total : selected.length;
    }

    /** The plan index of the {@code k}-th case that runs. */
    int planIndex(int k) {
        return selected == null ? k : selected[k];
    }

    /** The case at this plan index, its test read now. */
    Case caseAt(int index) {
        int t = testIndex(index);
        int q = promptIndex(index);
        return new Case(index, t, q, repeatIndex(index), test(t), prompts.get(q), providerIndex(index));
    }

    /** The expanded test {@code t}, merged with defaultTest, read now. */
    TestCase test(int t) {
        int k = keptPosition(t);
        TestCase m = tests.get(kept == null ? k : kept[k]).withDefaults(defaults);
        return expandedFrom == null ? m : m.withVars(expandedVars(m.vars(), variant[t]));
    }

    int testIndex(int index) {
        return index / (repeat * providerCount * prompts.size());
    }

    int repeatIndex(int index) {
        return index / (providerCount * prompts.size()) % repeat;
    }

    int providerIndex(int index) {
        return index / prompts.size() % providerCount;
    }

    int promptIndex(int index) {
        return index % prompts.size();
    }

    PromptSpec prompt(int index) {
        return prompts.get(promptIndex(index));
    }

    /** The {@code conversationId} of the case's test. */
    Optional<String> conversationId(int index) {
        return Optional.ofNullable(conversationIds.get(keptPosition(testIndex(index))));
    }

    /** Whether the case's test has an llm-rubric assertion. */
    boolean hasRubric(int index) {
        return rubrics.get(keptPosition(testIndex(index)));
    }

    /** Whether the case's test stores its output ({@code options.storeOutputAs}). */
    boolean storesOutput(int index) {
        return stores.get(keptPosition(testIndex(index)));
    }

    private int keptPosition(int t) {
        return expandedFrom == null ? t : expandedFrom[t];
    }

    /** The whole plan as {@link RunOptions#selectCases()} sees it: each case made when it is asked for. */
    List<PlannedCase> planned(Function<Case, PlannedCase> planned) {
        return new CompactList<>() {
            @Override
            public PlannedCase get(int index) {
                return planned.apply(caseAt(java.util.Objects.checkIndex(index, total)));
            }

            @Override
            public int size() {
                return total;
            }
        };
    }

    /** Keeps only these cases (by plan index; other indices are ignored), in plan order. */
    void select(List<PlannedCase> keep) {
        BitSet bits = new BitSet(total);
        for (PlannedCase p : keep) {
            if (p.index() >= 0 && p.index() < total) {
                bits.set(p.index());
            }
        }
        selected = bits.stream().toArray();
    }

    /**
     * The case indices of {@link #select}'s view: what a plain list of the cases that run would give, for a group
     * that runs them all in order.
     */
    int[] planIndices() {
        int[] out = new int[size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = planIndex(k);
        }
        return out;
    }

    // ---- list vars ------------------------------------------------------------------------------------------------

    /** Whether a var is expanded: a non-empty list, but not {@code _conversation}. */
    private static boolean expands(String key, Object value) {
        return value instanceof List<?> l && !l.isEmpty() && !key.equals("_conversation");
    }

    private static boolean expandsAny(Map<String, Object> vars) {
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            if (expands(e.getKey(), e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many cases promptfoo's var expansion makes of these vars: every list value (not empty, not
     * {@code _conversation}) multiplies the cases, a cartesian product in key order.
     */
    static int expansionCount(Map<String, Object> vars) {
        int count = 1;
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            if (expands(e.getKey(), e.getValue())) {
                try {
                    count = Math.multiplyExact(count, ((List<?>) e.getValue()).size());
                } catch (ArithmeticException tooMany) {
                    throw new ConfigException(
                            "the list vars of a test expand to more than " + Integer.MAX_VALUE + " cases", tooMany);
                }
            }
        }
        return count;
    }

    /**
     * Element {@code variant} of promptfoo's var expansion of {@code vars} ({@link #expansionCount}), made alone: the
     * cartesian product in key order, the last key varying fastest.
     */
    static Map<String, Object> expandedVars(Map<String, Object> vars, int variant) {
        Object[] values = new Object[vars.size()];
        String[] keys = vars.keySet().toArray(new String[0]);
        int rest = variant;
        for (int i = keys.length - 1; i >= 0; i--) {
            Object v = vars.get(keys[i]);
            if (expands(keys[i], v)) {
                List<?> l = (List<?>) v;
                values[i] = l.get(rest % l.size());
                rest /= l.size();
            } else {
                values[i] = v;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            out.put(keys[i], values[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    private static boolean hasRubric(List<AssertionSpec> asserts) {
        for (AssertionSpec a : asserts) {
            if (a.type() == AssertionType.LLM_RUBRIC
                    || (a.type() == AssertionType.ASSERT_SET && hasRubric(a.children()))) {
                return true;
            }
        }
        return false;
    }
}

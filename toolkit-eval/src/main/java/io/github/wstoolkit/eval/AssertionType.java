package io.github.wstoolkit.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The assertion types wst evaluates: the one list that the YAML loader, the Groovy DSL and the runner share. Each
 * type except {@link #ASSERT_SET} also has a {@code not-} form ({@link AssertionSpec#negated()}).
 *
 * <p>The loader's checks and the runner's evaluation are exhaustive {@code switch}es over this enum, so a new type
 * is one constant here and two compiler-checked cases (the Groovy DSL's compile test then asks for its method).
 */
public enum AssertionType {
    EQUALS("equals"),
    CONTAINS("contains"),
    ICONTAINS("icontains"),
    CONTAINS_ANY("contains-any"),
    CONTAINS_ALL("contains-all"),
    ICONTAINS_ANY("icontains-any"),
    ICONTAINS_ALL("icontains-all"),
    STARTS_WITH("starts-with"),
    REGEX("regex"),
    IS_JSON("is-json"),
    CONTAINS_JSON("contains-json"),
    LEVENSHTEIN("levenshtein"),
    LATENCY("latency"),
    GROOVY("groovy"),
    JAVASCRIPT("javascript"),
    LLM_RUBRIC("llm-rubric"),
    TTFT("ttft"),
    FRAMES("frames"),
    MAX_FRAME_GAP("max-frame-gap"),
    ASSERT_SET("assert-set");

    private static final Map<String, AssertionType> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AssertionType::id, Function.identity()));

    private final String id;

    AssertionType(String id) {
        this.id = id;
    }

    /** The name configs use ({@code starts-with}), without {@code not-}. */
    public String id() {
        return id;
    }

    /** The name as a Groovy DSL method: camel case ({@code startsWith}, {@code llmRubric}, {@code maxFrameGap}). */
    public String camelCase() {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : id.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    /** True when the type has a {@code not-} form (every type but {@code assert-set}). */
    public boolean negatable() {
        return this != ASSERT_SET;
    }

    /** True for the types whose threshold is a number of milliseconds given as the threshold or the value. */
    public boolean isTiming() {
        return this == LATENCY || this == TTFT || this == MAX_FRAME_GAP;
    }

    /** True for the types whose value is code ({@code groovy}, and {@code javascript} run as Groovy). */
    public boolean isCode() {
        return this == GROOVY || this == JAVASCRIPT;
    }

    /** The type of this config name ({@code starts-with}, without {@code not-}, case-sensitive); empty when unknown. */
    public static Optional<AssertionType> fromId(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }

    /** Every config name, sorted, for messages. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(AssertionType::id).sorted().toList();
    }
}

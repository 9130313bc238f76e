package io.github.wstoolkit.history;

import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.json.JsonException;
import io.github.wstoolkit.eval.LazyLists;
import io.github.wstoolkit.eval.PlannedCase;
import io.github.wstoolkit.history.internal.Rows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Which cases of a plan to run again, for the {@code wst eval} flags that build on earlier runs:
 *
 * <ul>
 *   <li>{@code --retry-errors}: the cases that errored ({@link #selecting} with the parent run's statuses);
 *   <li>{@code --resume}: the cases that have no result yet (the same, with "no status");
 *   <li>{@code --filter-failing} / {@code --filter-errors-only}: as promptfoo, the tests whose vars equal those of a
 *       result that did not pass (or errored), for every prompt and provider ({@link #matchingVars}).
 * </ul>
 *
 * A case is identified across runs by its key: provider label, prompt label, test description, vars and
 * repetition ({@link #keyOf}). A conversation runs again whole when one of its turns must: a later turn needs the
 * earlier ones in its history, and a provider's server-side session is gone.
 */
public final class Reruns {

    private Reruns() {}

    /** The key of a planned case, as the store computes it for results. */
    public static String keyOf(PlannedCase c) {
        return Rows.caseKey(
                Redaction.redactUrl(c.providerLabel()),
                c.prompt().label(),
                c.test().description(),
                c.test().vars(),
                c.repeatIndex());
    }

    /**
     * A selection of the plan: the cases whose key {@code needed} accepts, and every case of their conversations.
     * After the eval has planned, {@link Selection#keys()} are the keys it selected.
     */
    public static Selection selecting(Predicate<String> needed) {
        return new Selection(needed);
    }

    /** A case selection that remembers what it selected (the store needs the keys to carry or replace results). */
    public static final class Selection implements UnaryOperator<List<PlannedCase>> {
        private final Predicate<String> needed;
        private final Set<String> keys = ConcurrentHashMap.newKeySet();

        private Selection(Predicate<String> needed) {
            this.needed = needed;
        }

        @Override
        public List<PlannedCase> apply(List<PlannedCase> plan) {
            Set<String> conversations = new HashSet<>();
            for (PlannedCase c : plan) {
                if (needed.test(keyOf(c))) {
                    c.conversation().ifPresent(conversations::add);
                }
            }
            // positions, not the cases: the plan makes each case as it is read, and a resumed run of 100,000 cases
            // would hold every case it selects (LazyLists)
            int[] out = new int[plan.size()];
            int n = 0;
            for (int i = 0; i < plan.size(); i++) {
                PlannedCase c = plan.get(i);
                String key = keyOf(c);
                if (needed.test(key)
                        || c.conversation().map(conversations::contains).orElse(false)) {
                    out[n++] = i;
                    keys.add(key);
                }
            }
            return LazyLists.select(plan, Arrays.copyOf(out, n));
        }

        /** The keys of the cases selected (empty before the eval has planned). */
        public Set<String> keys() {
            return Set.copyOf(keys);
        }
    }

    /**
     * promptfoo's {@code --filter-failing}: the cases whose test vars equal the vars of one of these results
     * ({@code _conversation} left out), whatever their prompt and provider.
     */
    public static Predicate<PlannedCase> matchingVars(Collection<Map<String, Object>> vars) {
        Set<String> wanted = new HashSet<>();
        for (Map<String, Object> v : vars) {
            wanted.add(canonicalVars(v));
        }
        return c -> wanted.contains(canonicalVars(c.test().vars()));
    }

    private static String canonicalVars(Map<String, ?> vars) {
        Map<String, Object> m = new LinkedHashMap<>(vars);
        m.remove("_conversation");
        return Rows.testKey(java.util.Optional.empty(), m, 0);
    }

    /**
     * The vars of the results of a JSON results file that did not pass ({@code errorsOnly}: that errored).
     *
     * @throws HistoryException BAD_INPUT when the file cannot be read or is not a results file
     */
    public static List<Map<String, Object>> varsFromReport(Path file, boolean errorsOnly) {
        return varsFromReport(file, true, !errorsOnly);
    }

    /**
     * The vars of the results of a JSON results file that errored ({@code errors}) or failed an assertion
     * ({@code failures}): promptfoo's {@code --filter-failing} (both), {@code --filter-errors-only} and
     * {@code --filter-failing-only}.
     *
     * @throws HistoryException BAD_INPUT when the file cannot be read or is not a results file
     */
    public static List<Map<String, Object>> varsFromReport(Path file, boolean errors, boolean failures) {
        Object json;
        try {
            json = Json.parseDocument(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HistoryException(HistoryException.Kind.BAD_INPUT, null, "cannot read " + file + ": " + e, e);
        } catch (JsonException e) {
            throw new HistoryException(
                    HistoryException.Kind.BAD_INPUT, null, file + " is not JSON: " + e.getMessage(), e);
        }
        if (!(json instanceof Map<?, ?> top)
                || !(top.get("results") instanceof Map<?, ?> results)
                || !(results.get("results") instanceof List<?> list)) {
            throw new HistoryException(
                    HistoryException.Kind.BAD_INPUT,
                    null,
                    file + " is not a results file of wst eval -o or promptfoo eval -o"
                            + " (expected {\"results\": {\"results\": [...]}})");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> r)) {
                continue;
            }
            boolean error = r.get("failureReason") instanceof Number n
                    ? n.intValue() == 2
                    : r.get("error") != null && !Boolean.TRUE.equals(r.get("success"));
            boolean failed = !error && !Boolean.TRUE.equals(r.get("success"));
            boolean keep = (errors && error) || (failures && failed);
            if (keep) {
                out.add(Rows.objectOf(r.get("vars")));
            }
        }
        return out;
    }
}

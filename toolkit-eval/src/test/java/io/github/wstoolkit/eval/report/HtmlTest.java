package io.github.wstoolkit.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.ShardInfo;
import io.github.wstoolkit.eval.TestCase;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTML report's per-provider figures, its title and which rows get a timeline. */
class HtmlTest {

    private static CallTimings timings(long firstMs, long gapMs) {
        return new CallTimings(
                Duration.ofMillis(1),
                Optional.of(Duration.ofMillis(firstMs)),
                Duration.ofMillis(firstMs + gapMs),
                2,
                20,
                Optional.of(Duration.ofMillis(gapMs)),
                List.of());
    }

    private static EvalResult result(
            int index, String provider, EvalResult.FailureReason why, long latencyMs, CallTimings timings) {
        boolean errored = why == EvalResult.FailureReason.ERROR;
        return new EvalResult(
                index,
                index,
                0,
                0,
                PromptSpec.of("p"),
                "p",
                provider,
                provider,
                TestCase.EMPTY,
                Map.of(),
                timings == null
                        ? Optional.empty()
                        : Optional.of(ProviderResponse.of("o").withTimings(timings)),
                errored ? Optional.of("Error: x") : Optional.empty(),
                why == EvalResult.FailureReason.NONE,
                why == EvalResult.FailureReason.NONE ? 1 : 0,
                errored ? Optional.empty() : Optional.of(GradingResult.pass("ok")),
                latencyMs,
                why,
                1);
    }

    @Test
    void eachProviderRowCountsPassFailAndErrorAndGivesPercentilesInMilliseconds() {
        List<EvalResult> results = List.of(
                result(0, "alpha", EvalResult.FailureReason.NONE, 100, timings(10, 5)),
                result(1, "beta", EvalResult.FailureReason.NONE, 50, CallTimings.NONE),
                result(2, "alpha", EvalResult.FailureReason.ASSERT, 200, timings(20, 7)),
                result(3, "alpha", EvalResult.FailureReason.ERROR, 300, null),
                result(4, "alpha", EvalResult.FailureReason.ERROR, 400, null));
        String html = Html.summary(results);
        assertTrue(
                html.contains("<tr class=\"provider\"><td>alpha</td><td class=\"num\">4</td><td class=\"num\">1</td>"
                        + "<td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">200 / 400 / 400 ms</td>"
                        + "<td class=\"num\">10 / 20 / 20 ms</td><td class=\"num\">5 / 7 / 7 ms</td></tr>"),
                html);
        assertTrue(
                html.contains("<tr class=\"provider\"><td>beta</td><td class=\"num\">1</td><td class=\"num\">1</td>"
                        + "<td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">50 / 50 / 50 ms</td>"
                        + "<td class=\"num\">—</td><td class=\"num\">—</td></tr>"),
                html);
        assertTrue(
                html.indexOf("<td>alpha</td>") < html.indexOf("<td>beta</td>"), "providers in order of first result");
        assertEquals("", Html.summary(List.of()));
    }

    private static EvalRun run(List<EvalResult> results, Optional<ShardInfo> shard) {
        EvalConfig config = ConfigLoader.parse("description: nightly\nprompts: [p]\nproviders: [echo]\n", Path.of("."));
        return new EvalRun(
                "eval-h",
                Instant.parse("2026-01-02T03:04:05Z"),
                config,
                results,
                EvalStats.of(results, 10),
                results.size(),
                false,
                shard);
    }

    private static String write(EvalRun run) throws Exception {
        StringWriter w = new StringWriter();
        Html.write(run, Reports.toMap(run), w);
        return w.toString();
    }

    private static Map<?, ?> charts(String html) {
        String open = "<script type=\"application/json\" id=\"charts\">";
        int from = html.indexOf(open) + open.length();
        return (Map<?, ?>) Json.parse(html.substring(from, html.indexOf("</script>", from)));
    }

    @Test
    void rowsWithAResponseGetATimelineNumberedFromOne() throws Exception {
        List<EvalResult> results = List.of(
                result(0, "alpha", EvalResult.FailureReason.NONE, 100, timings(10, 5)),
                result(1, "alpha", EvalResult.FailureReason.ERROR, 300, null),
                result(2, "alpha", EvalResult.FailureReason.ASSERT, 200, timings(20, 7)));
        String html = write(run(results, Optional.empty()));
        Map<?, ?> timelines = (Map<?, ?>) charts(html).get("timelines");
        assertEquals(List.of("1", "3"), List.copyOf(timelines.keySet()));
        assertEquals(2000, ((Number) charts(html).get("timelineLimit")).intValue());
        assertTrue(html.contains("<title>nightly — eval-h</title>"), html.substring(0, 400));
        String shard = write(run(results, Optional.of(ShardInfo.parse("2/3", "abc"))));
        assertTrue(shard.contains("<title>nightly — eval-h · shard 2/3</title>"), shard.substring(0, 400));
    }

    @Test
    void timelinesStopAtTheLimit() throws Exception {
        List<EvalResult> results = new ArrayList<>();
        for (int i = 0; i < Html.TIMELINE_LIMIT; i++) {
            results.add(result(i, "alpha", EvalResult.FailureReason.NONE, 1, timings(1, 1)));
        }
        assertEquals(
                Html.TIMELINE_LIMIT,
                ((Map<?, ?>) charts(write(run(results, Optional.empty()))).get("timelines")).size());
        results.add(result(Html.TIMELINE_LIMIT, "alpha", EvalResult.FailureReason.NONE, 1, timings(1, 1)));
        assertEquals(Map.of(), charts(write(run(results, Optional.empty()))).get("timelines"));
    }
}

package io.github.wstoolkit.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.GradingResult;
import io.github.wstoolkit.eval.PromptSpec;
import io.github.wstoolkit.eval.TestCase;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The XML writers: promptfoo's element tree and JUnit's report, to the character. */
class XmlTest {

    @Test
    void promptfooXmlWritesEmptyValuesAsEmptyElementsAndListsAsRepeatedOnes() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("evalId", "eval-1");
        report.put("shareableUrl", null);
        report.put("config", Map.of());
        report.put("tags", List.of());
        report.put("items", List.of(1, 2.5, "three"));
        report.put("nested", Map.of("ok", true));
        report.put("1st key", "a<b & 'c'");
        StringWriter w = new StringWriter();
        Xml.promptfoo(report, w);
        assertEquals(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <promptfoo>
                  <evalId>eval-1</evalId>
                  <shareableUrl/>
                  <config/>
                  <tags/>
                  <items>1</items>
                  <items>2.5</items>
                  <items>three</items>
                  <nested>
                    <ok>true</ok>
                  </nested>
                  <_1st_key>a&lt;b &amp; &apos;c&apos;</_1st_key>
                </promptfoo>
                """,
                w.toString());
    }

    @Test
    void tagNamesAreMadeValid() {
        assertEquals("plain-name.v2_x", Xml.tagName("plain-name.v2_x"));
        assertEquals("a_b_c", Xml.tagName("a b:c"));
        assertEquals("_9lives", Xml.tagName("9lives"));
        assertEquals("_-x", Xml.tagName("-x"));
        assertEquals("_under", Xml.tagName("_under"));
        assertEquals("_XmlThing", Xml.tagName("XmlThing"));
        assertEquals("_", Xml.tagName(""));
        assertEquals("été", Xml.tagName("été"));
    }

    @Test
    void escapingDropsWhatXmlForbidsAndKeepsLineBreaksAndTabs() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&apos;", Xml.escape("<a href=\"x\">&'"));
        assertEquals("ab\tc\nd\re", Xml.escape("a\u0000b\tc\nd\u001fe".replace("\u001f", "\r")));
        assertEquals("xy", Xml.escape("x\u0001\u0008\u000b\u000c\u001fy"));
        assertEquals(" ~\u00e9\ufffd", Xml.escape(" ~\u00e9\ufffd\ufffe\uffff"));
        assertEquals("\ud83d\ude00", Xml.escape("\ud83d\ude00"), "surrogate pairs are kept");
    }

    @Test
    void abbreviateCutsAtTheLimitWithAnEllipsis() {
        assertEquals("abc", Xml.abbreviate("abc", 3));
        assertEquals("ab…", Xml.abbreviate("abc", 2));
    }

    private static EvalResult result(
            int index, String provider, int repeat, EvalResult.FailureReason why, String reasonOrError, long ms) {
        TestCase test = TestCase.of(Map.of(), List.of()).withDescription("case " + index);
        Optional<GradingResult> grading = why == EvalResult.FailureReason.ASSERT
                ? Optional.of(GradingResult.fail(reasonOrError))
                : why == EvalResult.FailureReason.NONE ? Optional.of(GradingResult.pass("ok")) : Optional.empty();
        return new EvalResult(
                index,
                index,
                0,
                repeat,
                PromptSpec.of("Say {{x}}"),
                "Say x",
                provider,
                provider,
                test,
                Map.of(),
                why == EvalResult.FailureReason.ERROR
                        ? Optional.empty()
                        : Optional.of(ProviderResponse.of("out " + index)),
                why == EvalResult.FailureReason.ERROR ? Optional.of(reasonOrError) : Optional.empty(),
                why == EvalResult.FailureReason.NONE,
                why == EvalResult.FailureReason.NONE ? 1 : 0,
                grading,
                ms,
                why,
                1);
    }

    @Test
    void junitHasOneSuitePerProviderWithItsOwnCountsAndTimes() throws Exception {
        EvalConfig config =
                ConfigLoader.parse("description: nightly <checks>\nprompts: [p]\nproviders: [echo]\n", Path.of("."));
        String longReason = "r".repeat(310) + "\nsecond line";
        List<EvalResult> results = new ArrayList<>(List.of(
                result(0, "beta", 0, EvalResult.FailureReason.NONE, "", 1500),
                result(1, "alpha", 0, EvalResult.FailureReason.ASSERT, "first line\nsecond", 250),
                result(2, "alpha", 1, EvalResult.FailureReason.ERROR, "Error: closed\nstack", 5),
                result(3, "alpha", 2, EvalResult.FailureReason.ASSERT, longReason, 0),
                result(4, "beta", 0, EvalResult.FailureReason.ERROR, "Error: one line", 2)));
        EvalStats stats = new EvalStats(1, 2, 2, TokenUsage.NONE, 12_345);
        EvalRun run =
                new EvalRun("eval-x", Instant.parse("2026-01-02T03:04:05.678Z"), config, results, stats, 5, false);
        StringWriter w = new StringWriter();
        Xml.junit(run, w);
        String[] lines = w.toString().split("\n");
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", lines[0]);
        assertEquals(
                "<testsuites name=\"nightly &lt;checks&gt;\" tests=\"5\" failures=\"2\" errors=\"2\" time=\"12.345\">",
                lines[1]);
        assertEquals(
                "  <testsuite name=\"alpha\" tests=\"3\" failures=\"2\" errors=\"1\" skipped=\"0\" time=\"0.255\""
                        + " timestamp=\"2026-01-02T03:04:05Z\">",
                lines[2]);
        assertEquals("    <testcase classname=\"alpha\" name=\"case 1 [Say {{x}}]\" time=\"0.250\">", lines[3]);
        assertEquals("      <failure message=\"first line\" type=\"assertion\">first line", lines[4]);
        assertEquals("second", lines[5]);
        assertEquals("", lines[6]);
        assertEquals("Output:", lines[7]);
        assertEquals("out 1</failure>", lines[8]);
        assertEquals("    </testcase>", lines[9]);
        assertEquals("    <testcase classname=\"alpha\" name=\"case 2 [Say {{x}}] #2\" time=\"0.005\">", lines[10]);
        assertEquals("      <error message=\"Error: closed\" type=\"error\">Error: closed", lines[11]);
        assertEquals("stack</error>", lines[12]);
        assertEquals("    <testcase classname=\"alpha\" name=\"case 3 [Say {{x}}] #3\" time=\"0.000\">", lines[14]);
        assertEquals(
                "      <failure message=\"" + "r".repeat(300) + "…\" type=\"assertion\">" + "r".repeat(310), lines[15]);
        assertEquals(
                "  <testsuite name=\"beta\" tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"1.502\""
                        + " timestamp=\"2026-01-02T03:04:05Z\">",
                lines[22]);
        assertEquals("    <testcase classname=\"beta\" name=\"case 0 [Say {{x}}]\" time=\"1.500\"/>", lines[23]);
        assertEquals("      <error message=\"Error: one line\" type=\"error\">Error: one line</error>", lines[25]);
        assertEquals("</testsuites>", lines[lines.length - 1]);
    }
}

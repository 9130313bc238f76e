package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvTests} finds where each row of a CSV file's bytes starts and reads one row at a time; read so, every text
 * gives the rows {@link Csv#parse} gives the whole text (and the same error for a quote left open).
 */
class CsvRecordsTest {

    /** The rows of {@code text}, each parsed alone from the bytes of its record. */
    private static List<List<String>> byRecords(String text, char separator) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        CsvTests.records(b, 0, separator, (start, end) -> {
            List<List<String>> one = Csv.parse(new String(b, start, end - start, StandardCharsets.UTF_8), separator);
            assertEquals(1, one.size(), "one record, one row: " + text.substring(0, Math.min(40, text.length())));
            rows.add(one.getFirst());
        });
        return rows;
    }

    private static void same(String text, char separator) {
        List<List<String>> whole;
        try {
            whole = Csv.parse(text, separator);
        } catch (IllegalArgumentException open) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> byRecords(text, separator), text);
            assertEquals(open.getMessage(), e.getMessage());
            return;
        }
        assertEquals(whole, byRecords(text, separator), text);
    }

    @Test
    void theEdgesOfQuotesAndLineBreaksGiveTheSameRows() {
        for (String text : List.of(
                "",
                "\n",
                "a",
                "a\n",
                "a\n\n",
                "a,b\r\nc,d\r\n",
                "a\rb\r",
                "a\r\n\r\nb",
                "\"\"",
                "a\n\"\"",
                "a\n\"\",",
                "\"x\"\"y\",\"\"\"\"\n",
                "\"multi\nline\",x\ny",
                "a\"b,\"c\nd\"",
                "\"\"\"\n",
                "\"a\"b\"c\n",
                "é,日本\n\"ü\nß\",x",
                "a,\"open\n",
                "x\n\"a\nb\nc\",y\n\"d")) {
            same(text, ',');
        }
        same("a\tb\t\"c\td\"\n1\t2", '\t');
    }

    @Test
    void randomTextsOfCsvsCharactersGiveTheSameRows() {
        char[] alphabet = {'a', 'b', ',', ',', '"', '"', '\n', '\r', 'é', '日', ' ', '\t'};
        Random random = new Random(15);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            same(s.toString(), n % 5 == 0 ? '\t' : ',');
        }
    }
}

package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 CSV, as test tables are read and reports written. */
class CsvTest {

    @Test
    void quotedCellsHoldSeparatorsQuotesAndLineBreaks() {
        assertEquals(
                List.of(List.of("a", "b,c", "say \"hi\""), List.of("line\none", "", "x")),
                Csv.parse("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"line\none\",,x\n", ','));
    }

    @Test
    void rowsEndAtAnyLineBreakAndTheLastNeedsNone() {
        assertEquals(List.of(List.of("1", "2"), List.of("3"), List.of("4", "")), Csv.parse("1,2\r3\n4,", ','));
        assertEquals(List.of(List.of("a", "b")), Csv.parse("\uFEFFa;b", ';'), "a BOM is dropped; any separator");
        assertEquals(List.of(List.of("")), Csv.parse("\n", ','), "an empty line is one empty cell");
        assertEquals(List.of(List.of("a"), List.of("b")), Csv.parse("a\r\nb\r", ','), "a last CR ends the row");
        assertEquals(List.of(), Csv.parse("", ','));
        assertEquals(List.of(List.of("a\"b")), Csv.parse("a\"b", ','), "a quote inside an unquoted cell is text");
    }

    @Test
    void anUnclosedQuoteNamesTheLineItOpenedOn() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Csv.parse("a\nb,\"c\nd\ne", ','));
        assertEquals("line 2: a quoted cell is not closed", e.getMessage());
        // line breaks inside an earlier quoted cell count
        IllegalArgumentException later =
                assertThrows(IllegalArgumentException.class, () -> Csv.parse("\"a\nb\nc\",x\n\"d", ','));
        assertEquals("line 4: a quoted cell is not closed", later.getMessage());
    }

    @Test
    void cellsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("plain", Csv.cell("plain"));
        assertEquals("", Csv.cell(null));
        assertEquals("\"a,b\"", Csv.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.cell("say \"hi\""));
        assertEquals("\"a\nb\"", Csv.cell("a\nb"));
        assertEquals("\"a\rb\"", Csv.cell("a\rb"));
        assertEquals(
                List.of(List.of("a,b", "say \"hi\"")), Csv.parse(Csv.cell("a,b") + "," + Csv.cell("say \"hi\""), ','));
    }
}

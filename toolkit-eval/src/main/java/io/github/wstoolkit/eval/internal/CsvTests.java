package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.transform.AssertionFunction;
import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.TestCase;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * The tests of a CSV (or TSV) test file, held as the file's bytes and where each row starts: {@link #get} reads row
 * {@code i} into the same {@link TestCase} the file's rows always gave (promptfoo's columns: vars, {@code __expected…}
 * cells, {@code __description}, {@code __metric}, {@code __threshold}, {@code __metadata:KEY}).
 *
 * <p>Why: a suite of 100,000 rows held as tests is 100,000 object graphs (a test, its maps, an assertion, three or
 * four strings: about 600 bytes each); held as this it is the file's size (a bench row is 90 bytes) and four bytes
 * an offset. {@link #read} reads and checks every row when the config is loaded, so every error still comes before
 * the run and names the file, the row and the column; the file is read once, into memory, so a file edited while a
 * run goes cannot give it half old and half new rows. Code in an {@code __expected} cell ({@code groovy:},
 * {@code javascript:}, {@code fn:}, {@code eval:}) is compiled once when the file is read, and {@link #get} gives the
 * compiled function back (by the cell's type and code), so reading a row compiles nothing and two reads of a row give
 * equal tests.
 *
 * <p>Thread-safe: the list is immutable; {@link #get} makes a new test each call.
 */
public final class CsvTests extends CompactList<TestCase> {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Path file;
    private final String fileName;
    private final byte[] bytes;
    private final char separator;
    private final String[] columns;
    /** where each test's row starts in {@link #bytes} */
    private final int[] starts;
    /** each test's row number (the header is 0); null when row i + 1 is test i (no blank row was left out) */
    private final int[] rows;
    /** compiled {@code __expected} code, by {@link #codeKey} */
    private final Map<String, AssertionFunction> functions;

    private CsvTests(
            Path file,
            byte[] bytes,
            char separator,
            String[] columns,
            int[] starts,
            int[] rows,
            Map<String, AssertionFunction> functions) {
        this.file = file;
        this.fileName = file.toString();
        this.bytes = bytes;
        this.separator = separator;
        this.columns = columns;
        this.starts = starts;
        this.rows = rows;
        this.functions = functions;
    }

    /**
     * Reads and checks the tests of a CSV file's bytes (UTF-8; a byte-order mark is dropped): every row is read into
     * its test once, so that its errors are found now, and its code compiled.
     *
     * @param file the file, named by the tests' locations and by errors
     * @param separator {@code ','}, or {@code '\t'} for TSV
     * @param compiler compiles an {@code __expected} cell's code (called once for each type and code)
     * @param warnings receives a warning for each row's unsupported {@code __} column, as the rows are read
     * @throws ConfigException for the first bad row, naming the file, the row and the column
     * @throws IllegalArgumentException when a quoted cell is not closed ({@code line N: …}, as {@link Csv#parse})
     * @throws CharacterCodingException when the bytes are not UTF-8
     */
    public static List<TestCase> read(
            Path file, byte[] bytes, char separator, ExpectedCell.CodeCompiler compiler, Consumer<String> warnings)
            throws CharacterCodingException {
        checkUtf8(bytes);
        int from = startsWith(bytes, BOM) ? BOM.length : 0;
        // each record's start and end, two ints a record (not an object per row: this is what a big file is)
        int[][] found = {new int[64]};
        int[] count = {0};
        records(bytes, from, separator, (s, e) -> {
            if (count[0] + 2 > found[0].length) {
                found[0] = java.util.Arrays.copyOf(found[0], found[0].length * 2);
            }
            found[0][count[0]++] = s;
            found[0][count[0]++] = e;
        });
        int[] records = found[0];
        int recordCount = count[0] / 2;
        if (recordCount == 0) {
            return List.of();
        }
        List<String> headerCells =
                Csv.parse(text(bytes, records[0], records[1]), separator).getFirst();
        String[] columns = headerCells.stream().map(String::strip).toArray(String[]::new);
        Map<String, AssertionFunction> functions = new HashMap<>();
        ExpectedCell.CodeCompiler compiling = (spec, code) -> {
            String key = codeKey(spec, code);
            AssertionFunction f = functions.get(key);
            if (f != null) {
                return spec.withFunction(f);
            }
            AssertionSpec compiled = compiler.compile(spec, code);
            compiled.function().ifPresent(fn -> functions.put(key, fn));
            return compiled;
        };
        int[] starts = new int[recordCount - 1];
        int[] rows = new int[recordCount - 1];
        int n = 0;
        boolean skipped = false;
        for (int r = 1; r < recordCount; r++) {
            int start = records[2 * r];
            List<String> row =
                    Csv.parse(text(bytes, start, records[2 * r + 1]), separator).getFirst();
            if (blank(row)) {
                skipped = true;
                continue;
            }
            test(file, file.toString(), columns, row, r, compiling, warnings); // checked, then let go
            starts[n] = start;
            rows[n] = r;
            n++;
        }
        if (n == 0) {
            return List.of();
        }
        return new CsvTests(
                file,
                bytes,
                separator,
                columns,
                java.util.Arrays.copyOf(starts, n),
                skipped ? java.util.Arrays.copyOf(rows, n) : null,
                Map.copyOf(functions));
    }

    @Override
    public TestCase get(int index) {
        Objects.checkIndex(index, starts.length);
        int end = index + 1 < starts.length ? starts[index + 1] : bytes.length;
        // the text up to the next test's row may hold blank rows too: the first row is this test's
        List<String> row = Csv.parse(text(bytes, starts[index], end), separator).getFirst();
        int r = rows == null ? index + 1 : rows[index];
        return test(file, fileName, columns, row, r, this::compiled, w -> {});
    }

    @Override
    public int size() {
        return starts.length;
    }

    /** The function compiled for this cell when the file was read. */
    private AssertionSpec compiled(AssertionSpec spec, String code) {
        AssertionFunction f = functions.get(codeKey(spec, code));
        if (f == null) {
            throw new IllegalStateException("no compiled function for " + spec.location()); // read() compiled all
        }
        return spec.withFunction(f);
    }

    private static String codeKey(AssertionSpec spec, String code) {
        return spec.type().id() + '\n' + code;
    }

    /** One row as a test (record {@code r}; the header is record 0). */
    private static TestCase test(
            Path file,
            String fileName,
            String[] columns,
            List<String> row,
            int r,
            ExpectedCell.CodeCompiler compiler,
            Consumer<String> warnings) {
        Map<String, Object> vars = new LinkedHashMap<>();
        List<AssertionSpec> asserts = new ArrayList<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        String description = null;
        OptionalDouble threshold = OptionalDouble.empty();
        String metric = null;
        String location = fileName + ":" + (r + 1);
        for (int c = 0; c < columns.length; c++) {
            String col = columns[c];
            String cell = c < row.size() ? row.get(c) : "";
            if (col.startsWith("__expected")) {
                if (!cell.isBlank()) {
                    asserts.add(ExpectedCell.parse(cell, location, compiler));
                }
            } else if (col.equals("__description")) {
                description = cell;
            } else if (col.equals("__metric")) {
                metric = cell;
            } else if (col.equals("__threshold")) {
                try {
                    threshold = OptionalDouble.of(Double.parseDouble(cell));
                } catch (NumberFormatException e) {
                    throw new ConfigException("__threshold is not a number: " + cell, e, file, r + 1, c + 1, col);
                }
            } else if (col.startsWith("__metadata:")) {
                metadata.put(col.substring("__metadata:".length()), cell);
            } else if (col.startsWith("__")) {
                warnings.accept(location + ": column " + col + " is not supported, ignored");
            } else {
                vars.put(col, cell);
            }
        }
        if (metric != null) {
            String mm = metric;
            asserts = asserts.stream().map(a -> a.withMetric(mm)).toList();
        }
        return TestCase.builder()
                .description(description)
                .vars(vars)
                .asserts(asserts)
                .metadata(metadata)
                .threshold(threshold)
                .location(location)
                .build();
    }

    private static boolean blank(List<String> row) {
        return row.size() == 1 && row.getFirst().isEmpty();
    }

    private static String text(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && java.util.Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Fails as {@code Files.readString} does for bytes that are not UTF-8, without holding the decoded text. */
    private static void checkUtf8(byte[] b) throws CharacterCodingException {
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult cr = d.decode(in, out, true);
            if (cr.isError()) {
                cr.throwException();
            }
            if (cr.isUnderflow()) {
                break;
            }
            out.clear();
        }
        out.clear();
        CoderResult cr = d.flush(out);
        if (cr.isError()) {
            cr.throwException();
        }
    }

    /** Where a record of a CSV text starts and ends (its line break included). */
    @FunctionalInterface
    interface RecordSink {
        void record(int start, int end);
    }

    /**
     * The records of CSV bytes from {@code from}: where each starts and ends, by the rules of {@link Csv#parse}
     * (its state machine, byte by byte: the separators, quotes and line breaks are ASCII, and no byte of a UTF-8
     * sequence of another character is), so that {@code Csv.parse} of one record's text gives that record's row.
     *
     * @throws IllegalArgumentException when a quoted cell is not closed, with {@link Csv#parse}'s message
     */
    static void records(byte[] b, int from, char separator, RecordSink sink) {
        boolean quoted = false;
        boolean cellEmpty = true;
        boolean rowEmpty = true;
        int line = 1;
        int quoteLine = 0;
        int start = from;
        for (int i = from; i < b.length; i++) {
            byte c = b[i];
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < b.length && b[i + 1] == '"') {
                        cellEmpty = false;
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cellEmpty = false;
                }
            } else if (c == '"' && cellEmpty) {
                quoted = true;
                quoteLine = line;
            } else if (c == separator) {
                rowEmpty = false;
                cellEmpty = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < b.length && b[i + 1] == '\n') {
                    i++;
                }
                line++;
                sink.record(start, i + 1);
                start = i + 1;
                cellEmpty = true;
                rowEmpty = true;
            } else {
                cellEmpty = false;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + quoteLine + ": a quoted cell is not closed");
        }
        if (!cellEmpty || !rowEmpty) {
            sink.record(start, b.length);
        }
    }
}

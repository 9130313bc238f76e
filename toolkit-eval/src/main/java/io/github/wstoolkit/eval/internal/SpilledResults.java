package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalStats;
import io.github.wstoolkit.eval.report.Reports;
import io.github.wstoolkit.eval.report.ResultsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's results in plan order, of which only the first {@code keep} to finish are held in memory: the others are
 * written as they finish, one JSON line each (the JSON report's result, {@link Reports#resultMap}, so redacted as the
 * report is and nothing the report would not hold), to a temporary file, and read back ({@link ResultsFile#result})
 * when asked for. So a run of 100,000 cases holds the memory of {@code keep} results, a few numbers per case and the
 * plan.
 *
 * <p>The file is created readable by its owner only, in {@code java.io.tmpdir}, and unlinked at once where the file
 * system allows (it is read through its open channel; its space is freed when the list is closed or no longer
 * reachable, or when the process ends); elsewhere it is deleted on {@link #close()} or at exit.
 *
 * <p>A result read back is the one the JSON report holds: writing it again gives the same report line; what the
 * report does not hold (a prompt's template when it is not its label, a test's options) is not in it. The counts
 * ({@link #stats}) are kept as results are recorded, so they read nothing back. Reading in order (iteration, a
 * report) reads the file once, in windows; a lookup out of order reads one window.
 */
public final class SpilledResults extends AbstractList<EvalResult> implements AutoCloseable {

    /** The system property naming how many results a run holds in memory before it writes them to a file. */
    public static final String KEEP_PROPERTY = "wst.eval.resultsInMemory";

    /** How many results a run holds in memory when the property is not set. */
    public static final int DEFAULT_KEEP = 1000;

    /**
     * The system property naming after how many results written to the file (or counted, by a run that keeps none)
     * the run asks the JVM for a full collection ({@code 0}: never).
     */
    public static final String COLLECT_PROPERTY = "wst.eval.collectEvery";

    /**
     * Results written to the file between two full collections when the property is not set. Why: with the serial
     * collector the image uses, the old generation is collected only when it is full, and until the heap's maximum
     * (a quarter of the machine's memory) it grows instead; what young collections promote (cases in flight, a few
     * hundred bytes each) piled up there, so a 100,000-case run took twice the memory of a 10,000-case one with the
     * same live set. A full collection every 10,000 results (a few hundred milliseconds for some 100 MB live, every
     * 10 to 20 seconds of a run) keeps the heap at what is live (docs/performance.md, Memory).
     */
    public static final int DEFAULT_COLLECT_EVERY = 10_000;

    private static final System.Logger LOG = System.getLogger(SpilledResults.class.getName());
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int WINDOW = 1 << 16;
    /** Lines gathered before a write to the file. */
    private static final int BUFFER_SIZE = 1 << 16;
    /** A key of a spilled line beside the report's: the call's timings in nanoseconds. */
    private static final String NANOS = "wst:timingsNanos";
    /** The offset of a result that was counted and not kept; -1 is a result not recorded. */
    private static final long COUNTED = -2;

    private final int keep;
    private final int collectEvery;
    private final Runnable collector;
    private int written;
    private final Path dir;
    private final EvalResult[] held;
    private final long[] offsets;
    private final int[] lengths;
    private int kept;
    private boolean sealed;
    private int[] order = new int[0];
    private int successes;
    private int failures;
    private int errors;
    private TokenUsage usage = TokenUsage.NONE;
    /** The file, once the first result is written; null before, or when it could not be created. */
    private Spill spill;

    private boolean spillFailed;
    /** Keeps no result: each recorded one only marks its index {@link #COUNTED} (see {@link #countingOnly}). */
    private final boolean countOnly;

    private int recorded;
    private int expected = Integer.MAX_VALUE;

    private byte[] window = new byte[0];
    private long windowStart;

    /**
     * @param planSize one more than the highest plan index a result can have
     * @param keep how many results to hold in memory (the first to finish)
     * @param dir where the file goes
     */
    public SpilledResults(int planSize, int keep, Path dir) {
        this(planSize, keep, Integer.getInteger(COLLECT_PROPERTY, DEFAULT_COLLECT_EVERY), System::gc, dir);
    }

    /**
     * @param planSize one more than the highest plan index a result can have
     * @param keep how many results to hold in memory (the first to finish)
     * @param collectEvery after how many results written to the file to run {@code collector} (0: never)
     * @param collector what asks for a full collection ({@code System::gc})
     * @param dir where the file goes
     */
    SpilledResults(int planSize, int keep, int collectEvery, Runnable collector, Path dir) {
        this(planSize, keep, collectEvery, collector, dir, false);
    }

    /** As above; a counting-only list (see {@link #countingOnly}) writes no file, and has no {@code dir}. */
    private SpilledResults(int planSize, int keep, int collectEvery, Runnable collector, Path dir, boolean countOnly) {
        this.countOnly = countOnly;
        this.keep = Math.max(0, keep);
        this.collectEvery = Math.max(0, collectEvery);
        this.collector = collector;
        this.dir = dir;
        this.held = new EvalResult[planSize];
        this.offsets = new long[planSize];
        this.lengths = new int[planSize];
        Arrays.fill(offsets, -1);
    }

    /**
     * The list of a run whose caller needs no result back: it counts them (size, {@link #stats}) and keeps none;
     * {@link #get} fails.
     */
    public static SpilledResults countingOnly(int planSize) {
        return countingOnly(planSize, Integer.getInteger(COLLECT_PROPERTY, DEFAULT_COLLECT_EVERY), System::gc);
    }

    /** As {@link #countingOnly(int)}; {@code collector} runs every {@code collectEvery} results counted. */
    static SpilledResults countingOnly(int planSize, int collectEvery, Runnable collector) {
        return new SpilledResults(planSize, 0, collectEvery, collector, null, true);
    }

    /** The list of a run of this size: {@link #KEEP_PROPERTY} results held, in {@code java.io.tmpdir}. */
    public static SpilledResults forRun(int planSize) {
        return new SpilledResults(
                planSize,
                Integer.getInteger(KEEP_PROPERTY, DEFAULT_KEEP),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Records a finished result at its plan index ({@link EvalResult#index()}). Safe from any thread; a result
     * recorded after {@link #seal()} (a case abandoned at a deadline that finished late) is ignored.
     */
    public void record(EvalResult r) {
        int i = r.index();
        boolean countedCollect = false;
        synchronized (this) {
            if (sealed || held[i] != null || offsets[i] != -1) {
                return;
            }
            if (countOnly) {
                offsets[i] = COUNTED;
                count(r);
                written++; // what the case made is garbage now, as a written result's is: same collections
                countedCollect = collectEvery > 0 && written % collectEvery == 0 && recorded < expected;
            } else if (kept < keep || spillFailed) {
                held[i] = r;
                kept++;
                count(r);
                return;
            }
        }
        if (countOnly) {
            if (countedCollect) {
                collector.run(); // see DEFAULT_COLLECT_EVERY
            }
            return;
        }
        Map<String, Object> m = Reports.resultMap(r);
        // the report keeps the call's timings to the millisecond; the HTML report's figures use them to the nanosecond
        r.response().ifPresent(resp -> m.put(NANOS, nanos(resp.timings())));
        byte[] line = (Json.stringify(m) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean collect = false;
        synchronized (this) {
            if (sealed || held[i] != null || offsets[i] != -1) {
                return;
            }
            try {
                if (spill == null) {
                    spill = Spill.open(dir);
                    CLEANER.register(this, spill);
                }
                offsets[i] = spill.append(line);
                lengths[i] = line.length;
                written++;
                collect = collectEvery > 0 && written % collectEvery == 0 && recorded + 1 < expected;
            } catch (IOException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "cannot write results to a temporary file in " + dir + " (" + e.getMessage()
                                + "); holding them in memory");
                spillFailed = true;
                held[i] = r;
            }
            count(r);
        }
        if (collect) {
            collector.run(); // see DEFAULT_COLLECT_EVERY
        }
    }

    /**
     * How many results the run will record, when known: the collection that would follow the last of them is
     * skipped (the run is over, and a full collection then only made it end later).
     */
    public synchronized void expect(int cases) {
        this.expected = cases;
    }

    private void count(EvalResult r) {
        recorded++;
        switch (r.failureReason()) {
            case NONE -> successes++;
            case ASSERT -> failures++;
            case ERROR -> errors++;
        }
        if (r.response().isPresent() && r.response().get().tokenUsage().isPresent()) {
            usage = usage.plus(r.response().get().tokenUsage().get());
        }
    }

    /** Ends recording: the list now holds what was recorded, in plan order. */
    public synchronized SpilledResults seal() {
        sealed = true;
        if (spill != null) {
            try {
                spill.flush(); // the file holds every written result from now on (reads take the buffer's anyway)
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot write results to a temporary file: " + e.getMessage());
            }
        }
        int n = 0;
        int[] o = new int[held.length];
        for (int i = 0; i < held.length; i++) {
            if (held[i] != null || offsets[i] != -1) {
                o[n++] = i;
            }
        }
        order = Arrays.copyOf(o, n);
        return this;
    }

    /** The counts of the recorded results (as {@link EvalStats#of}), without reading any back. */
    public synchronized EvalStats stats(long durationMs) {
        return new EvalStats(successes, failures, errors, usage, durationMs);
    }

    /** How many results were written to the file. */
    public synchronized int spilled() {
        int n = 0;
        for (long o : offsets) {
            if (o >= 0) {
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized EvalResult get(int index) {
        int i = order[index]; // throws for an index out of range, as a list does
        EvalResult r = held[i];
        if (r != null) {
            return r;
        }
        if (offsets[i] == COUNTED) {
            throw new IllegalStateException("the run's results were counted, not kept (RunOptions.keepResults)");
        }
        String line = readLine(offsets[i], lengths[i]);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(line);
        Object nanos = m.remove(NANOS);
        EvalResult back = ResultsFile.result(m, i);
        if (nanos instanceof List<?> l && back.response().isPresent()) {
            ProviderResponse resp = back.response().get();
            CallTimings t = resp.timings();
            back = new EvalResult(
                    back.index(),
                    back.testIndex(),
                    back.promptIndex(),
                    back.repeatIndex(),
                    back.prompt(),
                    back.renderedPrompt(),
                    back.providerId(),
                    back.providerLabel(),
                    back.test(),
                    back.vars(),
                    Optional.of(resp.withTimings(new CallTimings(
                            duration(l.get(0)).orElse(t.connect()),
                            duration(l.get(1)),
                            duration(l.get(2)).orElse(t.total()),
                            t.framesReceived(),
                            t.bytesReceived(),
                            duration(l.get(3)),
                            t.frames()))),
                    back.error(),
                    back.success(),
                    back.score(),
                    back.grading(),
                    back.latencyMs(),
                    back.failureReason(),
                    back.attempts(),
                    back.attemptErrors());
        }
        return back;
    }

    private static List<Object> nanos(CallTimings t) {
        return Arrays.asList(
                t.connect().toNanos(),
                t.firstFrame().map(Duration::toNanos).orElse(null),
                t.total().toNanos(),
                t.maxFrameGap().map(Duration::toNanos).orElse(null));
    }

    private static Optional<Duration> duration(Object nanos) {
        return nanos instanceof Number n ? Optional.of(Duration.ofNanos(n.longValue())) : Optional.empty();
    }

    @Override
    public synchronized int size() {
        return order.length;
    }

    private String readLine(long offset, int length) {
        if (spill == null) {
            throw new IllegalStateException("the results file is closed");
        }
        if (offset < windowStart || offset + length > windowStart + window.length) {
            try {
                window = spill.read(offset, Math.max(WINDOW, length));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the run's results back from a temporary file", e);
            }
            windowStart = offset;
            if (window.length < length) {
                throw new IllegalStateException("the results file is shorter than was written");
            }
        }
        // the line without its newline
        return new String(window, (int) (offset - windowStart), length - 1, StandardCharsets.UTF_8);
    }

    /** Closes and deletes the file: results that were written to it can no longer be read. */
    @Override
    public synchronized void close() {
        if (spill != null) {
            spill.run();
            spill = null;
            window = new byte[0];
        }
    }

    /** The temporary file: its channel, and its path while it has one. Run by the cleaner, it closes and deletes. */
    private static final class Spill implements Runnable {
        private final FileChannel channel;
        private final Path path; // null once unlinked
        private final byte[] buffer = new byte[BUFFER_SIZE];
        private int buffered; // bytes of buffer not yet written; they start at flushed
        private long flushed; // what the file holds
        private long end; // what was appended: flushed + buffered

        private Spill(FileChannel channel, Path path) {
            this.channel = channel;
            this.path = path;
        }

        static Spill open(Path dir) throws IOException {
            Files.createDirectories(dir);
            Path file = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(
                            dir,
                            "wst-results-",
                            ".jsonl",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, "wst-results-", ".jsonl");
            FileChannel ch;
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            try {
                Files.delete(file); // read through the channel from now on; nothing left behind if the process dies
                return new Spill(ch, null);
            } catch (IOException e) {
                file.toFile().deleteOnExit(); // a file system that keeps an open file's name
                return new Spill(ch, file);
            }
        }

        /**
         * Appends {@code line}; returns its offset. Lines are gathered in a buffer and written when it fills (reads
         * take what it still holds from it): a write per result was a system call per case, made from the case's
         * virtual thread.
         */
        long append(byte[] line) throws IOException {
            long at = end;
            if (line.length > buffer.length - buffered) {
                flush(); // when this fails the buffered lines stay readable from the buffer
            }
            if (line.length >= buffer.length) {
                write(ByteBuffer.wrap(line), at);
                flushed = at + line.length;
            } else {
                System.arraycopy(line, 0, buffer, buffered, line.length);
                buffered += line.length;
            }
            end = at + line.length;
            return at;
        }

        private void flush() throws IOException {
            if (buffered > 0) {
                write(ByteBuffer.wrap(buffer, 0, buffered), flushed);
                flushed += buffered;
                buffered = 0;
            }
        }

        private void write(ByteBuffer b, long at) throws IOException {
            long pos = at;
            while (b.hasRemaining()) {
                pos += channel.write(b, pos);
            }
        }

        /** Up to {@code max} bytes from {@code offset}: from the file, and from the buffer for what it still holds. */
        byte[] read(long offset, int max) throws IOException {
            int n = (int) Math.max(0, Math.min(max, end - offset));
            byte[] out = new byte[n];
            int fromFile = (int) Math.max(0, Math.min(n, flushed - offset));
            ByteBuffer b = ByteBuffer.wrap(out, 0, fromFile);
            long pos = offset;
            while (b.hasRemaining()) {
                int r = channel.read(b, pos);
                if (r < 0) {
                    return Arrays.copyOf(out, b.position()); // shorter than was written: the caller says so
                }
                pos += r;
            }
            if (fromFile < n) {
                System.arraycopy(buffer, (int) (offset + fromFile - flushed), out, fromFile, n - fromFile);
            }
            return out;
        }

        @Override
        public void run() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a temporary file: nothing to do
            }
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // deleted at exit
                }
            }
        }
    }
}

package io.github.wstoolkit.history;

import io.github.wstoolkit.eval.EvalListener;
import io.github.wstoolkit.eval.EvalResult;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.ShardInfo;
import io.github.wstoolkit.history.internal.Db;
import io.github.wstoolkit.history.internal.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes one run to the store as its cases finish: an {@link EvalListener} to give the eval. Each finished case is
 * turned into a row on the thread that finished it, then handed to one writer thread through a bounded queue; the
 * writer commits whatever has queued up in one transaction (one case when they come slowly, up to
 * {@value #MAX_BATCH} when they come fast). So the run holds no growing list (a full queue makes the eval wait
 * for the disk), and a run that is killed keeps every case committed before it died (at most the few in the queue
 * are lost).
 *
 * <p>{@link #finish} (or {@link #close}, for a run that ended by an exception) records how the run ended and waits
 * for the writer. If the database fails while the run goes on (disk full, a lock held too long), the recorder stops
 * recording and says why in {@link #failure()}; the eval itself is not disturbed.
 *
 * <p>{@link #finished} may be called from many threads at once.
 */
public final class RunRecorder implements EvalListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RunRecorder.class.getName());

    /** Rows waiting for the writer, at most. */
    static final int QUEUE_CAPACITY = 1024;

    /** Rows written in one transaction, at most. */
    static final int MAX_BATCH = 512;

    /** How long the writer waits for more rows after the first of a transaction, in milliseconds. */
    static final long LINGER_MS = 50;

    /** What the writer does when the plan is known, before the first row (carry results over, drop replaced ones). */
    @FunctionalInterface
    interface Setup {
        /** @return how many cases the setup added to the run (carried over), to add to the planned count */
        int apply(Connection c, long runId) throws SQLException;
    }

    private sealed interface Command permits Planned, Row, Done {}

    private record Planned(int cases) implements Command {}

    private record Row(Rows.ResultRow row) implements Command {}

    private record Done(Optional<String> evalId, boolean interrupted, long sessionMs, Optional<ShardInfo> sharding)
            implements Command {}

    private final Db db;
    private final long runId;
    private final Rows.Scrubber scrubber;
    private final boolean keepPlanned;
    private final Setup setup;
    private final BlockingQueue<Command> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private final long sessionStart = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile HistoryException failure;
    private volatile long written;
    private volatile int transactions;

    RunRecorder(Db db, long runId, Rows.Scrubber scrubber, boolean keepPlanned, Setup setup) {
        this.db = db;
        this.runId = runId;
        this.scrubber = scrubber;
        this.keepPlanned = keepPlanned;
        this.setup = setup;
        this.writer = Thread.ofPlatform()
                .name("wst-history-writer-" + runId)
                .daemon(true)
                .start(this::writeLoop);
    }

    /** The run's id in the store. */
    public long runId() {
        return runId;
    }

    /** Why recording stopped early, if it did. */
    public Optional<HistoryException> failure() {
        return Optional.ofNullable(failure);
    }

    /** How many results this recorder has committed so far. */
    public long written() {
        return written;
    }

    @Override
    public void started(int cases, int concurrency) {
        put(new Planned(cases));
    }

    @Override
    public void finished(EvalResult result) {
        if (failure != null || done.get()) {
            return;
        }
        Rows.ResultRow row;
        try {
            row = Rows.of(result, scrubber);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "case " + result.index() + " could not be recorded: " + e);
            return;
        }
        put(new Row(row));
    }

    /** How many transactions the writer has committed so far (rows arriving together share one). */
    int transactions() {
        return transactions;
    }

    /** Records how the run ended and waits until everything queued is committed. */
    public void finish(EvalRun run) {
        end(new Done(Optional.of(run.evalId()), run.interrupted(), elapsedMs(), run.sharding()));
    }

    /** Ends a run that did not reach {@link #finish} (an exception): it is recorded as interrupted. */
    @Override
    public void close() {
        end(new Done(Optional.empty(), true, elapsedMs(), Optional.empty()));
    }

    private long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sessionStart);
    }

    private void end(Done d) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        put(d);
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a Ctrl-C while the last rows are written: finish writing them
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(Command c) {
        boolean interrupted = false;
        try {
            while (writer.isAlive()) {
                try {
                    if (queue.offer(c, 100, TimeUnit.MILLISECONDS)) {
                        if (c instanceof Done || queue.size() >= MAX_BATCH) {
                            LockSupport.unpark(writer); // a full batch, or the end: no reason to linger
                        }
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // the case is done; recording it is quick, and the interrupt is kept
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeLoop() {
        try (Connection c = db.connect()) {
            try (PreparedStatement insert = c.prepareStatement(Rows.INSERT);
                    PreparedStatement lastId = c.prepareStatement(
                            // ids are never reused (AUTOINCREMENT): a case's page keeps its address
                            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'results'), 0),"
                                    + " COALESCE((SELECT MAX(id) FROM results), 0))");
                    PreparedStatement frames = c.prepareStatement(Rows.INSERT_FRAME)) {
                List<Command> batch = new ArrayList<>(MAX_BATCH);
                while (true) {
                    batch.clear();
                    batch.add(queue.take());
                    linger(batch.getFirst());
                    queue.drainTo(batch, MAX_BATCH - 1);
                    boolean end = db.inTransaction(
                            c,
                            conn -> {
                                boolean last = false;
                                // this transaction holds the write lock (BEGIN IMMEDIATE): no other process inserts
                                // results meanwhile, so ids can be given here instead of asked back row by row
                                long[] next = {-1};
                                for (Command cmd : batch) {
                                    switch (cmd) {
                                        case Planned p -> planned(conn, p.cases());
                                        case Row r -> {
                                            if (next[0] < 0) {
                                                try (ResultSet rs = lastId.executeQuery()) {
                                                    rs.next();
                                                    next[0] = rs.getLong(1) + 1;
                                                }
                                            }
                                            insert(r.row(), next[0]++, insert, frames);
                                        }
                                        case Done d -> {
                                            flush(insert, frames);
                                            finalizeRun(conn, d);
                                            last = true;
                                        }
                                    }
                                }
                                flush(insert, frames);
                                return last;
                            },
                            "recording run " + runId);
                    written += batch.stream().filter(x -> x instanceof Row).count();
                    transactions++; // only this thread writes it
                    if (end) {
                        return;
                    }
                }
            }
        } catch (HistoryException e) {
            stop(e);
        } catch (SQLException e) {
            stop(db.failure(e, "recording run " + runId));
        } catch (InterruptedException e) {
            stop(new HistoryException(
                    HistoryException.Kind.IO, db.file(), "recording run " + runId + " was interrupted", e));
        } catch (RuntimeException e) {
            stop(new HistoryException(
                    HistoryException.Kind.IO, db.file(), "recording run " + runId + " failed: " + e, e));
        }
    }

    /**
     * Waits up to {@link #LINGER_MS} for more rows to share the transaction that {@code first} opens; {@link #put}
     * cuts the wait short when a batch is full or the run ends. The writer is a platform thread of its own, so the
     * wait holds up no case.
     */
    private void linger(Command first) {
        if (!(first instanceof Row)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
        long left;
        while (queue.size() < MAX_BATCH - 1
                && !done.get()
                && (left = deadline - System.nanoTime()) > 0
                && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(this, left);
        }
    }

    /**
     * Writes the batched results and frames. The run's counts are not added to its row here: the row holds the
     * run's whole config, which SQLite rewrites with every update of the row (a 10,000-case config is 1.3 MB, and an
     * update per transaction took 70% of this thread's CPU). A running run's counts are read from its results
     * ({@code Runs.COLUMNS}); its row gets them when it ends ({@code HistoryStore.recount}).
     */
    private static void flush(PreparedStatement results, PreparedStatement frames) throws SQLException {
        results.executeBatch();
        frames.executeBatch();
    }

    private void stop(HistoryException e) {
        failure = e;
        LOG.log(System.Logger.Level.WARNING, "the run is no longer recorded: " + e.getMessage());
        queue.clear(); // nobody waits on the queue any more: put() sees the writer gone
    }

    private void planned(Connection c, int cases) throws SQLException {
        int carried = setup == null ? 0 : setup.apply(c, runId);
        if (!keepPlanned) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET planned = ? WHERE id = ?")) {
                ps.setInt(1, cases + carried);
                ps.setLong(2, runId);
                ps.executeUpdate();
            }
        }
        if (carried > 0) {
            HistoryStore.recount(c, runId);
        }
    }

    private void insert(Rows.ResultRow r, long id, PreparedStatement insert, PreparedStatement frames)
            throws SQLException {
        Rows.bind(insert, runId, r, id);
        insert.addBatch();
        int seq = 0;
        for (Rows.FrameRow f : r.frames()) {
            frames.setLong(1, id);
            frames.setInt(2, seq++);
            frames.setString(3, f.direction());
            frames.setDouble(4, f.atMs());
            frames.setInt(5, f.binary() ? 1 : 0);
            frames.setInt(6, f.size());
            frames.setString(7, f.preview());
            frames.addBatch();
        }
    }

    private void finalizeRun(Connection c, Done d) throws SQLException {
        HistoryStore.recount(c, runId);
        try (PreparedStatement ps = c.prepareStatement(
                """
                UPDATE runs SET status = ?, finished_at = ?, duration_ms = COALESCE(duration_ms, 0) + ?,
                  eval_id = CASE WHEN eval_id IS NOT NULL OR ? IS NULL
                                   OR EXISTS (SELECT 1 FROM runs o WHERE o.eval_id = ?) THEN eval_id ELSE ? END,
                  pid = NULL, pid_started = NULL
                WHERE id = ?""")) {
            ps.setString(1, d.interrupted() ? "interrupted" : "complete");
            ps.setString(2, Instant.now().toString());
            ps.setLong(3, d.sessionMs());
            String evalId = d.evalId().orElse(null);
            ps.setString(4, evalId);
            ps.setString(5, evalId);
            ps.setString(6, evalId);
            ps.setLong(7, runId);
            ps.executeUpdate();
        }
        if (d.sharding().isPresent()) {
            HistoryStore.recordSharding(c, runId, d.sharding().get());
        }
        // a run whose plan was empty (a filter that matched nothing) leaves nothing behind
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM runs WHERE id = " + runId + " AND planned = 0"
                    + " AND NOT EXISTS (SELECT 1 FROM results WHERE run_id = " + runId + ")");
        }
    }
}

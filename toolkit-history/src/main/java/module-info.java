/**
 * The results store and the local viewer.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.history}: {@link io.github.wstoolkit.history.HistoryStore} (a SQLite file of runs,
 *       their results and frames, with a versioned schema migrated on open), the
 *       {@link io.github.wstoolkit.history.RunRecorder} that writes a run as its cases finish, the
 *       {@link io.github.wstoolkit.history.Reruns} that pick cases for {@code --retry-errors}, {@code --resume} and
 *       {@code --filter-failing}, and the {@link io.github.wstoolkit.history.Viewer} behind {@code wst view};
 *   <li>{@code io.github.wstoolkit.history.internal}: SQL, the schema's migrations, row encoding and the viewer's
 *       pages (not exported).
 * </ul>
 *
 * <p>{@code toolkit-eval} knows nothing of this module: the store is fed through the eval's
 * {@link io.github.wstoolkit.eval.EvalListener}.
 */
module io.github.wstoolkit.history {
    // EvalListener, EvalRun and PlannedCase appear in this module's signatures
    requires transitive io.github.wstoolkit.eval;
    requires java.sql;
    // the SQLite JDBC driver; DriverManager finds it through ServiceLoader (java.sql.Driver), so it is required
    // here for the module to be resolved (and linked into the image) rather than for its types
    requires org.xerial.sqlitejdbc;
    requires org.glassfish.grizzly;
    requires org.glassfish.grizzly.http;
    requires org.glassfish.grizzly.http.server;

    exports io.github.wstoolkit.history;
}

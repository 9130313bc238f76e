package io.github.wstoolkit.eval;

/**
 * Hears a run's progress (a progress bar, a shell). Calls may come from many threads at once; implementations
 * synchronise what they share. Every method does nothing by default.
 */
public interface EvalListener {

    /** Before the first case: how many cases will run, and how many at once. */
    default void started(int cases, int concurrency) {}

    /** A case finished (passed, failed or errored). */
    default void finished(EvalResult result) {}

    /** Something the user should know that is not an error (a setting that was changed, a retry). */
    default void note(String message) {}

    /** A listener that hears nothing. */
    EvalListener NONE = new EvalListener() {};
}

/**
 * The results store and the viewer: {@link io.github.wstoolkit.history.HistoryStore} keeps every run in a SQLite
 * file, {@link io.github.wstoolkit.history.RunRecorder} writes one run as its cases finish,
 * {@link io.github.wstoolkit.history.Reruns} picks the cases to run again, {@link io.github.wstoolkit.history.Viewer}
 * serves the pages of {@code wst view}.
 *
 * <p>Contracts of the package: no method returns {@code null} and none accepts it except where a parameter says
 * so (absent values are {@code Optional}s, collections are never null); a failure of the database is a {@link io.github.wstoolkit.history.HistoryException}
 * whose message names the file and says what to do, never quoting stored data; a {@code HistoryStore} holds no
 * connection between calls and may be shared between threads; a {@code RunRecorder}'s {@code finished} may be
 * called from many threads at once, and everything it is given is written by one thread of its own.
 */
package io.github.wstoolkit.history;

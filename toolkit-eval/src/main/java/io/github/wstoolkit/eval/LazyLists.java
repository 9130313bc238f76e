package io.github.wstoolkit.eval;

import io.github.wstoolkit.eval.internal.CompactList;
import java.util.List;

/**
 * Selections and joins of lists whose elements are made when asked for: a config's tests read from a CSV file
 * ({@link EvalConfig#tests()}) and a run's plan as {@link RunOptions#selectCases()} sees it are such lists, so that
 * a suite of 100,000 tests holds the file's text rather than 100,000 tests (docs/performance.md, "Memory"). A filter
 * or selection that keeps what it selects as positions, through these, keeps its result as small; one that collects
 * the elements into a list of its own holds every one it keeps.
 */
public final class LazyLists {

    private LazyLists() {}

    /**
     * The elements of {@code list} at these positions, in this order, as an immutable view holding the positions
     * (and {@code list}, which is copied first unless it is such a list itself).
     *
     * @throws IndexOutOfBoundsException when a position is not one of the list's
     */
    public static <T> List<T> select(List<? extends T> list, int[] positions) {
        return CompactList.select(list, positions);
    }

    /** {@code list}'s elements {@code from} (included) to {@code to} (excluded), as {@link #select} does. */
    public static <T> List<T> range(List<? extends T> list, int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, list.size());
        return CompactList.select(list, CompactList.range(from, to));
    }

    /** These lists one after another, as one immutable list that holds them, not their elements. */
    public static <T> List<T> concat(List<? extends List<? extends T>> lists) {
        return CompactList.concat(lists);
    }
}

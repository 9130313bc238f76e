package io.github.wstoolkit.eval.internal;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list whose elements may be made when they are asked for rather than held: the tests of a CSV file
 * ({@link CsvTests}), a selection of another list by positions, several lists one after another, a run's plan. A
 * config of 100,000 tests read from a file holds the file's text and an offset per row, not 100,000 object graphs
 * (docs/performance.md, "Memory"); whatever passes the list on must not copy it into an {@code ArrayList}, so
 * {@link #copyOf} keeps a {@code CompactList} as it is and {@link #subList} is one too.
 *
 * <p>{@link #get} may return a new, equal element each time it is called; callers that need one element several
 * times keep the one they got. Every mutator throws {@link UnsupportedOperationException}.
 *
 * @param <T> the element type
 */
public abstract class CompactList<T> extends AbstractList<T> implements RandomAccess {

    /** For subclasses. */
    protected CompactList() {}

    /**
     * {@code list} as an immutable list: a {@code CompactList} as it is (it is immutable, and copying it would make
     * every element), anything else copied by {@link List#copyOf}.
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> copyOf(List<? extends T> list) {
        return list instanceof CompactList<?> c ? (List<T>) c : List.copyOf(list);
    }

    /**
     * The elements of {@code list} at these positions, in this order, as a view that holds the positions: a list
     * whose elements are made on demand stays so. {@code list} is copied first unless it is a {@code CompactList}.
     *
     * @throws IndexOutOfBoundsException when a position is not one of the list's
     */
    public static <T> List<T> select(List<? extends T> list, int[] positions) {
        List<T> base = copyOf(list);
        int[] pos = positions.clone();
        for (int p : pos) {
            Objects.checkIndex(p, base.size());
        }
        if (base instanceof Selected<T> s) {
            // a selection of a selection: positions in the first one's list, so views do not nest
            for (int i = 0; i < pos.length; i++) {
                pos[i] = s.positions[pos[i]];
            }
            return new Selected<>(s.base, pos);
        }
        return new Selected<>(base, pos);
    }

    /** Positions {@code from} (included) to {@code to} (excluded). */
    public static int[] range(int from, int to) {
        int[] out = new int[Math.max(0, to - from)];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    /**
     * These lists one after another, as one list that holds them (each kept as it is when it is a
     * {@code CompactList}, copied otherwise). Empty parts are left out; one part is returned as it is.
     */
    public static <T> List<T> concat(List<? extends List<? extends T>> lists) {
        List<List<T>> parts = new ArrayList<>();
        for (List<? extends T> l : lists) {
            if (l.isEmpty()) {
                continue;
            }
            List<T> part = copyOf(l);
            if (part instanceof Concat<T> c) {
                parts.addAll(c.parts);
            } else {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        // runs of plain lists are joined into one, so a config of many inline tests and one file is two parts
        List<List<T>> joined = new ArrayList<>();
        List<T> plain = new ArrayList<>();
        for (List<T> p : parts) {
            if (p instanceof CompactList<?>) {
                if (!plain.isEmpty()) {
                    joined.add(List.copyOf(plain));
                    plain.clear();
                }
                joined.add(p);
            } else {
                plain.addAll(p);
            }
        }
        if (!plain.isEmpty()) {
            joined.add(List.copyOf(plain));
        }
        if (joined.size() == 1) {
            return joined.getFirst();
        }
        return new Concat<>(List.copyOf(joined));
    }

    @Override
    public List<T> subList(int fromIndex, int toIndex) {
        Objects.checkFromToIndex(fromIndex, toIndex, size());
        return select(this, range(fromIndex, toIndex));
    }

    /** The elements of a list at some of its positions. */
    private static final class Selected<T> extends CompactList<T> {
        private final List<T> base;
        private final int[] positions;

        Selected(List<T> base, int[] positions) {
            this.base = base;
            this.positions = positions;
        }

        @Override
        public T get(int index) {
            return base.get(positions[Objects.checkIndex(index, positions.length)]);
        }

        @Override
        public int size() {
            return positions.length;
        }
    }

    /** Lists one after another. */
    private static final class Concat<T> extends CompactList<T> {
        private final List<List<T>> parts;
        /** where each part starts; the last entry is the size */
        private final int[] starts;

        Concat(List<List<T>> parts) {
            this.parts = parts;
            this.starts = new int[parts.size() + 1];
            for (int i = 0; i < parts.size(); i++) {
                starts[i + 1] = Math.addExact(starts[i], parts.get(i).size());
            }
        }

        @Override
        public T get(int index) {
            Objects.checkIndex(index, size());
            int i = Arrays.binarySearch(starts, index);
            int part = i >= 0 ? i : -i - 2; // parts are not empty: starts rise strictly
            return parts.get(part).get(index - starts[part]);
        }

        @Override
        public int size() {
            return starts[parts.size()];
        }
    }
}

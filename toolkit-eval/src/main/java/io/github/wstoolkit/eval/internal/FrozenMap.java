package io.github.wstoolkit.eval.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map that keeps its entries in the order they were given, stored as two arrays: what a test's vars,
 * options and metadata are held in. A run of 100,000 tests holds 100,000 of each; as an unmodifiable view over a
 * {@code LinkedHashMap} one of two entries takes about 230 bytes, as this about 90 (docs/performance.md, Memory).
 *
 * <p>Null keys and values are allowed (YAML has both). Lookups scan the keys up to {@value #SCAN} entries and use a
 * hash index beyond. Every mutator throws {@link UnsupportedOperationException}. {@link #copyOf} returns a
 * {@code FrozenMap} as it is, so copying a test's maps into another test shares them.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class FrozenMap<K, V> extends AbstractMap<K, V> {
    private static final int SCAN = 8;
    private static final FrozenMap<Object, Object> EMPTY = new FrozenMap<>(new Object[0], new Object[0]);

    private final Object[] keys;
    private final Object[] values;
    /** key to position, for maps of more than {@link #SCAN} entries; null otherwise */
    private final Map<Object, Integer> index;

    private FrozenMap(Object[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
        if (keys.length > SCAN) {
            Map<Object, Integer> ix = HashMap.newHashMap(keys.length);
            for (int i = 0; i < keys.length; i++) {
                ix.put(keys[i], i);
            }
            this.index = ix;
        } else {
            this.index = null;
        }
    }

    /** The empty map (one instance). */
    @SuppressWarnings("unchecked")
    public static <K, V> FrozenMap<K, V> of() {
        return (FrozenMap<K, V>) EMPTY;
    }

    /**
     * An immutable copy of {@code m} in its iteration order; {@code m} itself when it is a {@code FrozenMap}.
     *
     * @throws NullPointerException if {@code m} is null
     */
    @SuppressWarnings("unchecked")
    public static <K, V> FrozenMap<K, V> copyOf(Map<? extends K, ? extends V> m) {
        if (m instanceof FrozenMap<?, ?> f) {
            return (FrozenMap<K, V>) f;
        }
        int n = m.size();
        if (n == 0) {
            return of();
        }
        Object[] k = new Object[n];
        Object[] v = new Object[n];
        int i = 0;
        for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) {
            if (i == n) {
                throw new java.util.ConcurrentModificationException("the map grew while it was copied");
            }
            k[i] = e.getKey();
            v[i] = e.getValue();
            i++;
        }
        if (i != n) {
            throw new java.util.ConcurrentModificationException("the map shrank while it was copied");
        }
        return new FrozenMap<>(k, v);
    }

    private int indexOf(Object key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < keys.length; i++) {
            if (Objects.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V getOrDefault(Object key, V defaultValue) {
        int i = indexOf(key);
        return i < 0 ? defaultValue : (V) values[i];
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        Objects.requireNonNull(action);
        for (int i = 0; i < keys.length; i++) {
            action.accept((K) keys[i], (V) values[i]);
        }
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<K, V> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>((K) keys[i], (V) values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Map.Entry<?, ?> e
                        && containsKey(e.getKey())
                        && Objects.equals(get(e.getKey()), e.getValue());
            }
        };
    }
}

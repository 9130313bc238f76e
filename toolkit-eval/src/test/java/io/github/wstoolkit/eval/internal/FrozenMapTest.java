package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compact map a test's vars, options and metadata are held in: a Map like any other, in its given order. */
class FrozenMapTest {

    private static Map<String, Object> sample(int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = n - 1; i >= 0; i--) { // not sorted, not hash order
            m.put("k" + (i * 7 % n), i % 3 == 0 ? null : "v" + i);
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8, 9, 40})
    void behavesAsTheMapItCopiesInOrderLookupsEqualityAndHash(int n) {
        Map<String, Object> src = sample(n);
        Map<String, Object> f = FrozenMap.copyOf(src);
        assertEquals(new ArrayList<>(src.keySet()), new ArrayList<>(f.keySet()));
        assertEquals(new ArrayList<>(src.values()), new ArrayList<>(f.values()));
        assertEquals(src, f);
        assertEquals(f, src);
        assertEquals(src.hashCode(), f.hashCode());
        assertEquals(src.toString(), f.toString());
        assertEquals(n, f.size());
        for (Map.Entry<String, Object> e : src.entrySet()) {
            assertTrue(f.containsKey(e.getKey()), e.getKey());
            assertEquals(e.getValue(), f.get(e.getKey()));
            assertEquals(e.getValue(), f.getOrDefault(e.getKey(), "absent"));
            assertTrue(f.entrySet().contains(Map.entry(e.getKey(), e.getValue() == null ? "" : e.getValue()))
                    == (e.getValue() != null));
        }
        assertFalse(f.containsKey("missing"));
        assertNull(f.get("missing"));
        assertEquals("absent", f.getOrDefault("missing", "absent"));
        Map<String, Object> seen = new LinkedHashMap<>();
        f.forEach(seen::put);
        assertEquals(new ArrayList<>(src.keySet()), new ArrayList<>(seen.keySet()));
    }

    @Test
    void aNullKeyAndNullValuesAreKeptAsLinkedHashMapKeepsThem() {
        Map<String, Object> src = new LinkedHashMap<>();
        src.put(null, "n");
        src.put("a", null);
        Map<String, Object> f = FrozenMap.copyOf(src);
        assertEquals("n", f.get(null));
        assertTrue(f.containsKey("a"));
        assertNull(f.get("a"));
        assertEquals(src, f);
    }

    @Test
    void everyMutatorIsRefusedAndTheCopyDoesNotFollowItsSource() {
        Map<String, Object> src = sample(3);
        Map<String, Object> f = FrozenMap.copyOf(src);
        src.put("later", 1);
        assertFalse(f.containsKey("later"));
        assertThrows(UnsupportedOperationException.class, () -> f.put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> f.remove("k0"));
        assertThrows(UnsupportedOperationException.class, () -> f.putAll(Map.of("x", 1)));
        assertThrows(UnsupportedOperationException.class, f::clear);
        assertThrows(UnsupportedOperationException.class, () -> f.merge("k0", 1, (a, b) -> b));
        assertThrows(UnsupportedOperationException.class, () -> f.replaceAll((k, v) -> "y"));
        assertThrows(UnsupportedOperationException.class, () -> f.keySet().remove("k0"));
        assertThrows(
                UnsupportedOperationException.class,
                () -> f.entrySet().iterator().next().setValue("y"));
        Iterator<String> it = f.keySet().iterator();
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
        assertEquals(3, f.size());
    }

    @Test
    void anIteratorPastTheEndThrowsAsCollectionsDo() {
        Iterator<Map.Entry<String, Object>> it =
                FrozenMap.copyOf(Map.<String, Object>of("a", 1)).entrySet().iterator();
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void copiesOfAFrozenMapAndOfEmptyMapsAreShared() {
        Map<String, Object> f = FrozenMap.copyOf(sample(4));
        assertSame(f, FrozenMap.copyOf(f));
        assertSame(FrozenMap.of(), FrozenMap.copyOf(new HashMap<>()));
        assertTrue(FrozenMap.of().isEmpty());
        assertEquals(Map.of(), FrozenMap.of());
        assertEquals(List.of(), new ArrayList<>(FrozenMap.of().entrySet()));
    }
}

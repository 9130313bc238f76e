package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failed calls of a provider the eval calls again, and when: a provider's {@code retry: {maxRetries,
 * onCloseCodes, onStatus}}, with promptfoo's {@code maxRetries} still honoured.
 *
 * <p>By default what is transient for the connection is retried: refused, reset, a connect that timed out, an idle
 * stream, handshake statuses 429 (after its {@code Retry-After}), 502, 503 and 504, close codes 1012 (service
 * restart) and 1013 (try again later). A server's close mid-answer with 1011 (or a reset after the handshake, 1006),
 * a refused 401, a TLS failure, a request timeout and an application error are not: the eval reports them at once.
 * {@code onStatus} and {@code onCloseCodes} replace the status and close-code lists.
 *
 * @param maxRetries calls after the first one, at most
 * @param onStatus handshake statuses that are retried
 * @param onCloseCodes close codes (a close before the answer was complete) that are retried
 */
public record RetryPolicy(int maxRetries, Set<Integer> onStatus, Set<Integer> onCloseCodes) {

    /** promptfoo's default retry count. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    public static final Set<Integer> DEFAULT_ON_STATUS = Set.of(429, 502, 503, 504);

    public static final Set<Integer> DEFAULT_ON_CLOSE_CODES = Set.of(1012, 1013);

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(DEFAULT_MAX_RETRIES, DEFAULT_ON_STATUS, DEFAULT_ON_CLOSE_CODES);

    private static final Set<String> KEYS = Set.of("maxRetries", "onCloseCodes", "onStatus");

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more");
        }
        onStatus = Set.copyOf(onStatus);
        onCloseCodes = Set.copyOf(onCloseCodes);
    }

    /**
     * The policy of a provider's config: {@code retry} and {@code maxRetries}.
     *
     * @param where the provider's place in the config, for messages ({@code providers[0].config})
     * @throws ConfigException when {@code retry} is not a map of the known keys with sensible values, or when it
     *     disagrees with a top-level {@code maxRetries}
     */
    public static RetryPolicy of(Map<String, Object> config, String where) {
        Object top = config.get("maxRetries");
        Integer topMax = top == null ? null : count(top, where + ".maxRetries");
        Object retry = config.get("retry");
        if (retry == null) {
            return topMax == null ? DEFAULT : new RetryPolicy(topMax, DEFAULT_ON_STATUS, DEFAULT_ON_CLOSE_CODES);
        }
        if (!(retry instanceof Map<?, ?> m)) {
            throw ConfigException.forKey(
                    where + ".retry",
                    "must be a map such as {maxRetries: 2, onCloseCodes: [1012, 1013], onStatus: [429, 503]}, got "
                            + retry);
        }
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw ConfigException.forKey(
                        where + ".retry." + k, "unknown key (the keys are maxRetries, onCloseCodes, onStatus)");
            }
        }
        Integer max = m.get("maxRetries") == null ? null : count(m.get("maxRetries"), where + ".retry.maxRetries");
        if (max != null && topMax != null && !max.equals(topMax)) {
            throw ConfigException.forKey(
                    where + ".retry.maxRetries",
                    "maxRetries is " + topMax + " but retry.maxRetries is " + max + "; give one of them");
        }
        int maxRetries = max != null ? max : topMax != null ? topMax : DEFAULT_MAX_RETRIES;
        Set<Integer> status = m.containsKey("onStatus")
                ? codes(m.get("onStatus"), 100, 599, where + ".retry.onStatus")
                : DEFAULT_ON_STATUS;
        Set<Integer> close = m.containsKey("onCloseCodes")
                ? codes(m.get("onCloseCodes"), 1000, 4999, where + ".retry.onCloseCodes")
                : DEFAULT_ON_CLOSE_CODES;
        return new RetryPolicy(maxRetries, status, close);
    }

    private static int count(Object v, String key) {
        if (v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() == Math.floor(n.doubleValue())) {
            return n.intValue();
        }
        throw ConfigException.forKey(key, "must be a whole number, 0 or more, got " + v);
    }

    private static Set<Integer> codes(Object v, int min, int max, String key) {
        List<?> list = v instanceof List<?> l ? l : v instanceof Number ? List.of(v) : null;
        if (list == null) {
            throw ConfigException.forKey(key, "must be a list of codes, got " + v);
        }
        Set<Integer> out = new LinkedHashSet<>();
        List<Object> bad = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Number n
                    && n.doubleValue() == n.intValue()
                    && n.intValue() >= min
                    && n.intValue() <= max) {
                out.add(n.intValue());
            } else {
                bad.add(o);
            }
        }
        if (!bad.isEmpty()) {
            throw ConfigException.forKey(key, "codes are whole numbers from " + min + " to " + max + ", got " + bad);
        }
        return out;
    }

    /** Whether a call that failed with {@code e} is worth another attempt (not counting how many were made). */
    public boolean retries(ProviderException e) {
        if (e.httpStatus().isPresent()) {
            return onStatus.contains(e.httpStatus().getAsInt());
        }
        if (e.kind() == ProviderException.Kind.CLOSED && e.closeCode().isPresent()) {
            return onCloseCodes.contains(e.closeCode().getAsInt());
        }
        return e.isTransient();
    }

    /**
     * How long to wait before attempt {@code attempt + 1}: the server's {@code Retry-After} when it gave one,
     * else exponential backoff from {@code base} (doubling, ±20% jitter); never more than {@code max}.
     */
    public static Duration delay(int attempt, ProviderException e, Duration base, Duration max) {
        if (e.retryAfter().isPresent()) {
            Duration d = e.retryAfter().get();
            return d.compareTo(max) > 0 ? max : d;
        }
        double ms = base.toMillis() * Math.pow(2, attempt - 1);
        double jitter = 1 + (ThreadLocalRandom.current().nextDouble() * 0.4 - 0.2);
        return Duration.ofMillis(Math.max(0, (long) Math.min(max.toMillis(), ms * jitter)));
    }
}

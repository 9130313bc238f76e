package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's response as promptfoo's JSON names it, in one place: what an assertion sees as {@code context.response}
 * and {@code context.timings}, and what a results file stores as a result's {@code response} (the same fields, with a
 * binary output as {@code base64:…} text and the timings' frames).
 */
public final class ResponseMaps {

    private ResponseMaps() {}

    /** {@code {output, error?, metadata, tokenUsage?}}: the output as the provider returned it. */
    public static Map<String, Object> response(ProviderResponse r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("output", r.output());
        r.error().ifPresent(e -> m.put("error", e));
        m.put("metadata", r.metadata());
        r.tokenUsage().ifPresent(u -> m.put("tokenUsage", u.toMap()));
        return m;
    }

    /** {@link #response} as a results file stores it: a binary output as text, and the timings with their frames. */
    public static Map<String, Object> stored(ProviderResponse r) {
        Map<String, Object> m = response(r);
        if (r.output() instanceof byte[] b) {
            m.put("output", "base64:" + Json.base64(b));
        }
        m.put("timings", timings(r.timings(), true));
        return m;
    }

    /** {@code {connectMs, firstFrameMs?, totalMs, framesReceived, bytesReceived, maxFrameGapMs?}}, as assertions see it. */
    public static Map<String, Object> timings(CallTimings t) {
        return timings(t, false);
    }

    /** Stored: an absent value is null rather than left out, and the frames follow. */
    private static Map<String, Object> timings(CallTimings t, boolean stored) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectMs", t.connect().toMillis());
        millis(m, "firstFrameMs", t.firstFrame(), stored);
        m.put("totalMs", t.total().toMillis());
        m.put("framesReceived", t.framesReceived());
        m.put("bytesReceived", t.bytesReceived());
        millis(m, "maxFrameGapMs", t.maxFrameGap(), stored);
        if (stored) {
            List<Object> frames = new ArrayList<>();
            for (Frame f : t.frames()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("direction", f.direction() == Frame.Direction.SENT ? "sent" : "received");
                fm.put("atMs", f.at().toNanos() / 1_000_000.0);
                fm.put("binary", f.binary());
                fm.put("size", f.size());
                fm.put("preview", f.preview());
                frames.add(fm);
            }
            m.put("frames", frames);
        }
        return m;
    }

    private static void millis(Map<String, Object> m, String key, Optional<Duration> d, boolean nullWhenAbsent) {
        if (d.isPresent()) {
            m.put(key, d.get().toMillis());
        } else if (nullWhenAbsent) {
            m.put(key, null);
        }
    }
}

package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.TokenUsage;
import java.util.List;
import java.util.Map;

/** Sums the {@code usage} objects of a call's {@code response.done} events as promptfoo does (totals and input/output
 * splits added up; missing fields count 0). */
public final class Usage {

    private Usage() {}

    public static TokenUsage sum(List<Map<String, Object>> usages) {
        long total = 0;
        long prompt = 0;
        long completion = 0;
        long cached = 0;
        for (Map<String, Object> u : usages) {
            long in = first(u, "input_tokens", "prompt_tokens");
            long out = first(u, "output_tokens", "completion_tokens");
            total += u.get("total_tokens") instanceof Number n ? n.longValue() : in + out;
            prompt += in;
            completion += out;
            for (String details : List.of("input_tokens_details", "input_token_details", "prompt_tokens_details")) {
                if (u.get(details) instanceof Map<?, ?> d) {
                    cached += d.get("cached_tokens") instanceof Number n ? n.longValue() : 0;
                    break;
                }
            }
        }
        return new TokenUsage(total, prompt, completion, cached, usages.size());
    }

    private static long first(Map<String, Object> u, String a, String b) {
        if (u.get(a) instanceof Number n) {
            return n.longValue();
        }
        return u.get(b) instanceof Number n ? n.longValue() : 0;
    }
}

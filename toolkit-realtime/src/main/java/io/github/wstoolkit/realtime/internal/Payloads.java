package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.ConfigException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The GA {@code session.update} and {@code response.create} bodies built from provider options, as promptfoo builds them. */
public final class Payloads {

    public static final List<String> DEFAULT_MODALITIES = List.of("text", "audio");
    public static final String DEFAULT_INSTRUCTIONS = "You are a helpful assistant.";
    public static final String DEFAULT_VOICE = "alloy";
    public static final String DEFAULT_AUDIO_FORMAT = "pcm16";
    public static final List<String> AUDIO_FORMATS = List.of("pcm16", "g711_ulaw", "g711_alaw");

    private Payloads() {}

    /**
     * The {@code session} of {@code session.update}.
     *
     * @param tools the loaded, flattened tools (empty when none)
     */
    public static Map<String, Object> session(String model, Map<String, Object> config, List<Object> tools) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "realtime");
        s.put("model", model);
        s.put("output_modalities", outputModalities(config.get("modalities")));
        s.put("instructions", instructions(config));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("format", audioFormat(config.get("input_audio_format")));
        if (config.containsKey("input_audio_transcription")) {
            input.put("transcription", config.get("input_audio_transcription"));
        }
        if (config.containsKey("turn_detection")) {
            input.put("turn_detection", config.get("turn_detection"));
        }
        Map<String, Object> audio = new LinkedHashMap<>();
        audio.put("input", input);
        audio.put("output", audioOutput(config));
        s.put("audio", audio);
        s.put("max_output_tokens", maxOutputTokens(config.get("max_response_output_tokens")));
        if (config.get("parallel_tool_calls") != null) {
            s.put("parallel_tool_calls", config.get("parallel_tool_calls"));
        }
        if (config.get("reasoning") != null) {
            s.put("reasoning", config.get("reasoning"));
        }
        addTools(s, config, tools);
        return s;
    }

    /** The {@code response} of {@code response.create}: the session minus {@code type}, {@code model} and input audio. */
    public static Map<String, Object> response(Map<String, Object> config, List<Object> tools) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("output_modalities", outputModalities(config.get("modalities")));
        r.put("instructions", instructions(config));
        r.put("audio", Map.of("output", audioOutput(config)));
        r.put("max_output_tokens", maxOutputTokens(config.get("max_response_output_tokens")));
        addTools(r, config, tools);
        return r;
    }

    private static void addTools(Map<String, Object> into, Map<String, Object> config, List<Object> tools) {
        if (!tools.isEmpty()) {
            into.put("tools", tools);
            Object choice = config.get("tool_choice");
            into.put("tool_choice", choice == null ? "auto" : normalizeToolChoice(choice));
        }
    }

    private static Object instructions(Map<String, Object> config) {
        Object i = config.get("instructions");
        return i == null ? DEFAULT_INSTRUCTIONS : i;
    }

    private static Map<String, Object> audioOutput(Map<String, Object> config) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("format", audioFormat(config.get("output_audio_format")));
        Object voice = config.get("voice");
        output.put("voice", voice == null ? DEFAULT_VOICE : voice);
        return output;
    }

    /** {@code ['audio']} when the modalities name audio, else {@code ['text']}. */
    public static List<String> outputModalities(Object modalities) {
        if (modalities == null) {
            return List.of("audio");
        }
        if (modalities instanceof List<?> l) {
            return l.contains("audio") ? List.of("audio") : List.of("text");
        }
        return "audio".equals(modalities) ? List.of("audio") : List.of("text");
    }

    /** The GA format object for a promptfoo format name; a GA object is passed through. */
    public static Object audioFormat(Object name) {
        if (name == null) {
            name = DEFAULT_AUDIO_FORMAT;
        }
        if (name instanceof Map<?, ?>) {
            return name;
        }
        return switch (String.valueOf(name)) {
            case "pcm16" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", "audio/pcm");
                m.put("rate", 24000);
                yield m;
            }
            case "g711_ulaw" -> Map.of("type", "audio/pcmu");
            case "g711_alaw" -> Map.of("type", "audio/pcma");
            default -> throw new ConfigException("unknown audio format \"" + name + "\"; use one of " + AUDIO_FORMATS);
        };
    }

    /** An integer 1..4096 is kept, {@code 'inf'} is kept, anything else becomes {@code 'inf'}. */
    public static Object maxOutputTokens(Object value) {
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof BigInteger) {
            long n = ((Number) value).longValue();
            if (n >= 1 && n <= 4096) {
                return (int) n;
            }
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && d >= 1 && d <= 4096) {
                return (int) d;
            }
        }
        return "inf";
    }

    /** Chat-style tools ({@code {type:function, function:{...}}}) flattened; native tools kept. */
    public static List<Object> normalizeTools(List<?> tools) {
        List<Object> out = new ArrayList<>();
        for (Object t : tools) {
            if (t instanceof Map<?, ?> m
                    && "function".equals(m.get("type"))
                    && m.get("function") instanceof Map<?, ?> f) {
                Map<String, Object> flat = new LinkedHashMap<>();
                flat.put("type", "function");
                for (String key : List.of("name", "description", "parameters")) {
                    if (f.containsKey(key)) {
                        flat.put(key, f.get(key));
                    }
                }
                f.forEach((k, v) -> {
                    if (!flat.containsKey(String.valueOf(k)) && !"strict".equals(k)) {
                        flat.put(String.valueOf(k), v);
                    }
                });
                out.add(flat);
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** {@code {type:function, function:{name}}} → {@code {type:function, name}}; anything else is kept. */
    public static Object normalizeToolChoice(Object choice) {
        if (choice instanceof Map<?, ?> m
                && "function".equals(m.get("type"))
                && m.get("function") instanceof Map<?, ?> f
                && f.get("name") != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", "function");
            out.put("name", f.get("name"));
            return out;
        }
        return choice;
    }

    /** The configured output audio format name, lower-cased ({@code pcm16} by default). */
    public static String outputFormatName(Map<String, Object> config) {
        Object f = config.get("output_audio_format");
        if (f instanceof Map<?, ?> m) {
            Object type = m.get("type");
            if ("audio/pcmu".equals(type)) {
                return "g711_ulaw";
            }
            if ("audio/pcma".equals(type)) {
                return "g711_alaw";
            }
            return "pcm16";
        }
        return f == null ? DEFAULT_AUDIO_FORMAT : String.valueOf(f).toLowerCase(Locale.ROOT);
    }

    /** The configured input audio format name ({@code pcm16} by default). */
    public static String inputFormatName(Map<String, Object> config) {
        Object f = config.get("input_audio_format");
        if (f instanceof Map<?, ?> m) {
            Object type = m.get("type");
            return "audio/pcmu".equals(type) ? "g711_ulaw" : "audio/pcma".equals(type) ? "g711_alaw" : "pcm16";
        }
        return f == null ? DEFAULT_AUDIO_FORMAT : String.valueOf(f).toLowerCase(Locale.ROOT);
    }
}

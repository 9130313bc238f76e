package io.github.wstoolkit.mockserver.internal.realtime;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.mockserver.internal.Replies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the Realtime mock answers, deterministically, from the conversation so far. In order:
 *
 * <ol>
 *   <li>new {@code function_call_output} items since the last response: answer from them ({@code The weather in
 *       San Francisco is 72 F and sunny.} when the output has a temperature and a condition);
 *   <li>a tool to call: the forced one ({@code tool_choice} naming a function), the first one for
 *       {@code "required"}, a tool whose name contains {@code weather} when the user text says "weather", or a tool
 *       whose name the user text contains; never with {@code tool_choice: "none"}. Arguments: {@code location}
 *       (or {@code city}) from "in/for/at <Capitalised Words>", other required parameters from their schema;
 *   <li>"My name is X" → {@code Nice to meet you, X!}; "What is my name?" → {@code Your name is X.} from an earlier
 *       turn of the same connection (or {@code I don't know your name yet.}); "What did I say?" →
 *       {@code You said: <the previous user text>};
 *   <li>the chunk/done server's canned replies (hello, what is AI, tell me a joke);
 *   <li>otherwise {@code You said: <the user text>}.
 * </ol>
 *
 * <p>Tokens are counted as ceil(characters / 4) per text.
 */
final class Rules {

    private static final Pattern MY_NAME = Pattern.compile("(?i)\\bmy name is ([\\p{L}][\\p{L}'-]*)");
    private static final Pattern ASK_NAME = Pattern.compile("(?i)\\bwhat(?:'s| is) my name\\b");
    private static final Pattern ASK_SAID = Pattern.compile("(?i)\\bwhat did i (?:just )?say\\b");
    private static final Pattern LOCATION =
            Pattern.compile("\\b(?:in|for|at)\\s+(\\p{Lu}[\\p{L}.'-]*(?:\\s+\\p{Lu}[\\p{L}.'-]*)*)");

    private Rules() {}

    record Call(String name, String arguments) {}

    /** Text to say, or a function to call. */
    record Decision(String text, Optional<Call> call) {}

    static int tokens(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
    }

    static Decision decide(List<String> userTexts, List<?> tools, Object toolChoice) {
        String text = userTexts.isEmpty() ? "" : userTexts.get(userTexts.size() - 1);
        if (!tools.isEmpty() && !"none".equals(toolChoice)) {
            Optional<Map<?, ?>> tool = pickTool(tools, toolChoice, text);
            if (tool.isPresent()) {
                return new Decision("", Optional.of(new Call(name(tool.get()), arguments(tool.get(), text))));
            }
        }
        return new Decision(reply(userTexts), Optional.empty());
    }

    static String reply(List<String> userTexts) {
        String text = userTexts.isEmpty() ? "" : userTexts.get(userTexts.size() - 1);
        Matcher m = MY_NAME.matcher(text);
        if (m.find()) {
            return "Nice to meet you, " + m.group(1) + "!";
        }
        if (ASK_NAME.matcher(text).find()) {
            String name = null;
            for (String earlier : userTexts.subList(0, userTexts.size() - 1)) {
                Matcher e = MY_NAME.matcher(earlier);
                while (e.find()) {
                    name = e.group(1);
                }
            }
            return name == null ? "I don't know your name yet." : "Your name is " + name + ".";
        }
        if (ASK_SAID.matcher(text).find()) {
            return userTexts.size() < 2
                    ? "You haven't said anything before this."
                    : "You said: " + userTexts.get(userTexts.size() - 2);
        }
        if (text.isBlank()) {
            return "I didn't catch that.";
        }
        return Replies.echo(text);
    }

    private static Optional<Map<?, ?>> pickTool(List<?> tools, Object toolChoice, String text) {
        if (toolChoice instanceof Map<?, ?> forced) {
            Object wanted = forced.get("name") != null
                    ? forced.get("name")
                    : forced.get("function") instanceof Map<?, ?> f ? f.get("name") : null;
            for (Object t : tools) {
                if (t instanceof Map<?, ?> m && name(m).equals(wanted)) {
                    return Optional.<Map<?, ?>>of(m);
                }
            }
            return Optional.empty();
        }
        if ("required".equals(toolChoice) && tools.get(0) instanceof Map<?, ?> first) {
            return Optional.<Map<?, ?>>of(first);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (Object t : tools) {
            if (t instanceof Map<?, ?> m
                    && lower.contains("weather")
                    && name(m).toLowerCase(Locale.ROOT).contains("weather")) {
                return Optional.of(m);
            }
        }
        for (Object t : tools) {
            if (t instanceof Map<?, ?> m) {
                String n = name(m).toLowerCase(Locale.ROOT);
                if (!n.isEmpty() && (lower.contains(n) || lower.contains(n.replace('_', ' ')))) {
                    return Optional.<Map<?, ?>>of(m);
                }
            }
        }
        return Optional.empty();
    }

    private static String name(Map<?, ?> tool) {
        if (tool.get("name") instanceof String s) {
            return s;
        }
        return tool.get("function") instanceof Map<?, ?> f && f.get("name") instanceof String s ? s : "";
    }

    private static Map<?, ?> parameters(Map<?, ?> tool) {
        Object p = tool.get("parameters");
        if (p == null && tool.get("function") instanceof Map<?, ?> f) {
            p = f.get("parameters");
        }
        return p instanceof Map<?, ?> m ? m : Map.of();
    }

    static String arguments(Map<?, ?> tool, String text) {
        Map<?, ?> params = parameters(tool);
        Map<?, ?> props = params.get("properties") instanceof Map<?, ?> m ? m : Map.of();
        List<?> required = params.get("required") instanceof List<?> r ? r : List.of();
        Map<String, Object> args = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : props.entrySet()) {
            String name = String.valueOf(e.getKey());
            Map<?, ?> schema = e.getValue() instanceof Map<?, ?> s ? s : Map.of();
            boolean place = name.equalsIgnoreCase("location") || name.equalsIgnoreCase("city");
            if (!place && !required.contains(name)) {
                continue;
            }
            if (place) {
                Matcher m = LOCATION.matcher(text);
                args.put(name, m.find() ? m.group(1) : "unknown");
            } else if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
                args.put(name, values.get(0));
            } else {
                args.put(
                        name,
                        switch (String.valueOf(schema.get("type"))) {
                            case "number", "integer" -> 0;
                            case "boolean" -> false;
                            case "array" -> List.of();
                            case "object" -> Map.of();
                            default -> text;
                        });
            }
        }
        return Json.stringify(args);
    }

    /** The answer after tool outputs: one sentence per output. */
    static String toolReply(List<Map<String, Object>> outputs, Function<String, Optional<Map<String, Object>>> calls) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> out : outputs) {
            Optional<Map<String, Object>> call = calls.apply(String.valueOf(out.get("call_id")));
            String name = call.map(c -> String.valueOf(c.get("name"))).orElse("tool");
            Object args = call.map(c -> Json.parseOrText(String.valueOf(c.get("arguments"))))
                    .orElse(Map.of());
            String raw = String.valueOf(out.get("output"));
            Object value = Json.parseOrText(raw);
            String sentence;
            if (value instanceof Map<?, ?> v
                    && v.get("temperature") != null
                    && (v.get("condition") != null || v.get("conditions") != null || v.get("description") != null)) {
                Object where = v.get("location") != null
                        ? v.get("location")
                        : args instanceof Map<?, ?> a && a.get("location") != null ? a.get("location") : "your area";
                Object cond = v.get("condition") != null
                        ? v.get("condition")
                        : v.get("conditions") != null ? v.get("conditions") : v.get("description");
                sentence = "The weather in " + where + " is " + v.get("temperature") + " and " + cond + ".";
            } else if (value instanceof Map<?, ?> v && v.get("error") != null) {
                sentence = "The " + name + " tool failed: " + v.get("error") + ".";
            } else {
                sentence = "The " + name + " tool returned: " + raw;
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(sentence);
        }
        return sb.toString();
    }
}

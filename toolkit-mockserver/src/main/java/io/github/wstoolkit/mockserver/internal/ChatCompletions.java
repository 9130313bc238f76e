package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.api.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/chat/completions}: an OpenAI Chat Completions mock, deterministic, so that {@code llm-rubric} grading
 * runs offline and in tests. A request needs a bearer token (any) and a {@code messages} list.
 *
 * <p>A grading request (its messages hold {@code <Output>…</Output>} and {@code <Rubric>…</Rubric>}, as the llm-rubric
 * prompt has) gets {@code {"reason", "pass", "score"}} as JSON text: the output passes when it contains, ignoring case,
 * every word the rubric quotes ({@code 'refund'}), or, when the rubric quotes none, at least one of the rubric's words
 * of four letters or more that are not common words; a rubric that starts with "not", "does not", "doesn't" or "never"
 * passes the other way. The score is the share of those words found. Any other request is answered as the
 * {@code /ws} endpoint answers: a canned reply, else {@code You said: <last user message>}.
 */
final class ChatCompletions {

    /** The result of a request: an HTTP status and a JSON body. */
    record Answer(int status, String body) {}

    private static final Pattern OUTPUT = Pattern.compile("(?s)<Output>\\s*(.*?)\\s*</Output>");
    private static final Pattern RUBRIC = Pattern.compile("(?s)<Rubric>\\s*(.*?)\\s*</Rubric>");
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'|\"([^\"]+)\"");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]{4,}");
    private static final Pattern NEGATED =
            Pattern.compile("(?i)^\\s*(not|does not|doesn't|do not|don't|never|must not|should not)\\b");
    private static final Set<String> COMMON = Set.of(
            "about",
            "answer",
            "does",
            "doesn",
            "from",
            "have",
            "into",
            "must",
            "output",
            "reply",
            "response",
            "should",
            "text",
            "than",
            "that",
            "their",
            "them",
            "then",
            "there",
            "they",
            "this",
            "what",
            "when",
            "which",
            "while",
            "will",
            "with",
            "would",
            "your",
            "never");

    private static final AtomicLong IDS = new AtomicLong();

    private ChatCompletions() {}

    static Answer handle(String authorization, String body) {
        if (authorization == null
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            return error(401, "You didn't provide an API key (Authorization: Bearer ...).", "invalid_api_key");
        }
        Object request;
        try {
            request = Json.parse(body);
        } catch (RuntimeException e) {
            return error(400, "We could not parse the JSON body of your request.", "invalid_json");
        }
        if (!(request instanceof Map<?, ?> req)
                || !(req.get("messages") instanceof List<?> messages)
                || messages.isEmpty()) {
            return error(400, "'messages' is a required property and must be a non-empty array.", "invalid_request");
        }
        StringBuilder all = new StringBuilder();
        String lastUser = "";
        for (Object m : messages) {
            if (m instanceof Map<?, ?> mm) {
                String content = text(mm.get("content"));
                all.append(content).append('\n');
                if ("user".equals(mm.get("role"))) {
                    lastUser = content;
                }
            }
        }
        // the last <Output> and <Rubric>: a grading prompt's examples come before the case to grade
        String output = last(OUTPUT, all);
        String rubric = last(RUBRIC, all);
        String content;
        if (output != null && rubric != null) {
            content = Json.stringify(grade(output, rubric));
        } else {
            content = Replies.echo(lastUser);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", "stop");
        int promptTokens = words(all.toString());
        int completionTokens = words(content);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", "chatcmpl-mock-" + IDS.incrementAndGet());
        response.put("object", "chat.completion");
        response.put("created", System.currentTimeMillis() / 1000);
        response.put("model", req.get("model") == null ? "mock" : String.valueOf(req.get("model")));
        response.put("choices", List.of(choice));
        response.put("usage", usage);
        return new Answer(200, Json.stringify(response));
    }

    /** The verdict on one output against one rubric (see the class comment). */
    static Map<String, Object> grade(String output, String rubric) {
        String o = output.toLowerCase(Locale.ROOT);
        boolean negated = NEGATED.matcher(rubric).find();
        List<String> words = new ArrayList<>();
        Matcher q = QUOTED.matcher(rubric);
        while (q.find()) {
            words.add((q.group(1) != null ? q.group(1) : q.group(2)).toLowerCase(Locale.ROOT));
        }
        boolean quoted = !words.isEmpty();
        if (!quoted) {
            Matcher w = WORD.matcher(rubric);
            while (w.find()) {
                String word = w.group().toLowerCase(Locale.ROOT);
                if (!COMMON.contains(word) && !words.contains(word)) {
                    words.add(word);
                }
            }
        }
        List<String> found = words.stream().filter(o::contains).toList();
        List<String> missing = words.stream().filter(w -> !o.contains(w)).toList();
        boolean holds = words.isEmpty() ? !o.isBlank() : quoted ? missing.isEmpty() : !found.isEmpty();
        double share = words.isEmpty() ? (holds ? 1 : 0) : (double) found.size() / words.size();
        boolean pass = negated != holds;
        double score = negated ? 1 - share : share;
        String reason;
        if (words.isEmpty()) {
            reason = holds ? "The output is not empty" : "The output is empty";
        } else if (holds) {
            reason = "The output mentions " + quote(found);
        } else {
            reason = "The output does not mention " + quote(quoted ? missing : words);
        }
        if (negated) {
            reason += ", and the rubric asks for the opposite";
        }
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("reason", reason);
        verdict.put("pass", pass);
        verdict.put("score", Math.round(score * 100) / 100.0);
        return verdict;
    }

    private static String last(Pattern p, CharSequence text) {
        Matcher m = p.matcher(text);
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return found;
    }

    private static String quote(List<String> words) {
        return String.join(" and ", words.stream().map(w -> "'" + w + "'").toList());
    }

    private static String text(Object content) {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof List<?> parts) {
            StringBuilder sb = new StringBuilder();
            for (Object p : parts) {
                if (p instanceof Map<?, ?> pm && pm.get("text") != null) {
                    sb.append(pm.get("text"));
                }
            }
            return sb.toString();
        }
        return content == null ? "" : String.valueOf(content);
    }

    private static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static Answer error(int status, String message, String code) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("type", "invalid_request_error");
        e.put("code", code);
        return new Answer(status, Json.stringify(Map.of("error", e)));
    }
}

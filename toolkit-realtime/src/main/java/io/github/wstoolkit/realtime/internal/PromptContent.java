package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a rendered prompt into the content parts of the user message (text, or a JSON chat's
 * text and audio parts), plus audio from files. */
public final class PromptContent {

    private PromptContent() {}

    /**
     * The user content of a prompt: the last user message of a JSON array, a JSON object's {@code prompt}, or the
     * text itself.
     */
    public static List<Map<String, Object>> of(String prompt) {
        Object parsed = Json.parseOrText(prompt);
        if (parsed instanceof List<?> messages) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i) instanceof Map<?, ?> m && "user".equals(m.get("role"))) {
                    List<Map<String, Object>> content = content(m.get("content"));
                    if (!content.isEmpty()) {
                        return content;
                    }
                }
            }
        } else if (parsed instanceof Map<?, ?> m && m.get("prompt") instanceof String text) {
            return List.of(inputText(text));
        }
        return List.of(inputText(prompt));
    }

    private static List<Map<String, Object>> content(Object content) {
        if (content instanceof String s) {
            return List.of(inputText(s));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (content instanceof List<?> parts) {
            for (Object p : parts) {
                if (!(p instanceof Map<?, ?> part)) {
                    continue;
                }
                Object type = part.get("type");
                if (("text".equals(type) || "input_text".equals(type)) && part.get("text") instanceof String t) {
                    out.add(inputText(t));
                } else if ("input_audio".equals(type) && part.get("audio") instanceof String a) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("type", "input_audio");
                    m.put("audio", a);
                    out.add(m);
                } else if ("input_image".equals(type) || "image_url".equals(type)) {
                    Object url = part.get("image_url");
                    if (url instanceof Map<?, ?> u && u.get("url") instanceof String s) {
                        url = s;
                    }
                    if (url instanceof String s) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("type", "input_image");
                        m.put("image_url", s);
                        out.add(m);
                    }
                }
            }
        }
        return out;
    }

    public static Map<String, Object> inputText(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "input_text");
        m.put("text", text);
        return m;
    }

    /** An {@code input_audio} part with this audio (already in the session's input format), base64. */
    public static Map<String, Object> inputAudio(byte[] audio) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "input_audio");
        m.put("audio", Base64.getEncoder().encodeToString(audio));
        return m;
    }

    /** True when an {@code input_audio} value names a file instead of holding base64 audio. */
    public static boolean namesAudioFile(String audio) {
        String a = audio.strip();
        return a.startsWith("file://") || a.toLowerCase(Locale.ROOT).endsWith(".wav");
    }

    /** The file an audio value names, resolved against the config's folder. */
    public static Path audioFile(String audio, Path baseDir) {
        String a = audio.strip();
        if (a.startsWith("file://")) {
            a = a.substring("file://".length());
        }
        return baseDir.resolve(a).normalize();
    }

    /**
     * The content with every {@code input_audio} part that names a {@code .wav} file replaced by the file's audio in
     * the input format.
     *
     * @throws IOException when a named file is missing or unreadable
     * @throws IllegalArgumentException when a file is not a PCM WAV file
     */
    public static List<Map<String, Object>> resolveAudioFiles(
            List<Map<String, Object>> content, Path baseDir, String inputFormat) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> part : content) {
            if ("input_audio".equals(part.get("type")) && part.get("audio") instanceof String a && namesAudioFile(a)) {
                out.add(inputAudio(readAudioFile(audioFile(a, baseDir), inputFormat)));
            } else {
                out.add(part);
            }
        }
        return out;
    }

    /**
     * A WAV file's audio in the session's input format.
     *
     * @throws IOException when the file is missing or unreadable
     */
    public static byte[] readAudioFile(Path file, String inputFormat) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("Audio file does not exist: " + file);
        }
        return Audio.readWavAs(file, inputFormat);
    }
}

package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code .env} files, read as promptfoo reads them (the {@code dotenv} package): {@code KEY=value} lines,
 * {@code export KEY=value}, {@code #} comments (after an unquoted value too), single-, double- and back-quoted values
 * (a double-quoted one may span lines and turns {@code \n} into a line break), values trimmed.
 *
 * <p>Where they come from, as in promptfoo: {@code .env} in the working folder is read for every command and never
 * overrides a variable the environment already has; {@code --env-file FILE} (repeatable, or comma-separated) overrides
 * it, a later file winning, and a missing one is an error. wst also reads {@code .env} beside the config file, under
 * the working folder's, when they differ.
 */
final class DotEnv {

    private DotEnv() {}

    /** The environment with a file's variables under it (the environment wins); a missing file changes nothing. */
    static Map<String, String> under(Map<String, String> env, Path file) {
        if (!Files.isRegularFile(file)) {
            return env;
        }
        Map<String, String> out = new LinkedHashMap<>(parse(read(file)));
        out.putAll(env);
        return out;
    }

    /** The environment with these files' variables over it, a later file winning. */
    static Map<String, String> over(Map<String, String> env, List<Path> files) {
        Map<String, String> out = new LinkedHashMap<>(env);
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new ConfigException("Environment file not found: " + f);
            }
            out.putAll(parse(read(f)));
        }
        return out;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.at(f, 0, null, "cannot read the environment file: " + ConfigException.describe(e), e);
        }
    }

    /** The variables of a {@code .env} text, in order. */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String s = text.replace("\r\n", "\n").replace('\r', '\n');
        int i = 0;
        int n = s.length();
        while (i < n) {
            int eol = s.indexOf('\n', i);
            if (eol < 0) {
                eol = n;
            }
            String line = s.substring(i, eol).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                i = eol + 1;
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep <= 0 || !line.substring(0, sep).strip().matches("[\\w.-]+")) {
                i = eol + 1;
                continue;
            }
            String key = line.substring(0, sep).strip();
            // the value starts after the separator, in the original text (a quoted value may span lines)
            int v = s.indexOf(key, i) + key.length();
            while (v < eol && s.charAt(v) != '=' && s.charAt(v) != ':') {
                v++;
            }
            v = Math.min(v + 1, eol);
            while (v < n && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
                v++;
            }
            char q = v < n ? s.charAt(v) : 0;
            if (q == '"' || q == '\'' || q == '`') {
                int close = s.indexOf(q, v + 1);
                if (close > 0) {
                    String value = s.substring(v + 1, close);
                    if (q == '"') {
                        value = value.replace("\\n", "\n").replace("\\r", "\r");
                    }
                    out.put(key, value);
                    int next = s.indexOf('\n', close);
                    i = next < 0 ? n : next + 1;
                    continue;
                }
            }
            String value = s.substring(v, eol);
            int hash = value.indexOf(" #");
            if (hash >= 0) {
                value = value.substring(0, hash);
            } else if (value.startsWith("#")) {
                value = "";
            }
            out.put(key, value.strip());
            i = eol + 1;
        }
        return out;
    }
}

package io.github.wstoolkit.eval.internal;

import io.github.wstoolkit.api.ConfigException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * YAML text to plain values, remembering the line of every value by its key path ({@code providers[0].config}), so
 * that config errors can name the line. Merge keys ({@code <<}) and aliases are resolved.
 */
public final class Yaml {

    /** A parsed document: its plain value, and the 1-based line of each key path. */
    public record Document(Object value, Path file, Map<String, Integer> lines) {}

    private Yaml() {}

    /** Parses YAML (or JSON) text. */
    public static Document parse(String text, Path file) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file == null ? "config" : file.toString())
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(200)
                // the converter refuses them naming the line; snakeyaml-engine's own refusal has no mark
                .setAllowNonScalarKeys(true)
                .build();
        Node root;
        StreamReader reader = null;
        try {
            reader = new StreamReader(settings, text);
            Optional<Node> node = new Composer(settings, new ParserImpl(settings, reader)).getSingleNode();
            root = node.orElse(null);
        } catch (MarkedYamlEngineException e) {
            throw markedError(e, text, file);
        } catch (YamlEngineException e) {
            throw unmarkedError(e, text, file, reader);
        }
        Map<String, Integer> lines = new HashMap<>();
        Object value = root == null ? null : new Converter(file, lines).convert(root, "");
        return new Document(value, file, lines);
    }

    /**
     * A YAML syntax error placed at its cause: snakeyaml-engine notices an unclosed quote or bracket where the text
     * ends, maybe many lines below; its context mark is where the quoted text or the collection began. The message
     * names both and shows the line of the cause with a caret under the column.
     */
    static ConfigException markedError(MarkedYamlEngineException e, String text, Path file) {
        Optional<Mark> context = e.getContextMark();
        Optional<Mark> problem = e.getProblemMark();
        boolean atContext = context.isPresent()
                && e.getContext() != null
                && (problem.isEmpty() || context.get().getLine() < problem.get().getLine());
        Mark at = atContext ? context.get() : problem.orElse(context.orElse(null));
        StringBuilder msg = new StringBuilder("invalid YAML: ");
        if (atContext) {
            msg.append(e.getContext().strip())
                    .append(" that starts here, ")
                    .append(e.getProblem().strip());
            problem.ifPresent(m -> msg.append(" (line ").append(m.getLine() + 1).append(')'));
            String c = e.getContext().toLowerCase(java.util.Locale.ROOT);
            if (c.contains("quoted scalar")) {
                msg.append(": is a quote left open?");
            } else if (c.contains("flow sequence") || c.contains("flow mapping")) {
                msg.append(": is a [ or { left open?");
            }
        } else {
            if (e.getContext() != null && !e.getContext().isBlank()) {
                msg.append(e.getContext().strip()).append(", ");
            }
            msg.append(e.getProblem() == null ? "syntax error" : e.getProblem().strip());
        }
        int line = at == null ? 0 : at.getLine() + 1;
        int col = at == null ? 0 : at.getColumn() + 1;
        if (line > 0) {
            String[] lines = text.split("\r?\n", -1);
            if (line <= lines.length) {
                String number = String.valueOf(line);
                msg.append('\n')
                        .append("  ")
                        .append(number)
                        .append(" | ")
                        .append(lines[line - 1])
                        .append('\n')
                        .append("  ")
                        .append(" ".repeat(number.length()))
                        .append(" | ")
                        .append(" ".repeat(Math.max(0, col - 1)))
                        .append('^');
            }
        }
        return new ConfigException(msg.toString(), e, file, line, col, null);
    }

    private static final class Converter {
        private final Path file;
        private final Map<String, Integer> lines;
        private final Map<Node, Object> seen = new IdentityHashMap<>();

        Converter(Path file, Map<String, Integer> lines) {
            this.file = file;
            this.lines = lines;
        }

        private static int line(Node n) {
            return n.getStartMark().map(Mark::getLine).orElse(-1) + 1;
        }

        Object convert(Node node, String path) {
            lines.putIfAbsent(path, line(node));
            if (node instanceof ScalarNode s) {
                return scalar(s, path);
            }
            Object cached = seen.get(node);
            if (cached != null) {
                return cached;
            }
            if (node instanceof SequenceNode seq) {
                List<Object> list = new ArrayList<>();
                seen.put(node, list);
                int i = 0;
                for (Node item : seq.getValue()) {
                    list.add(convert(item, path + "[" + i++ + "]"));
                }
                return list;
            }
            MappingNode map = (MappingNode) node;
            Map<String, Object> out = new LinkedHashMap<>();
            seen.put(node, out);
            for (NodeTuple t : map.getValue()) {
                Node k = t.getKeyNode();
                // a merge key: YAML 1.2's schemas leave a plain << a string, but promptfoo's YAML (js-yaml) merges
                // it, so a plain one merges here too; a quoted '<<' stays a key
                if (k instanceof ScalarNode ks
                        && "<<".equals(ks.getValue())
                        && (ks.getTag().equals(Tag.MERGE) || ks.isPlain())) {
                    Object merged = convert(t.getValueNode(), path);
                    List<?> sources = merged instanceof List<?> l ? l : List.of(merged);
                    for (Object src : sources) {
                        if (src instanceof Map<?, ?> m) {
                            m.forEach((mk, mv) -> out.putIfAbsent(String.valueOf(mk), mv));
                        }
                    }
                    continue;
                }
                if (!(k instanceof ScalarNode ks)) {
                    throw ConfigException.at(file, line(k), path, "mapping keys must be plain scalars");
                }
                String key = ks.getValue();
                String childPath = path.isEmpty() ? key : path + "." + key;
                lines.put(childPath, line(k));
                out.put(key, convert(t.getValueNode(), childPath));
            }
            return out;
        }

        private Object scalar(ScalarNode s, String path) {
            String v = s.getValue();
            Tag tag = s.getTag();
            try {
                if (tag.equals(Tag.NULL)) {
                    return null;
                }
                if (tag.equals(Tag.BOOL)) {
                    return Boolean.valueOf(v.toLowerCase(java.util.Locale.ROOT));
                }
                if (tag.equals(Tag.INT)) {
                    String d = v.replace("_", "");
                    BigInteger bi;
                    if (d.startsWith("0x")) {
                        bi = new BigInteger(d.substring(2), 16);
                    } else if (d.startsWith("0o")) {
                        bi = new BigInteger(d.substring(2), 8);
                    } else {
                        bi = new BigInteger(d.startsWith("+") ? d.substring(1) : d);
                    }
                    return bi.bitLength() < 32 ? (Object) bi.intValue() : bi.bitLength() < 64 ? bi.longValue() : bi;
                }
                if (tag.equals(Tag.FLOAT)) {
                    String d = v.toLowerCase(java.util.Locale.ROOT);
                    if (d.endsWith(".inf")) {
                        return d.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                    }
                    if (d.equals(".nan")) {
                        return Double.NaN;
                    }
                    return Double.valueOf(d);
                }
            } catch (NumberFormatException e) {
                throw ConfigException.at(file, line(s), path, "not a number: " + v, e);
            }
            return v;
        }
    }

    /**
     * A YAML error without a mark: a character YAML does not allow (a control character, a lone surrogate) carries only
     * its position in code points, which names the line and column; anything else (the scanner's "a simple key is
     * required only if it is the first token") is placed where the reader had got to.
     */
    static ConfigException unmarkedError(YamlEngineException e, String text, Path file, StreamReader reader) {
        if (!(e instanceof ReaderException r)) {
            int line = reader == null ? 0 : reader.getLine() + 1;
            int column = reader == null ? 0 : reader.getColumn() + 1;
            return new ConfigException("invalid YAML: " + e.getMessage(), e, file, line, column, null);
        }
        int line = 1;
        int column = 1;
        int i = 0;
        for (int cp = 0; cp < r.getPosition() && i < text.length(); cp++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new ConfigException(
                "invalid YAML: character U+%04X is not allowed".formatted(r.getCodePoint()),
                e,
                file,
                line,
                column,
                null);
    }
}

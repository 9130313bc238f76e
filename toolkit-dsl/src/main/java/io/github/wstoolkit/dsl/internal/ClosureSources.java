package io.github.wstoolkit.dsl.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * The text of every closure a script passes as the last argument of a call, by the call's method name and line
 * ({@code streamResponse} on line 12 → {@code { acc, event, ctx -> ... }}). A function made from a script's closure
 * shows this text in reports, and a prompt function's text decides whether it sees {@code _conversation}, as a
 * prompt function file's does.
 */
public final class ClosureSources {

    private final String[] lines;
    private final Map<String, String> byCall = new HashMap<>();

    public ClosureSources(String text) {
        this.lines = text.split("\r?\n", -1);
    }

    /** The closures a compile of this text found, as {@link #found()} gave them (a compile the cache kept). */
    ClosureSources(String text, Map<String, String> found) {
        this(text);
        byCall.putAll(found);
    }

    /** Every closure found, by {@code method:line} (an ambiguous one as an empty text). */
    Map<String, String> found() {
        return Map.copyOf(byCall);
    }

    /** The closure passed to this method on this line, when there is exactly one. */
    public Optional<String> find(String method, int line) {
        String s = byCall.get(method + ":" + line);
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private void add(String method, int line, ClosureExpression c) {
        String key = method + ":" + line;
        String text = slice(c);
        // two different closures for the same method on one line: ambiguous, say where instead
        byCall.merge(key, text, (a, b) -> a.equals(b) ? a : "");
    }

    private String slice(ClosureExpression c) {
        int l1 = c.getLineNumber();
        int c1 = c.getColumnNumber();
        int l2 = c.getLastLineNumber();
        int c2 = c.getLastColumnNumber();
        if (l1 < 1 || l2 < l1 || l2 > lines.length) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int l = l1; l <= l2; l++) {
            String s = lines[l - 1];
            int from = l == l1 ? Math.min(Math.max(c1 - 1, 0), s.length()) : 0;
            int to = l == l2 ? Math.min(Math.max(c2 - 1, from), s.length()) : s.length();
            sb.append(s, from, to);
            if (l < l2) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private void entries(Expression e, int line) {
        if (e instanceof MapExpression m) {
            for (MapEntryExpression entry : m.getMapEntryExpressions()) {
                if (entry.getKeyExpression() instanceof ConstantExpression k
                        && entry.getValueExpression() instanceof ClosureExpression c) {
                    add(String.valueOf(k.getValue()), line, c);
                } else {
                    entries(entry.getValueExpression(), line);
                }
            }
        } else if (e instanceof TupleExpression t) {
            t.getExpressions().forEach(x -> entries(x, line));
        } else if (e instanceof ListExpression l) {
            l.getExpressions().forEach(x -> entries(x, line));
        }
    }

    /** The customizer that fills this table while the script compiles. */
    public CompilationCustomizer collector() {
        return new CompilationCustomizer(CompilePhase.CONVERSION) {
            @Override
            public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
                new ClassCodeVisitorSupport() {
                    @Override
                    protected SourceUnit getSourceUnit() {
                        return source;
                    }

                    @Override
                    public void visitMethodCallExpression(MethodCallExpression call) {
                        if (call.getArguments() instanceof TupleExpression args
                                && !args.getExpressions().isEmpty()) {
                            Expression last = args.getExpressions().getLast();
                            if (last instanceof ClosureExpression c && call.getMethodAsString() != null) {
                                add(call.getMethodAsString(), call.getLineNumber(), c);
                            }
                            // closures in named arguments and map literals (transform: { … }, a grader's
                            // config: [transformResponse: { … }]), by their key, at the call's line
                            for (Expression a : args.getExpressions()) {
                                entries(a, call.getLineNumber());
                            }
                        }
                        super.visitMethodCallExpression(call);
                    }
                }.visitClass(classNode);
            }
        };
    }
}

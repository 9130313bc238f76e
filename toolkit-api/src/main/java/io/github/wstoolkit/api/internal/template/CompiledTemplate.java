package io.github.wstoolkit.api.internal.template;

import io.github.wstoolkit.api.internal.template.Node.Stmt;
import io.github.wstoolkit.api.template.Template;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A parsed template: the statement tree, shared read-only by every render. */
final class CompiledTemplate implements Template {

    private final String source;
    private final List<Stmt> body;
    private final Map<String, Object> globals;
    private final int sizeHint;

    CompiledTemplate(String source, List<Stmt> body, Map<String, Object> globals) {
        this.source = source;
        this.body = List.copyOf(body);
        this.globals = globals;
        this.sizeHint = Math.min(8192, source.length() + 64);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String render(Map<String, ?> vars) {
        return new Renderer(vars == null ? Map.of() : vars, globals).render(body, sizeHint);
    }

    @Override
    public String toString() {
        return "Template[" + (source.length() > 60 ? source.substring(0, 57) + "..." : source) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompiledTemplate t && t.source.equals(source) && t.globals == globals;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source);
    }
}

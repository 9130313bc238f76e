package io.github.wstoolkit.groovy.internal;

import java.util.List;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;

/**
 * Groovy's {@link ImportCustomizer}, made at the first compile that uses it. Adding an import to an
 * {@code ImportCustomizer} resolves the imported class into Groovy's AST (reading and decompiling its class file):
 * about 10 ms of CPU at start-up, for a compiler that a run whose transforms all load from the {@link ClassCache}
 * never uses.
 */
public final class LazyImports extends CompilationCustomizer {

    private final List<String> imports;
    private final List<String> starImports;
    private volatile ImportCustomizer customizer;

    /**
     * @param imports classes imported by name ({@code groovy.json.JsonSlurper})
     * @param starImports packages imported whole ({@code io.github.wstoolkit.dsl})
     */
    public LazyImports(List<String> imports, List<String> starImports) {
        super(CompilePhase.CONVERSION); // ImportCustomizer's own phase
        this.imports = List.copyOf(imports);
        this.starImports = List.copyOf(starImports);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        customizer().call(source, context, classNode);
    }

    private ImportCustomizer customizer() {
        ImportCustomizer c = customizer;
        if (c == null) {
            synchronized (this) {
                c = customizer;
                if (c == null) {
                    c = new ImportCustomizer();
                    c.addImports(imports.toArray(String[]::new));
                    c.addStarImports(starImports.toArray(String[]::new));
                    customizer = c;
                }
            }
        }
        return c;
    }
}

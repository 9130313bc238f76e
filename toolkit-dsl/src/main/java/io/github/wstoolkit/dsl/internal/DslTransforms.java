package io.github.wstoolkit.dsl.internal;

import java.util.Set;
import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.SyntaxException;

/** The compile-time parts of the DSL. */
public final class DslTransforms {

    private DslTransforms() {}

    /** Grape's global transform, which {@code @Grab} triggers; disabled for every script. */
    public static final String GRAB_TRANSFORM = "groovy.grape.GrabAnnotationTransformation";

    private static final Set<String> GRAPE_ANNOTATIONS = Set.of(
            "Grab",
            "Grapes",
            "GrabResolver",
            "GrabConfig",
            "GrabExclude",
            "groovy.lang.Grab",
            "groovy.lang.Grapes",
            "groovy.lang.GrabResolver",
            "groovy.lang.GrabConfig",
            "groovy.lang.GrabExclude");

    /**
     * {@code equals 'x'} inside a closure would call the closure's own {@code equals(Object)}, not the
     * {@code expect} block's: calls to {@code equals} without a receiver inside closures are sent to the closure's
     * delegate ({@code delegate.equals('x')}), which is the block in a DSL block and the owner elsewhere.
     */
    public static CompilationCustomizer equalsGoesToTheDelegate() {
        return new CompilationCustomizer(CompilePhase.CONVERSION) {
            @Override
            public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
                new ClassCodeExpressionTransformer() {
                    private int closures;

                    @Override
                    protected SourceUnit getSourceUnit() {
                        return source;
                    }

                    @Override
                    public Expression transform(Expression e) {
                        if (e instanceof ClosureExpression c) {
                            closures++;
                            try {
                                c.getCode().visit(this);
                            } finally {
                                closures--;
                            }
                            return c;
                        }
                        if (closures > 0
                                && e instanceof MethodCallExpression call
                                && call.isImplicitThis()
                                && "equals".equals(call.getMethodAsString())) {
                            MethodCallExpression r = new MethodCallExpression(
                                    new VariableExpression("delegate"), "equals", transform(call.getArguments()));
                            r.setImplicitThis(false);
                            r.setSourcePosition(call);
                            return r;
                        }
                        return super.transform(e);
                    }
                }.visitClass(classNode);
            }
        };
    }

    /**
     * {@code @Grab} and its friends are errors: scripts do not fetch dependencies at run time (the runtime image has
     * no network fetcher, and a suite should not change with what a repository serves today).
     */
    public static CompilationCustomizer noGrab() {
        return new CompilationCustomizer(CompilePhase.CONVERSION) {
            @Override
            public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
                ModuleNode module = source.getAST();
                if (module != null) {
                    for (ImportNode i : module.getImports()) {
                        check(source, i);
                    }
                    for (ImportNode i : module.getStarImports()) {
                        check(source, i);
                    }
                    module.getStaticImports().values().forEach(i -> check(source, i));
                    module.getStaticStarImports().values().forEach(i -> check(source, i));
                    if (module.getPackage() != null) {
                        check(source, module.getPackage());
                    }
                }
                new org.codehaus.groovy.ast.ClassCodeVisitorSupport() {
                    @Override
                    protected SourceUnit getSourceUnit() {
                        return source;
                    }

                    @Override
                    public void visitAnnotations(AnnotatedNode node) {
                        check(source, node);
                        super.visitAnnotations(node);
                    }

                    @Override
                    public void visitDeclarationExpression(DeclarationExpression expression) {
                        check(source, expression);
                        super.visitDeclarationExpression(expression);
                    }
                }.visitClass(classNode);
            }
        };
    }

    private static void check(SourceUnit source, AnnotatedNode node) {
        for (AnnotationNode a : node.getAnnotations()) {
            String name = a.getClassNode().getName();
            if (GRAPE_ANNOTATIONS.contains(name)) {
                source.addError(new SyntaxException(
                        "@" + a.getClassNode().getNameWithoutPackage() + " is disabled: wst scripts do not fetch"
                                + " dependencies at run time; the toolkit, Groovy and the JDK are what a script can use",
                        a.getLineNumber(),
                        a.getColumnNumber()));
            }
        }
    }
}

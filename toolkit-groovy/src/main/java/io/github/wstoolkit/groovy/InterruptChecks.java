package io.github.wstoolkit.groovy;

import groovy.transform.ThreadInterrupt;
import org.apache.groovy.ast.tools.AnnotatedNodeUtils;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.tools.GeneralUtils;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.transform.AbstractInterruptibleASTTransformation;

/**
 * A compilation customizer that makes every class of a compiled text check for interruption, as Groovy's
 * {@link ThreadInterrupt @ThreadInterrupt} does: loops, closures and methods then throw an
 * {@link InterruptedException} when their thread is interrupted (a call's deadline, Ctrl-C in the shell).
 *
 * <p>Written in Java on Groovy's {@link AbstractInterruptibleASTTransformation}, in place of
 * {@code new ASTTransformationCustomizer(ThreadInterrupt.class)}: that customizer and Groovy's own transformation are
 * Groovy classes, and the first use of them in a JVM linked about seventy call sites and built their metaclasses,
 * a third of the CPU of the first compile (async-profiler on {@code GroovyWarmUp}, which an eval's main thread waits
 * for). Every wstoolkit compiler (transforms, the shell's console, eval scripts) uses this one.
 */
public final class InterruptChecks extends CompilationCustomizer {

    /** A customizer for one {@code CompilerConfiguration}; it may be used by several compilations at once. */
    public InterruptChecks() {
        // the phase Groovy's @ThreadInterrupt transformation runs in (@GroovyASTTransformation's default)
        super(CompilePhase.CANONICALIZATION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        // as if the class carried the annotation with its defaults (every class and member, checks at method start,
        // InterruptedException); the transformation keeps state while it visits: one per call
        AnnotationNode annotation = new AnnotationNode(ClassHelper.make(ThreadInterrupt.class));
        annotation.setSourcePosition(classNode);
        new Checks().visit(new ASTNode[] {annotation, classNode}, source);
    }

    /** Inserts {@code if (Thread.currentThread().isInterrupted()) throw new InterruptedException(...)}. */
    private static final class Checks extends AbstractInterruptibleASTTransformation {
        private static final ClassNode THREAD = ClassHelper.make(Thread.class);
        private static final MethodNode CURRENT_THREAD = THREAD.getMethod("currentThread", Parameter.EMPTY_ARRAY);
        private static final MethodNode IS_INTERRUPTED = THREAD.getMethod("isInterrupted", Parameter.EMPTY_ARRAY);

        @Override
        protected ClassNode type() {
            return ClassHelper.make(ThreadInterrupt.class);
        }

        @Override
        protected String getErrorMessage() {
            return "interrupted: the thread running this Groovy code was interrupted (a deadline, or Ctrl-C)";
        }

        @Override
        protected Expression createCondition() {
            MethodCallExpression thread = GeneralUtils.callX(GeneralUtils.classX(THREAD), "currentThread");
            thread.setMethodTarget(CURRENT_THREAD);
            thread.setImplicitThis(false);
            MethodCallExpression interrupted = GeneralUtils.callX(thread, "isInterrupted");
            interrupted.setMethodTarget(IS_INTERRUPTED);
            interrupted.setImplicitThis(false);
            return interrupted;
        }

        @Override
        public void visitClosureExpression(ClosureExpression closure) {
            closure.setCode(wrapBlock(closure.getCode()));
            super.visitClosureExpression(closure);
        }

        @Override
        public void visitMethod(MethodNode method) {
            boolean generatedRecordMember =
                    method.getDeclaringClass().isRecord() && AnnotatedNodeUtils.isGenerated(method);
            if (checkOnMethodStart && !method.isAbstract() && !method.isSynthetic() && !generatedRecordMember) {
                method.setCode(wrapBlock(method.getCode()));
            }
            super.visitMethod(method);
        }
    }
}

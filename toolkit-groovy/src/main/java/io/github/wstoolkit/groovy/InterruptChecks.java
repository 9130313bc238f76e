package io.github.wstoolkit.groovy;

import groovy.transform.ThreadInterrupt;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.transform.ThreadInterruptibleASTTransformation;

/**
 * A compilation customizer that makes every class of a compiled text check for interruption, as if it carried Groovy's
 * {@link ThreadInterrupt @ThreadInterrupt}: loops, closures and methods then end with an {@link InterruptedException}
 * when their thread is interrupted (a call's deadline, Ctrl-C in the shell).
 *
 * <p>It does what {@code new ASTTransformationCustomizer(ThreadInterrupt.class)} does, in Java: that customizer is
 * written in dynamic Groovy, and creating one linked about seventy call sites, a quarter of the CPU of the first
 * compile in a JVM (profiled on {@code GroovyWarmUp}). Every wstoolkit compiler (transforms, the shell's console, eval
 * scripts) uses this one.
 */
public final class InterruptChecks extends CompilationCustomizer {

    /** A customizer for one {@code CompilerConfiguration}; it may be used by several compilations at once. */
    public InterruptChecks() {
        // the phase @GroovyASTTransformation gives ThreadInterruptibleASTTransformation (its default)
        super(CompilePhase.CANONICALIZATION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        // the transformation keeps state while it visits, and the node gets the class's position: both per call
        AnnotationNode annotation = new AnnotationNode(ClassHelper.make(ThreadInterrupt.class));
        annotation.setSourcePosition(classNode);
        new ThreadInterruptibleASTTransformation().visit(new ASTNode[] {annotation, classNode}, source);
    }
}

// A type-checking extension for wst's Groovy DSL (used by DslCompileTest): a call inside a DSL block, or at the top
// level of a script, must name a method the DSL has, with argument types that fit when they are known; everything
// else (JSON values, map properties, binding variables, the provider block's options) is checked when the script
// runs, as Groovy does.
import org.codehaus.groovy.ast.ClassNode

// a DSL class, or a script whose base class is one
def isDsl = { ClassNode c ->
    for (def k = c; k != null; k = k.superClass) {
        if (k.name.startsWith('io.github.wstoolkit.dsl.')) {
            return true
        }
    }
    false
}
def methodsNamed = { ClassNode c, String n ->
    def found = []
    for (def k = c; k != null; k = k.superClass) {
        found.addAll(k.getMethods(n))
    }
    found
}

unresolvedVariable { var -> makeDynamic(var) }
unresolvedProperty { pexp -> makeDynamic(pexp) }
unresolvedAttribute { aexp -> makeDynamic(aexp) }
incompatibleAssignment { lhsType, rhsType, expr -> handled = true }
incompatibleReturnType { stmt, type -> handled = true }

methodNotFound { receiver, name, argList, argTypes, call ->
    def target = receiver
    if (call.implicitThis) {
        // inside a block, the call goes to the block (@DelegatesTo), not to the script the checker falls back to
        def dm = context.delegationMetadata
        while (dm != null && !(dm.type?.name?.startsWith('io.github.wstoolkit.dsl.'))) {
            dm = dm.parent
        }
        if (dm != null) {
            target = dm.type
        } else if (context.enclosingClosure != null) {
            return makeDynamic(call)        // a closure kept for later (`expect checks`): its delegate is not known yet
        }
    }
    if (!isDsl(target) || target.name == 'io.github.wstoolkit.dsl.ProviderBlock') {
        return makeDynamic(call)            // a dynamic value; or a provider option, which the loader checks
    }
    if (context.enclosingClassNode.getMethods(name)) {
        return makeDynamic(call)            // the script's own helper method
    }
    def known = methodsNamed(target, name)
    if (known && argTypes.any { it.name == 'java.lang.Object' }) {
        return makeDynamic(call)            // a value only known when the script runs: the method exists
    }
    def block = target.nameWithoutPackage
    addStaticTypeError(known
            ? "${block}.${name} does not take (${argTypes*.nameWithoutPackage.join(', ')})"
            : "${block} has no method ${name}", call)
    makeDynamic(call)                       // one error, ours
}

package io.github.wstoolkit.api.internal.template;

import java.util.List;
import java.util.regex.Pattern;

/** The parsed template: statements and expressions, immutable and shared by every render. */
sealed interface Node {

    /** A 1-based position in the template text, for messages. */
    record At(int line, int col) {}

    sealed interface Stmt extends Node {}

    sealed interface Expr extends Node {}

    /** Literal text between tags, already trimmed by whitespace control. */
    record Text(String text) implements Stmt {}

    record Output(Expr expr, At at) implements Stmt {}

    /** {@code if}; an {@code elif} chain is an If in {@code orElse}. {@code orElse} is empty when absent. */
    record If(Expr cond, List<Stmt> body, List<Stmt> orElse) implements Stmt {}

    /** {@code for}; {@code multi} for {@code for k, v in ...}. {@code orElse} is null when there is no else. */
    record For(List<String> names, boolean multi, Expr iterable, List<Stmt> body, List<Stmt> orElse, At at)
            implements Stmt {}

    /**
     * {@code macro name(a, b, c=default)}: {@code params} are the positional parameters, {@code kwNames} and
     * {@code kwDefaults} the ones with defaults (evaluated at each call).
     */
    record Macro(String name, List<String> params, List<String> kwNames, List<Expr> kwDefaults, List<Stmt> body, At at)
            implements Stmt {}

    /**
     * {@code switch expr}, {@code case value}..., {@code default}: JavaScript's switch (strict equality; a case with
     * an empty body falls through to the next). {@code orElse} is null without a default.
     */
    record Switch(Expr expr, List<Expr> cases, List<List<Stmt>> bodies, List<Stmt> orElse) implements Stmt {}

    /** {@code set x = value} (value non-null) or {@code set x}...{@code endset} (body non-null). */
    record Set(List<String> targets, Expr value, List<Stmt> body) implements Stmt {}

    record Literal(Object value) implements Expr {}

    record Regex(Pattern pattern, boolean global, String source) implements Expr {
        @Override
        public String toString() {
            return source;
        }
    }

    record Symbol(String name, At at) implements Expr {}

    record ArrayLit(List<Expr> items) implements Expr {}

    record DictLit(List<String> keys, List<Expr> values) implements Expr {}

    /** Keyword arguments {@code (a=1)}: one trailing object argument. */
    record KwArgsLit(List<String> keys, List<Expr> values) implements Expr {}

    /** Parentheses; {@code (a, b)} evaluates both and yields the last, as JavaScript's comma operator. */
    record Group(List<Expr> items) implements Expr {}

    record Lookup(Expr target, Expr key) implements Expr {}

    record Call(Expr fn, List<Expr> args, String name, At at) implements Expr {}

    record FilterCall(String name, BoundFilter filter, Expr target, List<Expr> args, At at) implements Expr {}

    /** A binary operator as parsed (nunjucks' tree, before JavaScript re-association): + - * / % ~ and comparisons. */
    record NjBinary(String op, Expr left, Expr right) implements Expr {}

    record NjCompare(Expr first, List<String> ops, List<Expr> rest) implements Expr {}

    record NjFloorDiv(Expr left, Expr right) implements Expr {}

    /** A binary operator with JavaScript semantics: + - * / % == != === !== < > <= >=. */
    record Binary(String op, Expr left, Expr right) implements Expr {}

    /** {@code Math.floor(inner)}: what {@code a // b} compiles to. */
    record Floor(Expr inner) implements Expr {}

    record Pow(Expr left, Expr right) implements Expr {}

    record Neg(Expr target) implements Expr {}

    record Plus(Expr target) implements Expr {}

    record Not(Expr target) implements Expr {}

    record And(Expr left, Expr right) implements Expr {}

    record Or(Expr left, Expr right) implements Expr {}

    record In(Expr left, Expr right, At at) implements Expr {}

    record Is(Expr left, String test, Builtins.Test fn, List<Expr> args, At at) implements Expr {}

    /** {@code body if cond else orElse}; without else the value is the empty string. */
    record InlineIf(Expr cond, Expr body, Expr orElse) implements Expr {}

    /**
     * The body of {@code {% call(params) macro(args) %}body{% endcall %}}: an anonymous macro handed to the macro as
     * its {@code caller} keyword argument.
     */
    record CallerLit(List<String> params, List<String> kwNames, List<Expr> kwDefaults, List<Stmt> body)
            implements Expr {}

    /** The rendered text of a block ({@code set} blocks and {@code filter} blocks). */
    record Capture(List<Stmt> body) implements Expr {}

    /** A filter bound at parse time (user filter first, else built-in). */
    @FunctionalInterface
    interface BoundFilter {
        Object apply(Object value, List<Object> args) throws Exception;
    }
}

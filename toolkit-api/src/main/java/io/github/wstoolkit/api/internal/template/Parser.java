package io.github.wstoolkit.api.internal.template;

import io.github.wstoolkit.api.internal.template.Node.*;
import io.github.wstoolkit.api.template.TemplateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parses template text into {@link Node}s with nunjucks 3.2's grammar (same precedence, same accepted and rejected
 * inputs), then re-associates arithmetic and comparisons as the JavaScript nunjucks compiles them to would.
 */
final class Parser {

    private static final List<String> COMPARE_OPS = List.of("==", "===", "!=", "!==", "<", ">", "<=", ">=");
    private static final List<String> UNSUPPORTED_TAGS =
            List.of("block", "extends", "include", "import", "from", "asyncEach", "asyncAll", "ifAsync");

    private final Lexer lexer;
    private final Function<String, BoundFilter> filters;
    private Token peeked;
    private boolean hasPeeked;
    private List<String> breakOnBlocks;
    private boolean dropLeadingWhitespace;

    Parser(String source, Function<String, BoundFilter> filters) {
        this.lexer = new Lexer(source);
        this.filters = filters;
    }

    /** The whole template, with every expression in JavaScript form (see {@link #js}). */
    List<Stmt> parseTemplate() {
        return jsAll(parseNodes());
    }

    private static List<Stmt> jsAll(List<Stmt> body) {
        return body == null ? null : body.stream().map(Parser::jsStmt).toList();
    }

    private static Stmt jsStmt(Stmt s) {
        return switch (s) {
            case Text t -> t;
            case Output o -> new Output(js(o.expr()), o.at());
            case If i -> new If(js(i.cond()), jsAll(i.body()), jsAll(i.orElse()));
            case For f -> new For(f.names(), f.multi(), js(f.iterable()), jsAll(f.body()), jsAll(f.orElse()), f.at());
            case Set set -> new Set(set.targets(), set.value() == null ? null : js(set.value()), jsAll(set.body()));
            case Switch sw ->
                new Switch(
                        js(sw.expr()), sw.cases().stream().map(Parser::js).toList(),
                        sw.bodies().stream().map(Parser::jsAll).toList(), jsAll(sw.orElse()));
            case Macro m ->
                new Macro(
                        m.name(),
                        m.params(),
                        m.kwNames(),
                        m.kwDefaults().stream().map(Parser::js).toList(),
                        jsAll(m.body()),
                        m.at());
        };
    }

    // ------------------------------------------------------------------ tokens

    private Token nextToken(boolean withWhitespace) {
        Token tok;
        if (hasPeeked) {
            tok = peeked;
            hasPeeked = false;
            peeked = null;
            if (withWhitespace || tok == null || tok.type() != Token.Type.WHITESPACE) {
                return tok;
            }
        }
        tok = lexer.next();
        if (!withWhitespace) {
            while (tok != null && tok.type() == Token.Type.WHITESPACE) {
                tok = lexer.next();
            }
        }
        return tok;
    }

    private Token nextToken() {
        return nextToken(false);
    }

    private Token peekToken() {
        if (!hasPeeked) {
            peeked = nextToken();
            hasPeeked = true;
        }
        return peeked;
    }

    private void pushToken(Token tok) {
        if (hasPeeked) {
            throw fail("unexpected " + describe(tok), tok);
        }
        peeked = tok;
        hasPeeked = true;
    }

    private boolean skip(Token.Type type) {
        Token tok = nextToken();
        if (tok == null || tok.type() != type) {
            pushToken(tok);
            return false;
        }
        return true;
    }

    private boolean skipValue(Token.Type type, String value) {
        Token tok = nextToken();
        if (tok == null || tok.type() != type || !tok.value().equals(value)) {
            pushToken(tok);
            return false;
        }
        return true;
    }

    private boolean skipSymbol(String value) {
        return skipValue(Token.Type.SYMBOL, value);
    }

    private static String describe(Token tok) {
        return tok == null ? "the end of the template" : tok.describe();
    }

    private TemplateException fail(String message, Token at) {
        if (at == null) {
            return new TemplateException(message, lexer.line() + 1, lexer.col() + 1, null);
        }
        return new TemplateException(message, at.line() + 1, at.col() + 1, null);
    }

    private TemplateException failAtPeek(String message) {
        return fail(message, peekToken());
    }

    private static At at(Token tok) {
        return new At(tok.line() + 1, tok.col() + 1);
    }

    // ------------------------------------------------------------------ statements

    private Token advanceAfterBlockEnd(String name) {
        if (name == null) {
            Token tok = peekToken();
            if (tok == null) {
                throw fail("expected a closing tag before the end of the template", null);
            }
            if (tok.type() != Token.Type.SYMBOL) {
                throw fail("expected a tag name, found " + describe(tok), tok);
            }
            name = nextToken().value();
        }
        Token tok = nextToken();
        if (tok != null && tok.type() == Token.Type.BLOCK_END) {
            if (tok.value().charAt(0) == '-') {
                dropLeadingWhitespace = true;
            }
            return tok;
        }
        throw fail("expected '%}' to end the '" + name + "' tag, found " + describe(tok), tok);
    }

    /** Closes a block opened by {@code open}: the end tag must be there, else the message names both places. */
    private void closeBlock(String endName, Token open) {
        Token tok = peekToken();
        if (tok == null) {
            throw fail(
                    "'" + open.value() + "' tag at line " + (open.line() + 1) + ", column " + (open.col() + 1)
                            + " is not closed: expected {% " + endName + " %} before the end of the template",
                    null);
        }
        advanceAfterBlockEnd(null);
    }

    private void advanceAfterVariableEnd() {
        Token tok = nextToken();
        if (tok != null && tok.type() == Token.Type.VARIABLE_END) {
            dropLeadingWhitespace = tok.value().startsWith("-");
        } else {
            pushToken(tok);
            throw fail("expected '}}' to end the expression, found " + describe(tok), tok);
        }
    }

    private List<Stmt> parseUntilBlocks(String... names) {
        List<String> prev = breakOnBlocks;
        breakOnBlocks = Arrays.asList(names);
        List<Stmt> result = parseNodes();
        breakOnBlocks = prev;
        return result;
    }

    private List<Stmt> parseNodes() {
        List<Stmt> buf = new ArrayList<>();
        Token tok;
        while ((tok = nextToken()) != null) {
            switch (tok.type()) {
                case DATA -> {
                    String data = tok.value();
                    Token next = peekToken();
                    if (dropLeadingWhitespace) {
                        data = Js.trimStart(data);
                        dropLeadingWhitespace = false;
                    }
                    if (next != null
                            && ((next.type() == Token.Type.BLOCK_START
                                            && next.value().endsWith("-"))
                                    || (next.type() == Token.Type.VARIABLE_START
                                            && next.value().endsWith("-"))
                                    || (next.type() == Token.Type.COMMENT
                                            && next.value().startsWith("{#-")))) {
                        data = Js.trimEnd(data);
                    }
                    if (!data.isEmpty()) {
                        buf.add(new Text(data));
                    }
                }
                case BLOCK_START -> {
                    dropLeadingWhitespace = false;
                    Stmt n = parseStatement();
                    if (n == null) {
                        return buf;
                    }
                    buf.add(n);
                }
                case VARIABLE_START -> {
                    Expr e = parseExpression();
                    dropLeadingWhitespace = false;
                    advanceAfterVariableEnd();
                    buf.add(new Output(e, at(tok)));
                }
                case COMMENT -> dropLeadingWhitespace = tok.value().endsWith("-#}");
                default -> throw fail("unexpected " + describe(tok), tok);
            }
        }
        return buf;
    }

    private Stmt parseStatement() {
        Token tok = peekToken();
        if (tok == null) {
            throw fail("expected a tag name after '{%', found the end of the template", null);
        }
        if (tok.type() != Token.Type.SYMBOL) {
            throw fail("expected a tag name after '{%', found " + describe(tok), tok);
        }
        if (breakOnBlocks != null && breakOnBlocks.contains(tok.value())) {
            return null;
        }
        return switch (tok.value()) {
            case "raw" -> parseRaw("raw");
            case "verbatim" -> parseRaw("verbatim");
            case "if" -> parseIf();
            case "for" -> parseFor();
            case "set" -> parseSet();
            case "filter" -> parseFilterStatement();
            case "macro" -> parseMacro();
            case "switch" -> parseSwitch();
            case "call" -> parseCall();
            default -> {
                if (UNSUPPORTED_TAGS.contains(tok.value())) {
                    throw fail("the '" + tok.value() + "' tag is not supported", tok);
                }
                String hint =
                        breakOnBlocks == null ? "" : " (expected one of: " + String.join(", ", breakOnBlocks) + ")";
                throw fail("unknown tag '" + tok.value() + "'" + hint, tok);
            }
        };
    }

    private Stmt parseRaw(String tagName) {
        advanceAfterBlockEnd(null);
        return new Text(lexer.rawUntilEnd(tagName));
    }

    private Stmt parseIf() {
        Token tag = peekToken();
        if (!(skipSymbol("if") || skipSymbol("elif") || skipSymbol("elseif"))) {
            throw fail("expected if, elif or elseif", tag);
        }
        Expr cond = parseExpression();
        advanceAfterBlockEnd(tag.value());
        List<Stmt> body = parseUntilBlocks("elif", "elseif", "else", "endif");
        Token tok = peekToken();
        String v = tok == null ? "" : tok.value();
        switch (v) {
            case "elif", "elseif" -> {
                return new If(cond, body, List.of(parseIf()));
            }
            case "else" -> {
                advanceAfterBlockEnd(null);
                List<Stmt> orElse = parseUntilBlocks("endif");
                closeBlock("endif", tag);
                return new If(cond, body, orElse);
            }
            case "endif" -> {
                advanceAfterBlockEnd(null);
                return new If(cond, body, List.of());
            }
            default ->
                throw fail(
                        "'" + tag.value() + "' tag at line " + (tag.line() + 1) + ", column " + (tag.col() + 1)
                                + " is not closed: expected {% elif %}, {% else %} or {% endif %} before the end of the"
                                + " template",
                        null);
        }
    }

    private Stmt parseFor() {
        Token forTok = peekToken();
        skipSymbol("for");
        List<String> names = new ArrayList<>();
        Token nameTok = peekToken();
        Expr first = parsePrimary(false);
        if (!(first instanceof Symbol s)) {
            throw fail("expected a loop variable name after 'for', found " + describe(nameTok), nameTok);
        }
        names.add(s.name());
        boolean multi = false;
        if (peekToken() != null && peekToken().type() == Token.Type.COMMA) {
            multi = true;
            while (skip(Token.Type.COMMA)) {
                Token t = peekToken();
                if (!(parsePrimary(false) instanceof Symbol more)) {
                    throw fail("expected a loop variable name after ',', found " + describe(t), t);
                }
                names.add(more.name());
            }
        }
        if (!skipSymbol("in")) {
            throw failAtPeek("expected 'in' after the loop variables, found " + describe(peekToken()));
        }
        Expr iterable = parseExpression();
        advanceAfterBlockEnd("for");
        List<Stmt> body = parseUntilBlocks("endfor", "else");
        List<Stmt> orElse = null;
        if (skipSymbol("else")) {
            advanceAfterBlockEnd("else");
            orElse = parseUntilBlocks("endfor");
        }
        closeBlock("endfor", forTok);
        return new For(List.copyOf(names), multi, iterable, body, orElse, at(forTok));
    }

    private Stmt parseSet() {
        Token tag = peekToken();
        skipSymbol("set");
        List<String> targets = new ArrayList<>();
        while (true) {
            Token t = peekToken();
            Expr target = parsePrimary(false);
            if (!(target instanceof Symbol s)) {
                throw fail("expected a variable name to set, found " + describe(t), t);
            }
            targets.add(s.name());
            if (!skip(Token.Type.COMMA)) {
                break;
            }
        }
        if (!skipValue(Token.Type.OPERATOR, "=")) {
            if (!skip(Token.Type.BLOCK_END)) {
                throw failAtPeek("expected '=' or '%}' in the 'set' tag, found " + describe(peekToken()));
            }
            List<Stmt> body = parseUntilBlocks("endset");
            closeBlock("endset", tag);
            return new Set(List.copyOf(targets), null, body);
        }
        Expr value = parseExpression();
        advanceAfterBlockEnd("set");
        return new Set(List.copyOf(targets), value, null);
    }

    private Stmt parseSwitch() {
        Token tag = peekToken();
        skipSymbol("switch");
        Expr expr = parseExpression();
        advanceAfterBlockEnd("switch");
        parseUntilBlocks("case", "default", "endswitch"); // anything before the first case is dropped, as in nunjucks
        List<Expr> cases = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        Token tok;
        do {
            skipSymbol("case");
            cases.add(parseExpression());
            advanceAfterBlockEnd("case");
            bodies.add(parseUntilBlocks("case", "default", "endswitch"));
            tok = peekToken();
        } while (tok != null && tok.value().equals("case"));
        List<Stmt> orElse = null;
        String v = tok == null ? "" : tok.value();
        if (v.equals("default")) {
            advanceAfterBlockEnd(null);
            orElse = parseUntilBlocks("endswitch");
            closeBlock("endswitch", tag);
        } else if (v.equals("endswitch")) {
            advanceAfterBlockEnd(null);
        } else {
            throw fail(
                    "'switch' tag at line " + (tag.line() + 1) + ", column " + (tag.col() + 1)
                            + " is not closed: expected {% case %}, {% default %} or {% endswitch %} before the end of the"
                            + " template",
                    null);
        }
        return new Switch(expr, List.copyOf(cases), List.copyOf(bodies), orElse);
    }

    private Stmt parseCall() {
        Token tag = peekToken();
        skipSymbol("call");
        List<String> params = new ArrayList<>();
        List<String> kwNames = new ArrayList<>();
        List<Expr> kwDefaults = new ArrayList<>();
        Token open = peekToken();
        if (open != null && open.type() == Token.Type.LEFT_PAREN) {
            parameters(parseSignature(), "the caller", open, params, kwNames, kwDefaults);
        }
        Token callTok = peekToken();
        if (!(parsePrimary(false) instanceof Call call)) {
            throw fail("expected a macro call such as m() after 'call', found " + describe(callTok), callTok);
        }
        advanceAfterBlockEnd("call");
        List<Stmt> body = parseUntilBlocks("endcall");
        closeBlock("endcall", tag);
        CallerLit caller = new CallerLit(List.copyOf(params), List.copyOf(kwNames), List.copyOf(kwDefaults), body);
        List<Expr> args = new ArrayList<>(call.args());
        List<String> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        if (!args.isEmpty() && args.get(args.size() - 1) instanceof KwArgsLit kw) {
            args.remove(args.size() - 1);
            keys.addAll(kw.keys());
            values.addAll(kw.values());
        }
        keys.add("caller");
        values.add(caller);
        args.add(new KwArgsLit(List.copyOf(keys), List.copyOf(values)));
        return new Output(new Call(call.fn(), List.copyOf(args), call.name(), call.at()), at(tag));
    }

    /** Splits a macro or caller signature into names and name=default pairs. */
    private void parameters(
            List<Expr> signature,
            String what,
            Token open,
            List<String> params,
            List<String> kwNames,
            List<Expr> kwDefaults) {
        for (Expr arg : signature) {
            if (arg instanceof KwArgsLit kw) {
                kwNames.addAll(kw.keys());
                kwDefaults.addAll(kw.values());
            } else if (arg instanceof Symbol p) {
                params.add(p.name());
            } else {
                throw fail("the parameters of " + what + " must be names or name=default", open);
            }
        }
    }

    private Stmt parseMacro() {
        Token tag = peekToken();
        skipSymbol("macro");
        Token nameTok = peekToken();
        if (!(parsePrimary(true) instanceof Symbol name)) {
            throw fail("expected a macro name after 'macro', found " + describe(nameTok), nameTok);
        }
        Token open = peekToken();
        if (open == null || open.type() != Token.Type.LEFT_PAREN) {
            throw fail("expected '(' and the parameters of macro '" + name.name() + "', found " + describe(open), open);
        }
        List<String> params = new ArrayList<>();
        List<String> kwNames = new ArrayList<>();
        List<Expr> kwDefaults = new ArrayList<>();
        for (Expr arg : parseSignature()) {
            if (arg instanceof KwArgsLit kw) {
                kwNames.addAll(kw.keys());
                kwDefaults.addAll(kw.values());
            } else if (arg instanceof Symbol p) {
                params.add(p.name());
            } else {
                throw fail("the parameters of macro '" + name.name() + "' must be names or name=default", open);
            }
        }
        advanceAfterBlockEnd("macro");
        List<Stmt> body = parseUntilBlocks("endmacro");
        closeBlock("endmacro", tag);
        return new Macro(
                name.name(), List.copyOf(params), List.copyOf(kwNames), List.copyOf(kwDefaults), body, at(tag));
    }

    private Stmt parseFilterStatement() {
        Token tag = peekToken();
        skipSymbol("filter");
        Token nameTok = peekToken();
        String name = parseFilterName();
        List<Expr> args = parseFilterArgs();
        advanceAfterBlockEnd("filter");
        Capture body = new Capture(parseUntilBlocks("endfilter"));
        closeBlock("endfilter", tag);
        return new Output(new FilterCall(name, bindFilter(name, nameTok), body, args, at(nameTok)), at(nameTok));
    }

    // ------------------------------------------------------------------ expressions (nunjucks precedence)

    private Expr parseExpression() {
        return parseInlineIf();
    }

    private Expr parseInlineIf() {
        Expr node = parseOr();
        if (skipSymbol("if")) {
            Expr cond = parseOr();
            Expr orElse = skipSymbol("else") ? parseOr() : null;
            node = new InlineIf(cond, node, orElse);
        }
        return node;
    }

    private Expr parseOr() {
        Expr node = parseAnd();
        while (skipSymbol("or")) {
            node = new Or(node, parseAnd());
        }
        return node;
    }

    private Expr parseAnd() {
        Expr node = parseNot();
        while (skipSymbol("and")) {
            node = new And(node, parseNot());
        }
        return node;
    }

    private Expr parseNot() {
        if (skipSymbol("not")) {
            return new Not(parseNot());
        }
        return parseIn();
    }

    private Expr parseIn() {
        Expr node = parseIs();
        while (true) {
            Token tok = nextToken();
            if (tok == null) {
                pushToken(null);
                break;
            }
            boolean invert = tok.type() == Token.Type.SYMBOL && tok.value().equals("not");
            if (!invert) {
                pushToken(tok);
            }
            if (skipSymbol("in")) {
                Expr right = parseIs();
                node = new In(node, right, at(tok));
                if (invert) {
                    node = new Not(node);
                }
            } else {
                if (invert) {
                    pushToken(tok);
                }
                break;
            }
        }
        return node;
    }

    private Expr parseIs() {
        Expr node = parseCompare();
        Token isTok = peekToken();
        if (skipSymbol("is")) {
            boolean not = skipSymbol("not");
            Token testTok = peekToken();
            Expr test = parseCompare();
            String name;
            List<Expr> args = List.of();
            if (test instanceof Call call && call.fn() instanceof Symbol s) {
                name = s.name();
                args = call.args();
            } else if (test instanceof Symbol s) {
                name = s.name();
            } else if (test instanceof Literal l) {
                name = Js.toStr(l.value());
            } else {
                throw fail("expected a test name after 'is', found " + describe(testTok), testTok);
            }
            Builtins.Test fn = Builtins.test(name);
            if (fn == null) {
                throw fail("unknown test '" + name + "'", testTok);
            }
            node = new Is(node, name, fn, args, at(isTok));
            if (not) {
                node = new Not(node);
            }
        }
        return node;
    }

    private Expr parseCompare() {
        Expr expr = parseConcat();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token tok = nextToken();
            if (tok == null) {
                pushToken(null);
                break;
            }
            if (COMPARE_OPS.contains(tok.value())) {
                ops.add(tok.value());
                rest.add(parseConcat());
            } else {
                pushToken(tok);
                break;
            }
        }
        return ops.isEmpty() ? expr : new NjCompare(expr, List.copyOf(ops), List.copyOf(rest));
    }

    private Expr parseConcat() {
        Expr node = parseAdd();
        while (skipValue(Token.Type.TILDE, "~")) {
            node = new NjBinary("~", node, parseAdd());
        }
        return node;
    }

    private Expr parseAdd() {
        Expr node = parseSub();
        while (skipValue(Token.Type.OPERATOR, "+")) {
            node = new NjBinary("+", node, parseSub());
        }
        return node;
    }

    private Expr parseSub() {
        Expr node = parseMul();
        while (skipValue(Token.Type.OPERATOR, "-")) {
            node = new NjBinary("-", node, parseMul());
        }
        return node;
    }

    private Expr parseMul() {
        Expr node = parseDiv();
        while (skipValue(Token.Type.OPERATOR, "*")) {
            node = new NjBinary("*", node, parseDiv());
        }
        return node;
    }

    private Expr parseDiv() {
        Expr node = parseFloorDiv();
        while (skipValue(Token.Type.OPERATOR, "/")) {
            node = new NjBinary("/", node, parseFloorDiv());
        }
        return node;
    }

    private Expr parseFloorDiv() {
        Expr node = parseMod();
        while (skipValue(Token.Type.OPERATOR, "//")) {
            node = new NjFloorDiv(node, parseMod());
        }
        return node;
    }

    private Expr parseMod() {
        Expr node = parsePow();
        while (skipValue(Token.Type.OPERATOR, "%")) {
            node = new NjBinary("%", node, parsePow());
        }
        return node;
    }

    private Expr parsePow() {
        Expr node = parseUnary(false);
        while (skipValue(Token.Type.OPERATOR, "**")) {
            node = new Pow(node, parseUnary(false));
        }
        return node;
    }

    private Expr parseUnary(boolean noFilters) {
        Expr node;
        if (skipValue(Token.Type.OPERATOR, "-")) {
            node = new Neg(parseUnary(true));
        } else if (skipValue(Token.Type.OPERATOR, "+")) {
            node = new Plus(parseUnary(true));
        } else {
            node = parsePrimary(false);
        }
        if (!noFilters) {
            node = parseFilter(node);
        }
        return node;
    }

    private Expr parsePrimary(boolean noPostfix) {
        Token tok = nextToken();
        if (tok == null) {
            throw fail("expected an expression, found the end of the template", null);
        }
        Expr node;
        switch (tok.type()) {
            case STRING -> node = new Literal(tok.value());
            case INT -> node = new Literal(intLiteral(tok.value()));
            case FLOAT -> node = new Literal(Double.parseDouble(tok.value()));
            case BOOLEAN -> node = new Literal(Boolean.valueOf(tok.value()));
            case NONE -> node = new Literal(null);
            case REGEX -> node = regex(tok);
            case SYMBOL -> node = new Symbol(tok.value(), at(tok));
            default -> {
                pushToken(tok);
                node = parseAggregate();
                if (node == null) {
                    throw fail("expected an expression, found " + describe(tok), tok);
                }
            }
        }
        if (!noPostfix) {
            node = parsePostfix(node);
        }
        return node;
    }

    private static Object intLiteral(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return Double.parseDouble(text);
        }
    }

    private Expr regex(Token tok) {
        String v = tok.value();
        int slash = v.lastIndexOf('/');
        String body = v.substring(0, slash);
        String flags = v.substring(slash + 1);
        int f = 0;
        if (flags.contains("i")) {
            f |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        if (flags.contains("m")) {
            f |= Pattern.MULTILINE;
        }
        try {
            return new Regex(Pattern.compile(body, f), flags.contains("g"), "/" + body + "/" + flags);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new TemplateException(
                    "invalid regular expression /" + body + "/: " + e.getDescription(),
                    tok.line() + 1,
                    tok.col() + 1,
                    e);
        }
    }

    private Expr parsePostfix(Expr node) {
        Token tok = peekToken();
        while (tok != null) {
            if (tok.type() == Token.Type.LEFT_PAREN) {
                List<Expr> args = parseSignature();
                node = new Call(node, args, nodeName(node), at(tok));
            } else if (tok.type() == Token.Type.LEFT_BRACKET) {
                Token open = tok;
                ArrayLit lookup = (ArrayLit) parseAggregate();
                if (lookup.items().size() != 1) {
                    throw fail(
                            lookup.items().isEmpty()
                                    ? "expected an index inside '[]'"
                                    : "invalid index: " + "expected one value inside '[]', found "
                                            + lookup.items().size(),
                            open);
                }
                node = new Lookup(node, lookup.items().get(0));
            } else if (tok.type() == Token.Type.OPERATOR && tok.value().equals(".")) {
                nextToken();
                Token val = nextToken();
                if (val == null || val.type() != Token.Type.SYMBOL) {
                    throw fail("expected a name after '.', found " + describe(val), val);
                }
                node = new Lookup(node, new Literal(val.value()));
            } else {
                break;
            }
            tok = peekToken();
        }
        return node;
    }

    private static String nodeName(Expr node) {
        return switch (node) {
            case Symbol s -> s.name();
            case Call c -> "the return value of (" + c.name() + ")";
            case Lookup l ->
                nodeName(l.target()) + "[\""
                        + (l.key() instanceof Literal lit ? Js.toStr(lit.value()) : nodeName(l.key())) + "\"]";
            case Literal l -> Js.toStr(l.value());
            default -> "--expression--";
        };
    }

    private String parseFilterName() {
        Token tok = nextToken();
        if (tok == null || tok.type() != Token.Type.SYMBOL) {
            throw fail("expected a filter name after '|', found " + describe(tok), tok);
        }
        StringBuilder name = new StringBuilder(tok.value());
        while (skipValue(Token.Type.OPERATOR, ".")) {
            Token part = nextToken();
            if (part == null || part.type() != Token.Type.SYMBOL) {
                throw fail("expected a filter name after '.', found " + describe(part), part);
            }
            name.append('.').append(part.value());
        }
        return name.toString();
    }

    private List<Expr> parseFilterArgs() {
        Token next = peekToken();
        if (next != null && next.type() == Token.Type.LEFT_PAREN) {
            return parseSignature();
        }
        return List.of();
    }

    private Expr parseFilter(Expr node) {
        while (skip(Token.Type.PIPE)) {
            Token nameTok = peekToken();
            String name = parseFilterName();
            List<Expr> args = parseFilterArgs();
            node = new FilterCall(name, bindFilter(name, nameTok), node, args, at(nameTok));
        }
        return node;
    }

    private BoundFilter bindFilter(String name, Token at) {
        BoundFilter f = filters.apply(name);
        if (f == null) {
            throw fail("unknown filter '" + name + "'", at);
        }
        return f;
    }

    private Expr parseAggregate() {
        Token tok = nextToken();
        if (tok == null) {
            return null;
        }
        Token.Type type = tok.type();
        if (type != Token.Type.LEFT_PAREN && type != Token.Type.LEFT_BRACKET && type != Token.Type.LEFT_CURLY) {
            return null;
        }
        List<Expr> items = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        while (true) {
            Token next = peekToken();
            if (next == null) {
                throw fail("'" + tok.value() + "' is not closed before the end of the template", tok);
            }
            Token.Type t = next.type();
            if (t == Token.Type.RIGHT_PAREN || t == Token.Type.RIGHT_BRACKET || t == Token.Type.RIGHT_CURLY) {
                nextToken();
                break;
            }
            if (!items.isEmpty() && !skip(Token.Type.COMMA)) {
                throw fail(
                        "expected ',' between the items of '" + tok.value() + "', found " + describe(peekToken()),
                        peekToken());
            }
            if (type == Token.Type.LEFT_CURLY) {
                Token keyTok = peekToken();
                Expr key = parsePrimary(false);
                if (!skip(Token.Type.COLON)) {
                    throw fail("expected ':' after a dict key, found " + describe(peekToken()), peekToken());
                }
                if (key instanceof Symbol s) {
                    keys.add(s.name());
                } else if (key instanceof Literal l && l.value() instanceof String s) {
                    keys.add(s);
                } else {
                    throw fail("dict keys must be names or strings, found " + describe(keyTok), keyTok);
                }
                items.add(parseExpression());
            } else {
                items.add(parseExpression());
            }
        }
        return switch (type) {
            case LEFT_PAREN -> new Group(List.copyOf(items));
            case LEFT_BRACKET -> new ArrayLit(List.copyOf(items));
            default -> new DictLit(List.copyOf(keys), List.copyOf(items));
        };
    }

    /** {@code (a, b, key=c)}: positional arguments, then keyword arguments as one trailing object. */
    private List<Expr> parseSignature() {
        Token open = nextToken();
        List<Expr> args = new ArrayList<>();
        List<String> kwKeys = new ArrayList<>();
        List<Expr> kwValues = new ArrayList<>();
        boolean checkComma = false;
        while (true) {
            Token tok = peekToken();
            if (tok == null) {
                throw fail("'(' is not closed before the end of the template", open);
            }
            if (tok.type() == Token.Type.RIGHT_PAREN) {
                nextToken();
                break;
            }
            if (checkComma && !skip(Token.Type.COMMA)) {
                throw fail("expected ',' between arguments, found " + describe(tok), tok);
            }
            Token argTok = peekToken();
            Expr arg = parseExpression();
            if (skipValue(Token.Type.OPERATOR, "=")) {
                String key;
                if (arg instanceof Symbol s) {
                    key = s.name();
                } else if (arg instanceof Literal l && l.value() instanceof String s) {
                    key = s;
                } else {
                    throw fail("keyword argument names must be names, found " + describe(argTok), argTok);
                }
                kwKeys.add(key);
                kwValues.add(parseExpression());
            } else {
                args.add(arg);
            }
            checkComma = true;
        }
        if (!kwKeys.isEmpty()) {
            args.add(new KwArgsLit(List.copyOf(kwKeys), List.copyOf(kwValues)));
        }
        return List.copyOf(args);
    }

    // ------------------------------------------------------------------ JavaScript re-association

    /**
     * Nunjucks compiles {@code a + b - c} to the JavaScript text {@code a + b - c} without parentheses, so JavaScript's
     * precedence and left associativity decide, not the parse tree ({@code "a" + 1 - 1} is NaN). This flattens each
     * chain of + - * / % ~ and comparisons and rebuilds it the way JavaScript reads it.
     */
    static Expr js(Expr e) {
        if (isChain(e)) {
            List<Object> seq = new ArrayList<>();
            flatten(e, seq);
            int[] pos = {0};
            return build(seq, pos, 0);
        }
        return switch (e) {
            case Group g -> new Group(g.items().stream().map(Parser::js).toList());
            case ArrayLit a -> new ArrayLit(a.items().stream().map(Parser::js).toList());
            case DictLit d ->
                new DictLit(d.keys(), d.values().stream().map(Parser::js).toList());
            case KwArgsLit k ->
                new KwArgsLit(k.keys(), k.values().stream().map(Parser::js).toList());
            case Lookup l -> new Lookup(js(l.target()), js(l.key()));
            case Call c ->
                new Call(js(c.fn()), c.args().stream().map(Parser::js).toList(), c.name(), c.at());
            case FilterCall f ->
                new FilterCall(
                        f.name(),
                        f.filter(),
                        js(f.target()),
                        f.args().stream().map(Parser::js).toList(),
                        f.at());
            case NjFloorDiv f -> floor(f);
            case Pow p -> new Pow(js(p.left()), js(p.right()));
            case Neg n -> new Neg(js(n.target()));
            case Plus p -> new Plus(js(p.target()));
            case Not n -> new Not(js(n.target()));
            case And a -> new And(js(a.left()), js(a.right()));
            case Or o -> new Or(js(o.left()), js(o.right()));
            case In i -> new In(js(i.left()), js(i.right()), i.at());
            case Is i ->
                new Is(
                        js(i.left()),
                        i.test(),
                        i.fn(),
                        i.args().stream().map(Parser::js).toList(),
                        i.at());
            case InlineIf i -> new InlineIf(js(i.cond()), js(i.body()), i.orElse() == null ? null : js(i.orElse()));
            case Capture c -> new Capture(jsAll(c.body()));
            case CallerLit c ->
                new CallerLit(
                        c.params(),
                        c.kwNames(),
                        c.kwDefaults().stream().map(Parser::js).toList(),
                        jsAll(c.body()));
            default -> e;
        };
    }

    private static Expr floor(NjFloorDiv f) {
        List<Object> seq = new ArrayList<>();
        flatten(f.left(), seq);
        seq.add("/");
        flatten(f.right(), seq);
        return new Floor(build(seq, new int[] {0}, 0));
    }

    private static boolean isChain(Expr e) {
        return e instanceof NjBinary || e instanceof NjCompare || (e instanceof Not n && isChain(n.target()));
    }

    private static void flatten(Expr e, List<Object> seq) {
        switch (e) {
            case NjBinary b -> {
                flatten(b.left(), seq);
                if (b.op().equals("~")) {
                    seq.add("+");
                    seq.add(new Literal(""));
                    seq.add("+");
                } else {
                    seq.add(b.op());
                }
                flatten(b.right(), seq);
            }
            case NjCompare c -> {
                flatten(c.first(), seq);
                for (int i = 0; i < c.ops().size(); i++) {
                    seq.add(c.ops().get(i));
                    flatten(c.rest().get(i), seq);
                }
            }
            case Not n
            when isChain(n.target()) -> {
                List<Object> sub = new ArrayList<>();
                flatten(n.target(), sub);
                sub.set(0, new Not((Expr) sub.get(0)));
                seq.addAll(sub);
            }
            default -> seq.add(js(e));
        }
    }

    private static int precedence(String op) {
        return switch (op) {
            case "*", "/", "%" -> 3;
            case "+", "-" -> 2;
            case "<", ">", "<=", ">=" -> 1;
            default -> 0;
        };
    }

    private static Expr build(List<Object> seq, int[] pos, int minPrec) {
        Expr left = (Expr) seq.get(pos[0]++);
        while (pos[0] < seq.size()) {
            String op = (String) seq.get(pos[0]);
            int prec = precedence(op);
            if (prec < minPrec) {
                break;
            }
            pos[0]++;
            Expr right = build(seq, pos, prec + 1);
            left = new Binary(op, left, right);
        }
        return left;
    }
}

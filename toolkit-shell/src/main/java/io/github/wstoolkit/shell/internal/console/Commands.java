package io.github.wstoolkit.shell.internal.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The console's commands: names, usage and help text, in the order {@code /help} lists them. */
final class Commands {

    /** One command: {@code /name args}, a one-line summary and the longer help. */
    record Command(String name, String args, String summary, String help) {
        String usage() {
            return "/" + name + (args.isEmpty() ? "" : " " + args);
        }
    }

    static final List<Command> ALL = List.of(
            new Command(
                    "connect",
                    "URL [-H 'Name: value']... [-s PROTOCOL]...",
                    "open a WebSocket connection (closing the current one)",
                    """
                    URL is ws://, wss://, http:// or https:// and may use {{ env.NAME }}. -H adds a handshake header
                    (repeatable; the value is a Nunjucks template over env and the /set vars, so
                    -H 'Authorization: Bearer {{ env.API_KEY }}' keeps the key out of your history); -s offers a
                    subprotocol (repeatable). Failures read like the provider's: WebSocket connection failed
                    (ECONNREFUSED), (HTTP 401), ..."""),
            new Command("reconnect", "", "connect again with the last URL, headers and subprotocols", ""),
            new Command(
                    "close",
                    "[CODE [REASON]]",
                    "close the connection (default 1000)",
                    "CODE is 1000-1003, 1007-1011 or 3000-4999; REASON is the rest of the line (at most 123 bytes)."),
            new Command(
                    "status",
                    "",
                    "the connection: URL (secrets redacted), subprotocol, open time, frames and bytes each way",
                    ""),
            new Command(
                    "ping",
                    "[TEXT]",
                    "send a ping and show the pong's round-trip time",
                    "TEXT (at most 125 bytes) is the ping's data; the pong must carry it back."),
            new Command(
                    "send",
                    "FILE",
                    "send a file's contents as one frame",
                    "A text frame when the file is UTF-8, else a binary frame. The template is not applied."),
            new Command(
                    "binary",
                    "HEX|base64:DATA",
                    "send a binary frame",
                    "HEX may contain spaces (48 65 6c 6c 6f); base64:SGVsbG8= gives the same bytes."),
            new Command(
                    "template",
                    "[TEXT|file://PATH|off]",
                    "render every typed line through a messageTemplate before sending",
                    """
                    The line is `prompt` and the /set variables are vars, as in a config's messageTemplate:
                      /template {"input": {{ prompt | dump }}}
                    Without an argument, shows the template; `off` sends lines as typed."""),
            new Command(
                    "transform",
                    "[streamResponse|transformStream] CODE|file://PATH[:NAME] | default | off",
                    "apply a Groovy stream transform to each reply; show its output when it says done",
                    """
                    The forms of a provider's streamResponse ({ acc, event, ctx -> ... } returning
                    [accumulator, done]) and transformStream ({ context -> ... } or (message, messages, ctx),
                    returning [done: true, output: ...]). A function of one parameter is taken as a
                    transformStream, any other as a streamResponse; name the kind to choose. `default` is seed
                    000's transformStream (done on type done/complete/finished). Without an argument, shows the
                    transform; `off` removes it."""),
            new Command(
                    "set",
                    "NAME VALUE",
                    "set a variable for templates (vars.NAME in Groovy)",
                    "VALUE is the rest of the line, as text."),
            new Command("unset", "NAME", "remove a variable", ""),
            new Command("vars", "", "list the variables", ""),
            new Command(
                    "json",
                    "[on|off|indent]",
                    "how JSON frames print: on (coloured, indented when long), indent (always), off (as received)",
                    ""),
            new Command(
                    "timings",
                    "[on|off]",
                    "show +ms on frames and a summary per reply (on by default at a terminal)",
                    ""),
            new Command(
                    "call",
                    "[PROVIDER] PROMPT",
                    "call a provider of the -c config (or this connection) and show output, error and timings",
                    """
                    PROVIDER is a provider's label or id; it may be left out when the config has one provider,
                    or with no config (then the current URL, headers, template and transform make a WebSocket
                    provider). PROMPT is a template over the /set vars. Calls of one provider share a
                    conversation (Realtime sessions, persistent WebSocket connections) until /reset.
                    Ctrl-C cancels a call."""),
            new Command("reset", "", "start a new conversation for /call", ""),
            new Command(
                    "eval",
                    "[FILTER]",
                    "run the -c config's tests (those whose description matches the regular expression FILTER)",
                    "Prints the results table and the summary line. Ctrl-C stops the run."),
            new Command(
                    "save",
                    "FILE [equals|contains]",
                    "append the last exchange to FILE as a promptfoo test case",
                    """
                    FILE is a YAML list of tests (created when missing), for a config's tests: file://FILE. The case
                    has the prompt and /set vars as vars, and an equals assertion on the reply's final output
                    (contains, on its first line, when the output is long or has several lines)."""),
            new Command("mock", "", "start the embedded mock server on a free port and print its URL", ""),
            new Command("history", "[N]", "show the last N lines typed (default 20)", ""),
            new Command("debug", "[on|off]", "show stack traces of Groovy and transform errors", ""),
            new Command("help", "[COMMAND]", "list the commands, or explain one", ""),
            new Command("exit", "", "close the connection (1000) and leave; Ctrl-D does the same", ""));

    private Commands() {}

    /** The command named exactly, or by an unambiguous prefix ({@code /con} is /connect). */
    static Optional<Command> find(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        List<Command> matches = new ArrayList<>();
        for (Command c : ALL) {
            if (c.name().equals(n)) {
                return Optional.of(c);
            }
            if (c.name().startsWith(n)) {
                matches.add(c);
            }
        }
        return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
    }

    /** The commands a prefix could mean (empty when none). */
    static List<String> candidates(String prefix) {
        String n = prefix.toLowerCase(Locale.ROOT);
        return ALL.stream().map(Command::name).filter(c -> c.startsWith(n)).toList();
    }
}

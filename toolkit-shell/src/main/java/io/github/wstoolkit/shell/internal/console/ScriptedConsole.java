package io.github.wstoolkit.shell.internal.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The console without a terminal: reads inputs line by line (a frame that opens a JSON object or array, or Groovy
 * with an open bracket, continues on the following lines), runs each with the engine, which in scripted mode waits
 * for the reply of every frame sent, and prints plain text: frames, values and tables on stdout; notes and errors
 * on stderr, errors as {@code wst shell: line N: …}.
 */
public final class ScriptedConsole implements ConsoleListener {

    private final PrintStream out;
    private final PrintStream err;
    private volatile int line;

    public ScriptedConsole(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void event(ConsoleEvent event) {
        String text = event.text().text();
        switch (event) {
            case ConsoleEvent.Problem p -> err.println("wst shell: " + (line > 0 ? "line " + line + ": " : "") + text);
            case ConsoleEvent.Notice n -> err.println("wst shell: " + text);
            case ConsoleEvent.Closed c when !c.byServer() -> err.println("wst shell: " + text);
            default -> out.println(text);
        }
        out.flush();
    }

    /**
     * Runs every input of {@code in} with the engine, then closes the engine.
     *
     * @param failedBefore true when something failed before the first line (the connection from the command line)
     * @return 0 when every input succeeded, 2 when one failed
     */
    public int run(ConsoleEngine engine, InputStream in, boolean failedBefore) throws IOException {
        boolean failed = failedBefore;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            StringBuilder buffer = new StringBuilder();
            int start = 0;
            int number = 0;
            String l;
            while ((l = reader.readLine()) != null) {
                number++;
                if (buffer.isEmpty()) {
                    start = number;
                } else {
                    buffer.append('\n');
                }
                buffer.append(l);
                if (InputSyntax.needsMore(buffer.toString())) {
                    continue;
                }
                line = start;
                String input = buffer.toString();
                buffer.setLength(0);
                if (!engine.execute(input)) {
                    failed = true;
                }
                if (engine.exitRequested()) {
                    break;
                }
            }
            if (!buffer.isEmpty()) {
                line = start;
                event(new ConsoleEvent.Problem(
                        Styled.plain("the input ends inside an unclosed { [ ( or string"),
                        "the input ends inside an unclosed { [ ( or string"));
                failed = true;
            }
        } finally {
            line = 0;
            engine.close();
        }
        out.flush();
        return failed ? 2 : 0;
    }
}

package io.github.wstoolkit.shell.internal.console;

import java.time.Duration;
import java.util.Optional;

/**
 * What the engine reports: each event carries the text to show ({@link #text()}, styled but with no terminal in it)
 * and the facts behind it, which tests assert on. A face renders {@link #text()}; the scripted face writes
 * {@link Notice} and {@link Problem} to stderr and everything else to stdout.
 */
public sealed interface ConsoleEvent {

    Styled text();

    /** A note about the session (connected, closed by us, mock server started); stderr in scripted mode. */
    record Notice(Styled text) implements ConsoleEvent {}

    /** The output of a command ({@code /status}, {@code /vars}, an {@code =} value, {@code /call}'s output, the eval table). */
    record Output(Styled text) implements ConsoleEvent {}

    /** A frame the shell sent. */
    record Sent(Styled text, boolean binary, int size, String payload) implements ConsoleEvent {}

    /**
     * A frame that arrived.
     *
     * @param index 0 for the first frame since the last send
     * @param sinceSend time since the frame that started the reply was sent (or since the connection opened)
     * @param value the parsed JSON of a text frame, its text when it is not JSON, or {@code byte[]}
     */
    record Received(Styled text, int index, Duration sinceSend, Object value) implements ConsoleEvent {}

    /**
     * A reply ended (a transform said done) or went quiet: its output when a transform made one, and its timings.
     *
     * @param output the transform's output, when it said done
     * @param error the transform's error, or the {@code error} of its result
     */
    record Reply(
            Styled text,
            int frames,
            Optional<Duration> firstFrame,
            Optional<Duration> longestGap,
            Optional<Object> output,
            Optional<String> error,
            boolean complete)
            implements ConsoleEvent {}

    /** The connection closed: by the server (or the transport, 1006), or by us. */
    record Closed(Styled text, int code, String reason, boolean byServer) implements ConsoleEvent {}

    /** A command failed, or a transform threw; the shell goes on. stderr in scripted mode. */
    record Problem(Styled text, String message) implements ConsoleEvent {}
}

package io.github.wstoolkit.mockserver.internal;

import java.util.Locale;
import java.util.Optional;

/** The canned replies of the chunk/done server, chosen by case-insensitive substring (first match wins). */
public final class Replies {

    static final String HELLO = "Hello! How can I help you today?";
    static final String AI = "Artificial Intelligence (AI) is a branch of computer science that builds systems able to"
            + " perform tasks that normally require human intelligence, such as understanding language, recognizing"
            + " patterns and making decisions.";
    static final String JOKE = "Why did the programmer quit his job? Because he didn't get arrays!";
    static final String DEFAULT = "I received your message. This is a streaming response being sent token by token.";

    private Replies() {}

    /** The canned reply whose key the prompt contains. */
    public static Optional<String> canned(String prompt) {
        String p = prompt.toLowerCase(Locale.ROOT);
        if (p.contains("hello")) {
            return Optional.of(HELLO);
        }
        if (p.contains("what is ai")) {
            return Optional.of(AI);
        }
        if (p.contains("tell me a joke")) {
            return Optional.of(JOKE);
        }
        return Optional.empty();
    }

    /** The chunk/done server's reply: a canned one, else {@link #DEFAULT}. */
    public static String seed(String prompt) {
        return canned(prompt).orElse(DEFAULT);
    }

    /** The {@code /ws} and {@code /ws-stream} reply: a canned one, else {@code You said: <input>}. */
    public static String echo(String input) {
        return canned(input).orElse("You said: " + input);
    }
}

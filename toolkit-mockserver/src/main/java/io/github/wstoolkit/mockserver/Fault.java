package io.github.wstoolkit.mockserver;

import java.util.Locale;

/**
 * A fault a scenario injects into a connection. Every fault but {@link Refuse} hits the connection's first answer
 * (the frames that answer a prompt), after {@link Scenario#faultAfter()} of its frames and always before its last
 * one; {@link Refuse} hits the handshake.
 *
 * <p>Text form (the {@code fault} query parameter and the scenario file): {@code close:CODE[:REASON]}, {@code stall},
 * {@code malformed}, {@code binary}, {@code error[:MESSAGE]}, {@code refuse:STATUS}, {@code oversized[:BYTES]}.
 */
public sealed interface Fault {

    /** Closes the connection mid-answer with this close code and reason. */
    record Close(int code, String reason) implements Fault {
        public Close {
            if (code < 1000 || code > 4999 || code == 1004 || code == 1005 || code == 1006 || code == 1015) {
                throw new IllegalArgumentException(
                        "close code must be 1000-4999 and not 1004, 1005, 1006 or 1015, got " + code);
            }
            if (reason == null) {
                reason = "";
            }
            if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
                throw new IllegalArgumentException("close reason must be at most 123 bytes of UTF-8");
            }
        }
    }

    /** Stops the answer mid-way and never finishes it; the connection stays open. */
    record Stall() implements Fault {}

    /** Sends a text frame that is not valid JSON ({@value #FRAME}), then goes on with the answer. */
    record Malformed() implements Fault {
        /** The frame sent. */
        public static final String FRAME = "{\"type\":\"chunk\",\"delta\":";
    }

    /** Sends a binary frame (the bytes {@code 00 01 02 ... 0f}), then goes on with the answer. */
    record Binary() implements Fault {}

    /** Replaces the rest of the answer with one error frame in the endpoint's own error shape. */
    record ErrorFrame(String message) implements Fault {
        public ErrorFrame {
            if (message == null || message.isEmpty()) {
                message = "Injected fault";
            }
        }
    }

    /** Refuses the WebSocket handshake with this HTTP status. */
    record Refuse(int status) implements Fault {
        public Refuse {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("refuse status must be an HTTP error status 400-599, got " + status);
            }
        }
    }

    /** Sends one JSON text frame of exactly this many bytes (default 5 MiB), then goes on with the answer. */
    record Oversized(int bytes) implements Fault {
        /** The default size: above the 4 MiB a Tyrus client accepts by default. */
        public static final int DEFAULT_BYTES = 5 * 1024 * 1024;

        public Oversized {
            if (bytes < 32 || bytes > 64 * 1024 * 1024) {
                throw new IllegalArgumentException("oversized frame must be 32 bytes to 64 MiB, got " + bytes);
            }
        }
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    static Fault parse(String text) {
        String t = text.strip();
        int colon = t.indexOf(':');
        String kind = (colon < 0 ? t : t.substring(0, colon)).toLowerCase(Locale.ROOT);
        String arg = colon < 0 ? null : t.substring(colon + 1);
        return switch (kind) {
            case "close" -> {
                if (arg == null || arg.isEmpty()) {
                    throw new IllegalArgumentException("fault close needs a code: close:CODE[:REASON]");
                }
                int c2 = arg.indexOf(':');
                String code = c2 < 0 ? arg : arg.substring(0, c2);
                yield new Close(integer("close code", code), c2 < 0 ? "" : arg.substring(c2 + 1));
            }
            case "stall" -> new Stall();
            case "malformed" -> new Malformed();
            case "binary" -> new Binary();
            case "error" -> new ErrorFrame(arg);
            case "refuse" -> {
                if (arg == null || arg.isEmpty()) {
                    throw new IllegalArgumentException("fault refuse needs an HTTP status: refuse:STATUS");
                }
                yield new Refuse(integer("refuse status", arg));
            }
            case "oversized" ->
                new Oversized(arg == null || arg.isEmpty() ? Oversized.DEFAULT_BYTES : integer("oversized size", arg));
            default ->
                throw new IllegalArgumentException("unknown fault '" + text
                        + "': expected close:CODE[:REASON], stall, malformed, binary, error[:MESSAGE], refuse:STATUS"
                        + " or oversized[:BYTES]");
        };
    }

    /** The text form, which {@link #parse} reads back. */
    static String format(Fault fault) {
        return switch (fault) {
            case Close c -> "close:" + c.code() + (c.reason().isEmpty() ? "" : ":" + c.reason());
            case Stall s -> "stall";
            case Malformed m -> "malformed";
            case Binary b -> "binary";
            case ErrorFrame e -> "error:" + e.message();
            case Refuse r -> "refuse:" + r.status();
            case Oversized o -> "oversized:" + o.bytes();
        };
    }

    private static int integer(String what, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be an integer, got '" + value + "'", e);
        }
    }
}

package io.github.wstoolkit.eval.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

/** Eval ids as promptfoo makes them: {@code eval-} three random letters or digits, then the start time in UTC. */
public final class EvalIds {

    private static final String CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private EvalIds() {}

    /** A new id for a run that started at {@code started} ({@code eval-x7q-2026-12-02T01:05:20}). */
    public static String next(Instant started) {
        StringBuilder sb = new StringBuilder("eval-");
        for (int i = 0; i < 3; i++) {
            sb.append(CHARS.charAt(ThreadLocalRandom.current().nextInt(CHARS.length())));
        }
        return sb.append('-')
                .append(LocalDateTime.ofInstant(started.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
                .toString();
    }
}

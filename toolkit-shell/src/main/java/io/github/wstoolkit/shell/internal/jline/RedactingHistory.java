package io.github.wstoolkit.shell.internal.jline;

import io.github.wstoolkit.shell.internal.console.HistoryRedaction;
import java.time.Instant;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * JLine's history, with literal secrets in {@code /connect} headers, URLs and {@code /set} of credential-like names
 * replaced by {@code [REDACTED]} before a line is kept (in memory and in {@code $WST_HOME/shell-history}); see
 * {@link HistoryRedaction}.
 */
final class RedactingHistory extends DefaultHistory {

    @Override
    public void add(Instant time, String line) {
        super.add(time, HistoryRedaction.redact(line));
    }
}

package io.github.wstoolkit.shell.internal.console;

import io.github.wstoolkit.api.Redaction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a typed line may be written to the history file ({@code $WST_HOME/shell-history}): the line as typed,
 * except literal secrets in the places the shell knows hold them, which become {@code [REDACTED]}:
 *
 * <ul>
 *   <li>values of secret headers ({@code Authorization}, {@code Cookie}, names with key, token, secret, auth) given
 *       with {@code -H}/{@code --header} in {@code /connect} (and {@code wst shell}'s own arguments);
 *   <li>credential-like query values in URLs ({@code ?token=…}, {@code api_key=…}) and the password of
 *       {@code user:password@} in URLs;
 *   <li>the value of {@code /set NAME VALUE} when NAME is credential-like ({@code apiKey}, {@code token}, …).
 * </ul>
 *
 * <p>Values that are templates ({@code Bearer {{ env.API_KEY }}}) hold no secret and are kept, so recalling the line
 * works; that is the way to type a credential at the prompt. Frames (what is sent to the server) are kept as typed.
 * A line typed with a leading space is not recorded at all.
 */
public final class HistoryRedaction {

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:wss?|https?)://[^\\s'\"]+");
    private static final Pattern USER_INFO = Pattern.compile("(?i)^((?:wss?|https?)://[^/@:\\s]*:)([^/@\\s]+)(@)");
    private static final Pattern HEADER =
            Pattern.compile("(-H|--header)(\\s+|=)(['\"]?)([^:'\"\\s][^:'\"]*?)\\s*:\\s*(.*?)\\3(?=\\s|$)");
    private static final Pattern SET = Pattern.compile("^(\\s*/set\\s+)(\\S+)(\\s+)(.+)$", Pattern.DOTALL);

    private static final Pattern QUERY_PARAM = Pattern.compile("([?&;])([^=&#;]+)=((?:\\{\\{.*?\\}\\}|[^&#;])*)");

    private HistoryRedaction() {}

    public static String redact(String line) {
        String out = redactHeaders(line);
        out = redactUrls(out);
        Matcher set = SET.matcher(out);
        if (set.matches()
                && Redaction.isSecretParameter(set.group(2))
                && !set.group(4).contains("{{")) {
            out = set.group(1) + set.group(2) + set.group(3) + Redaction.REDACTED;
        }
        return out;
    }

    private static String redactHeaders(String line) {
        Matcher m = HEADER.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(4).strip();
            String value = m.group(5);
            String replacement = m.group(0);
            if (Redaction.isSecretHeader(name) && !value.contains("{{") && !value.isEmpty()) {
                replacement =
                        m.group(1) + m.group(2) + m.group(3) + m.group(4) + ": " + Redaction.REDACTED + m.group(3);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String redactUrls(String line) {
        Matcher m = URL.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(displayUrl(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * A URL as the shell prints it: credential-like query values and a {@code user:password@} password redacted
     * (templates are kept).
     */
    public static String displayUrl(String url) {
        String out = redactQuery(url);
        Matcher ui = USER_INFO.matcher(out);
        if (ui.find() && !ui.group(2).contains("{{")) {
            out = ui.group(1) + Redaction.REDACTED_IN_URL + ui.group(3) + out.substring(ui.end());
        }
        return out;
    }

    /** {@link Redaction#redactUrl}, except that values holding a template are kept (they hold no secret). */
    private static String redactQuery(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        Matcher m = QUERY_PARAM.matcher(url);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (m.start() < q) {
                continue;
            }
            String value = m.group(3);
            if (Redaction.isSecretParameter(m.group(2)) && !value.isEmpty() && !value.contains("{{")) {
                sb.append(url, last, m.start(3)).append(Redaction.REDACTED_IN_URL);
                last = m.end(3);
            }
        }
        sb.append(url.substring(last));
        return sb.toString();
    }
}

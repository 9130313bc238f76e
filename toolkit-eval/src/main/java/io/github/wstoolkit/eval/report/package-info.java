/**
 * Reports of a finished run, chosen by file extension: {@code .json}, {@code .jsonl}, {@code .csv}, {@code .yaml} /
 * {@code .yml} / {@code .txt}, {@code .xml}, {@code .junit.xml}, {@code .html}. See
 * {@link io.github.wstoolkit.eval.report.Reports}. No report contains a secret: provider ids are redacted, and
 * config values under secret-like keys are replaced with {@code [REDACTED]}.
 */
package io.github.wstoolkit.eval.report;

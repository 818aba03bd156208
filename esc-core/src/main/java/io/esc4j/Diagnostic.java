package io.esc4j;

import java.util.Locale;
import java.util.Objects;

/**
 * One problem found while loading, checking or opening an environment: the environment it
 * belongs to, where, how severe, and what is wrong.
 *
 * <p>Diagnostics are data, not exceptions: evaluation reports every problem of a document in one
 * pass. {@link EnvironmentException} carries all the errors of a failed open. A diagnostic never
 * contains a secret value. Immutable and thread-safe.
 *
 * @param severity error or warning
 * @param environment the name of the environment the position belongs to (may be empty)
 * @param start where the problem starts, or {@link SourcePos#NONE}
 * @param end where it ends (exclusive), or {@link SourcePos#NONE}
 * @param summary what is wrong, lower-case, without a trailing period
 * @param path the document path of the offending node ({@code values.db.url}), or empty
 * @param fix how to fix it, or empty when no fix is known
 */
public record Diagnostic(
    Severity severity,
    String environment,
    SourcePos start,
    SourcePos end,
    String summary,
    String path,
    String fix) {

  /** How severe a diagnostic is. */
  public enum Severity {
    /** The environment cannot be opened. */
    ERROR,
    /** Something is probably wrong, but the environment opens. */
    WARNING
  }

  /** Validates the components. */
  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(fix, "fix");
  }

  /**
   * Creates an error diagnostic.
   *
   * @param environment the environment name
   * @param start the start position
   * @param end the end position
   * @param summary the message
   * @return the diagnostic
   */
  public static Diagnostic error(String environment, SourcePos start, SourcePos end, String summary) {
    return new Diagnostic(Severity.ERROR, environment, start, end, summary, "", "");
  }

  /**
   * Returns whether this is an error.
   *
   * @return {@code true} for {@link Severity#ERROR}
   */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * Returns a copy with a fix hint.
   *
   * @param fixHint how to fix the problem
   * @return the new diagnostic
   */
  public Diagnostic withFix(String fixHint) {
    return new Diagnostic(severity, environment, start, end, summary, path, fixHint);
  }

  /**
   * Returns the compiler-style headline: {@code myapp/dev:12:7: error: unknown property "x"}.
   *
   * @return the headline, one line
   */
  public String headline() {
    String kind = severity == Severity.ERROR ? "error" : "warning";
    String where = environment.isEmpty() ? "<environment>" : environment;
    if (start.isKnown()) {
      where = where + ":" + start.line() + ":" + start.column();
    }
    return String.format(Locale.ROOT, "%s: %s: %s", where, kind, summary);
  }

  @Override
  public String toString() {
    return headline();
  }
}

package io.esc4j.internal.syntax;

import io.esc4j.Diagnostic;
import io.esc4j.SourcePos;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An append-only list of diagnostics that every phase reports into. Not thread-safe. */
public final class Diagnostics {
  private final List<Diagnostic> list = new ArrayList<>();

  /**
   * Reports an error.
   *
   * @param range where
   * @param path the document path, or empty
   * @param summary what
   */
  public void error(Range range, String path, String summary) {
    add(Diagnostic.Severity.ERROR, range, path, summary, "");
  }

  /**
   * Reports a warning.
   *
   * @param range where
   * @param path the document path, or empty
   * @param summary what
   */
  public void warning(Range range, String path, String summary) {
    add(Diagnostic.Severity.WARNING, range, path, summary, "");
  }

  /**
   * Reports a diagnostic.
   *
   * @param severity error or warning
   * @param range where
   * @param path the document path
   * @param summary what
   * @param fix how to fix, or empty
   */
  public void add(Diagnostic.Severity severity, Range range, String path, String summary, String fix) {
    SourcePos start = range.start();
    SourcePos end = range.end();
    list.add(new Diagnostic(severity, range.environment(), start, end, summary, path, fix));
  }

  /**
   * Appends a diagnostic as it is.
   *
   * @param d the diagnostic
   */
  public void add(Diagnostic d) {
    list.add(d);
  }

  /**
   * Appends all of another list.
   *
   * @param other the other diagnostics
   */
  public void addAll(Diagnostics other) {
    list.addAll(other.list);
  }

  /**
   * Whether any error was reported.
   *
   * @return {@code true} when there are errors
   */
  public boolean hasErrors() {
    for (Diagnostic d : list) {
      if (d.isError()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The diagnostics so far.
   *
   * @return an unmodifiable view
   */
  public List<Diagnostic> list() {
    return Collections.unmodifiableList(list);
  }

  /**
   * The number of diagnostics.
   *
   * @return the count
   */
  public int size() {
    return list.size();
  }
}

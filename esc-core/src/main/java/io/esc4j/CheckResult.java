package io.esc4j;

import java.util.List;
import java.util.Optional;

/**
 * The result of a static check: every diagnostic, and the values as far as they can be known
 * without calling providers (their outputs are {@link EscValue.Unknown}).
 *
 * @param environment the checked environment's name
 * @param diagnostics every diagnostic, errors and warnings
 * @param values the checked values, or empty when the document defines nothing
 * @param rendered the compiler-style rendering of the diagnostics (secrets masked)
 */
public record CheckResult(
    String environment, List<Diagnostic> diagnostics, Optional<EscValue.Obj> values, String rendered) {
  /** Copies the list. */
  public CheckResult {
    diagnostics = List.copyOf(diagnostics);
  }

  /**
   * Whether any diagnostic is an error.
   *
   * @return {@code true} when the environment would fail to open
   */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}

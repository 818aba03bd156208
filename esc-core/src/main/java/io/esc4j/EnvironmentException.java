package io.esc4j;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An environment could not be opened. Carries every diagnostic of the attempt; the message lists
 * them like a compiler does:
 *
 * <pre>
 * myapp/dev:12:7: error: unknown property "pasword"; did you mean "password"?
 *    12 |   url: ${db.pasword}
 *       |        ^^^^^^^^^^^^^
 * </pre>
 *
 * <p>The message never contains a secret value: source lines are shown with the text of secret
 * literals masked.
 */
public class EnvironmentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The environment that was being opened. */
  private final String environment;

  /** Every diagnostic of the attempt, errors and warnings, in document order. */
  private final transient List<Diagnostic> diagnostics;

  /**
   * Creates the exception.
   *
   * @param environment the environment being opened
   * @param diagnostics all diagnostics (at least one error)
   * @param rendered the compiler-style rendering of the diagnostics (secrets masked); when no
   *     error is in {@code environment} itself (they are all in environments it imports), the
   *     message starts with a line naming it
   */
  public EnvironmentException(String environment, List<Diagnostic> diagnostics, String rendered) {
    super(header(environment, diagnostics) + rendered);
    this.environment = environment;
    this.diagnostics = List.copyOf(diagnostics);
  }

  private static String header(String environment, List<Diagnostic> diagnostics) {
    boolean own = diagnostics.stream().anyMatch(d -> d.isError() && d.environment().equals(environment));
    boolean any = diagnostics.stream().anyMatch(Diagnostic::isError);
    return own || !any ? "" : "cannot open " + environment + ": an environment it imports has errors\n";
  }

  /**
   * Creates the exception for a single problem without a position.
   *
   * @param environment the environment being opened
   * @param summary what is wrong
   * @return the exception
   */
  public static EnvironmentException of(String environment, String summary) {
    Diagnostic d = Diagnostic.error(environment, SourcePos.NONE, SourcePos.NONE, summary);
    return new EnvironmentException(environment, List.of(d), d.headline());
  }

  /**
   * The environment that was being opened.
   *
   * @return its name
   */
  public String environment() {
    return environment;
  }

  /**
   * Every diagnostic, errors and warnings.
   *
   * @return the diagnostics, unmodifiable
   */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /**
   * The errors only.
   *
   * @return the error diagnostics
   */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).collect(Collectors.toUnmodifiableList());
  }
}

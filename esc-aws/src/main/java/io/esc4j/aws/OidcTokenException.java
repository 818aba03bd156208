package io.esc4j.aws;

/**
 * An {@link OidcTokenSource} could not produce a token. The message says which source failed and
 * why, and never contains a token.
 */
public class OidcTokenException extends Exception {
  /** Serialization version. */
  private static final long serialVersionUID = 1L;

  /** How to fix the problem, or empty. */
  private final String fix;

  /**
   * Creates the exception.
   *
   * @param message what failed (never a token)
   * @param fix how to fix it, or empty
   * @param cause the underlying failure, or {@code null}
   */
  public OidcTokenException(String message, String fix, Throwable cause) {
    super(message, cause);
    this.fix = fix == null ? "" : fix;
  }

  /**
   * How to fix the problem.
   *
   * @return the fix, or empty when none is known
   */
  public String fix() {
    return fix;
  }
}

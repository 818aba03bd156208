package io.esc4j.spi;

/**
 * A provider failed. The message becomes the summary of a diagnostic at the {@code fn::open}
 * site, so it must say what failed and, where known, how to fix it, and must never contain a
 * secret value.
 */
public class ProviderException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;
  private final String fix;
  private String inputPath = "";

  /**
   * Creates a non-retryable failure.
   *
   * @param message what failed (no secrets)
   */
  public ProviderException(String message) {
    this(message, null, false, "");
  }

  /**
   * Creates a failure.
   *
   * @param message what failed (no secrets)
   * @param cause the underlying failure, or {@code null}
   * @param retryable whether trying again may succeed
   * @param fix how to fix it, or empty
   */
  public ProviderException(String message, Throwable cause, boolean retryable, String fix) {
    super(message, cause);
    this.retryable = retryable;
    this.fix = fix == null ? "" : fix;
  }

  /**
   * Points the diagnostic at one input instead of the whole {@code fn::open} call, for errors
   * about a particular input (a malformed role ARN, an unknown secret id).
   *
   * @param path the input's property path relative to the inputs, e.g. {@code oidc.roleArn} or
   *     {@code get.db.secretId}
   * @return this exception
   */
  public ProviderException atInput(String path) {
    this.inputPath = path == null ? "" : path;
    return this;
  }

  /**
   * The input the error is about, when the provider said so.
   *
   * @return the input's property path, or empty for the whole call
   */
  public String inputPath() {
    return inputPath;
  }

  /**
   * Whether trying again may succeed (throttling, a timeout, a 5xx).
   *
   * @return {@code true} when retryable
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * How to fix the problem, when known.
   *
   * @return the fix, or empty
   */
  public String fix() {
    return fix;
  }
}

package io.esc4j;

import java.util.Objects;

/**
 * A string handed to a process (an environment variable's value or a file's content), with
 * whether it is secret.
 *
 * <p>{@link #toString()} shows {@code [secret]} for secret values. Immutable.
 *
 * @param value the plaintext
 * @param secret whether the value came from a secret
 */
public record Variable(String value, boolean secret) {
  /** Validates the value. */
  public Variable {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Returns the plaintext. Do not log it when {@link #secret()} is set.
   *
   * @return the plaintext
   */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return secret ? "[secret]" : value;
  }
}

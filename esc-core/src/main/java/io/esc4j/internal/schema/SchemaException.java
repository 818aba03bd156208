package io.esc4j.internal.schema;

/** A schema document is invalid. */
public final class SchemaException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   */
  public SchemaException(String message) {
    super(message);
  }
}

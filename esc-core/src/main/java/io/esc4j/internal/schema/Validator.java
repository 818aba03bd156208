package io.esc4j.internal.schema;

/** PLACEHOLDER: validates values against schemas (format spec 7.4). */
public final class Validator {
  private Validator() {}

  /**
   * Validates a value against an accepted schema, reporting every failure.
   *
   * @param value the value
   * @param accept the accepted schema
   * @param reporter where errors go
   * @return whether the value is valid
   */
  public static boolean validate(Validatable value, Schema accept, Reporter reporter) {
    return true;
  }
}

package io.esc4j.internal.schema;

/** Receives validation errors. */
@FunctionalInterface
public interface Reporter {
  /**
   * Reports one error.
   *
   * @param location the {@link Validatable#location()} of the value at fault
   * @param summary the message, exactly as the reference evaluator words it
   */
  void error(Object location, String summary);
}

package io.esc4j.internal.eval;

import io.esc4j.CheckResult;
import io.esc4j.Diagnostic;
import io.esc4j.EscValue;
import java.util.List;

/** Entry points from the API into the evaluator. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * An opened environment's values and warnings.
   *
   * @param values the values
   * @param warnings the warnings
   */
  public record Opened(EscValue.Obj values, List<Diagnostic> warnings) {}

  /**
   * Opens (fully evaluates) an environment.
   *
   * @param name the environment name
   * @param session the settings
   * @return the values
   * @throws io.esc4j.EnvironmentException on errors
   */
  public static Opened open(String name, Session session) {
    throw new UnsupportedOperationException("evaluator not yet wired");
  }

  /**
   * Checks an environment statically.
   *
   * @param name the environment name
   * @param session the settings
   * @return the result
   */
  public static CheckResult check(String name, Session session) {
    throw new UnsupportedOperationException("evaluator not yet wired");
  }
}

package io.esc4j.internal.syntax;

import io.esc4j.SourcePos;

/**
 * A span of an environment document.
 *
 * @param environment the environment name
 * @param start the first position
 * @param end the position after the last character
 */
public record Range(String environment, SourcePos start, SourcePos end) {
  /**
   * A range without a position, attributed to an environment.
   *
   * @param environment the environment name
   * @return the range
   */
  public static Range none(String environment) {
    return new Range(environment, SourcePos.NONE, SourcePos.NONE);
  }

  /**
   * Whether this range has a position.
   *
   * @return {@code true} when known
   */
  public boolean isKnown() {
    return start.isKnown();
  }
}

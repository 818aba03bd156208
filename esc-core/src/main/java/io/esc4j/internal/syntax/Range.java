package io.esc4j.internal.syntax;

import io.esc4j.SourcePos;
import java.util.Objects;

/**
 * A span of an environment document.
 *
 * <p>A document keeps one range per node for as long as it is evaluated, so a range holds its
 * two positions as numbers and makes {@link SourcePos} objects only when asked: two objects
 * fewer per node to keep alive (and for the garbage collector to copy) in large documents.
 */
public final class Range {
  private final String environment;
  private final int startLine;
  private final int startColumn;
  private final long startOffset;
  private final int endLine;
  private final int endColumn;
  private final long endOffset;

  /**
   * A span.
   *
   * @param environment the environment name
   * @param start the first position
   * @param end the position after the last character
   */
  public Range(String environment, SourcePos start, SourcePos end) {
    this.environment = environment;
    this.startLine = start.line();
    this.startColumn = start.column();
    this.startOffset = start.offset();
    this.endLine = end.line();
    this.endColumn = end.column();
    this.endOffset = end.offset();
  }

  /**
   * A range from a start position to a line, column and byte offset (no position object made
   * for the end: the decoder makes two ranges per YAML scalar).
   *
   * @param environment the environment name
   * @param start the start
   * @param endLine the end's 1-based line
   * @param endColumn the end's 1-based column
   * @param endOffset the end's byte offset
   */
  public Range(String environment, SourcePos start, int endLine, int endColumn, long endOffset) {
    this.environment = environment;
    this.startLine = start.line();
    this.startColumn = start.column();
    this.startOffset = start.offset();
    this.endLine = endLine;
    this.endColumn = endColumn;
    this.endOffset = endOffset;
  }

  /**
   * A range from a start position to where another range ends.
   *
   * @param environment the environment name
   * @param start the start
   * @param endOf the range whose end this one ends at
   */
  public Range(String environment, SourcePos start, Range endOf) {
    this(environment, start, endOf.endLine, endOf.endColumn, endOf.endOffset);
  }

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
   * The environment name.
   *
   * @return the name
   */
  public String environment() {
    return environment;
  }

  /**
   * The first position.
   *
   * @return the position
   */
  public SourcePos start() {
    return new SourcePos(startLine, startColumn, startOffset);
  }

  /**
   * The position after the last character.
   *
   * @return the position
   */
  public SourcePos end() {
    return new SourcePos(endLine, endColumn, endOffset);
  }

  /**
   * Whether the range has a real position.
   *
   * @return whether it is known
   */
  public boolean isKnown() {
    return startLine > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Range r && startLine == r.startLine && startColumn == r.startColumn
        && startOffset == r.startOffset && endLine == r.endLine && endColumn == r.endColumn
        && endOffset == r.endOffset && Objects.equals(environment, r.environment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(environment, startLine, startColumn, startOffset, endLine, endColumn, endOffset);
  }

  @Override
  public String toString() {
    return "Range[environment=" + environment + ", start=" + start() + ", end=" + end() + "]";
  }
}

package io.esc4j;

/**
 * A position in an environment document: 1-based line and column, and a 0-based byte offset.
 *
 * <p>Columns count Unicode code points, as YAML parsers report them. {@link #NONE} stands for
 * "no position" (for example a YAML syntax error the parser could not place). Immutable.
 *
 * @param line 1-based line, or 0 for {@link #NONE}
 * @param column 1-based column in code points, or 0 for {@link #NONE}
 * @param offset 0-based byte offset into the document, or -1 for {@link #NONE}
 */
public record SourcePos(int line, int column, long offset) {
  /** The absent position. */
  public static final SourcePos NONE = new SourcePos(0, 0, -1);

  /**
   * Returns whether this is a real position.
   *
   * @return {@code false} for {@link #NONE}
   */
  public boolean isKnown() {
    return line > 0;
  }

  @Override
  public String toString() {
    return isKnown() ? line + ":" + column : "?";
  }
}

package io.esc4j.internal.syntax;

import java.util.List;

/**
 * A YAML node with its source range and document path ({@code values.db.url}, {@code imports[0]}).
 * The output of {@link YamlDecoder}; the only representation of YAML the rest of esc-core sees.
 */
public sealed interface YamlNode {
  /**
   * Where the node is.
   *
   * @return the range
   */
  Range range();

  /**
   * The document path of the node.
   *
   * @return the path, empty at the root
   */
  String path();

  /** The resolved type of a scalar. */
  enum Kind {
    /** {@code null}, {@code ~} or empty. */
    NULL,
    /** {@code true} or {@code false}. */
    BOOL,
    /** A number; {@link Scalar#value()} holds its decimal text. */
    NUMBER,
    /** Anything else. */
    STRING
  }

  /** How a scalar was written. */
  enum Style {
    /** Unquoted. */
    PLAIN,
    /** Single- or double-quoted. */
    QUOTED,
    /** A {@code |} or {@code >} block. */
    BLOCK
  }

  /**
   * A scalar.
   *
   * @param range the range
   * @param path the document path
   * @param kind the resolved type
   * @param value the text: the string, the number's decimal text, {@code true}/{@code false}
   * @param style how it was written
   * @param singleLine whether it sits on one line of the source
   */
  record Scalar(Range range, String path, Kind kind, String value, Style style, boolean singleLine)
      implements YamlNode {
    /**
     * Whether sub-ranges inside this scalar map to source columns (single-line, plain).
     *
     * @return {@code true} when offsets inside the value can be placed exactly
     */
    public boolean hasExactOffsets() {
      return style == Style.PLAIN && singleLine;
    }
  }

  /**
   * A sequence.
   *
   * @param range the range
   * @param path the document path
   * @param items the elements
   */
  record Sequence(Range range, String path, List<YamlNode> items) implements YamlNode {}

  /**
   * A mapping, entries in document order (duplicates kept).
   *
   * @param range the range
   * @param path the document path
   * @param entries the entries
   */
  record Mapping(Range range, String path, List<Entry> entries) implements YamlNode {}

  /**
   * A mapping entry.
   *
   * @param key the key scalar
   * @param value the value node
   */
  record Entry(Scalar key, YamlNode value) {}
}

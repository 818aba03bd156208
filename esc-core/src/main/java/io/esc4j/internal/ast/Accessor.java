package io.esc4j.internal.ast;

import io.esc4j.internal.syntax.Range;

/** One step of a property access: {@code .name}, {@code ["key"]} or {@code [0]}. */
public sealed interface Accessor {
  /**
   * Where the accessor is in the source, or {@code null} when it cannot be placed exactly.
   *
   * @return the range or {@code null}
   */
  Range range();

  /**
   * The key this accessor names when used on an object, or {@code null} for an integer index.
   *
   * @return the key
   */
  String key();

  /**
   * A name accessor ({@code .name} or the leading name).
   *
   * @param name the name
   * @param range the source range, or {@code null}
   */
  record Name(String name, Range range) implements Accessor {
    @Override
    public String key() {
      return name;
    }
  }

  /**
   * A string subscript ({@code ["key"]}).
   *
   * @param name the key
   * @param range the source range, or {@code null}
   */
  record Key(String name, Range range) implements Accessor {
    @Override
    public String key() {
      return name;
    }
  }

  /**
   * An integer subscript ({@code [0]}).
   *
   * @param index the index (may be negative)
   * @param range the source range, or {@code null}
   */
  record Index(long index, Range range) implements Accessor {
    @Override
    public String key() {
      return null;
    }
  }
}

package io.esc4j.internal.ast;

import io.esc4j.internal.syntax.Range;
import io.esc4j.internal.syntax.YamlNode;
import java.util.List;

/**
 * An expression of an environment document: the AST the evaluator walks. Every expression keeps
 * its syntax node (for ranges and document paths). A {@code null} child means "missing" (a parse
 * error left a hole); it evaluates to an unknown value.
 */
public sealed interface Expr {
  /**
   * The source range of the syntax this expression was parsed from. Expressions keep the range
   * and the path of their syntax, not the YAML nodes, so a document's node tree is garbage once
   * it is parsed.
   *
   * @return the range, or {@code null} for synthesized expressions
   */
  Range range();

  /**
   * The document path of the syntax this expression was parsed from.
   *
   * @return the path, or {@code null} for synthesized expressions
   */
  String path();

  /**
   * The source range.
   *
   * @param env the environment name to use when there is no syntax
   * @return the range
   */
  default Range range(String env) {
    Range r = range();
    return r != null ? r : Range.none(env);
  }

  /**
   * The document path of the syntax node.
   *
   * @return the path, or empty
   */
  default String docPath() {
    String p = path();
    return p != null ? p : "";
  }

  private static Range rangeOf(YamlNode n) {
    return n == null ? null : n.range();
  }

  private static String pathOf(YamlNode n) {
    return n == null ? null : n.path();
  }

  /** A literal kind. */
  enum LitKind {
    /** null. */
    NULL,
    /** a boolean. */
    BOOL,
    /** a number (decimal text). */
    NUMBER,
    /** a string. */
    STRING
  }

  /**
   * A literal.
   *
   * @param range the source range, or {@code null}
   * @param path the document path, or {@code null}
   * @param kind the kind
   * @param value the text
   */
  record Literal(Range range, String path, LitKind kind, String value) implements Expr {
    /**
     * A literal parsed from a node.
     *
     * @param syntax the node
     * @param kind the kind
     * @param value the text
     */
    public Literal(YamlNode syntax, LitKind kind, String value) {
      this(rangeOf(syntax), pathOf(syntax), kind, value);
    }
  }

  /**
   * One piece of an interpolation: text, then an optional access.
   *
   * @param text the literal text before the access (unescaped)
   * @param access the access, or {@code null}
   */
  record Part(String text, List<Accessor> access) {}

  /**
   * A string with {@code ${...}} parts; always evaluates to a string.
   *
   * @param range the source range, or {@code null}
   * @param path the document path, or {@code null}
   * @param parts the parts
   */
  record Interpolate(Range range, String path, List<Part> parts) implements Expr {
    /**
     * An interpolation parsed from a node.
     *
     * @param syntax the node
     * @param parts the parts
     */
    public Interpolate(YamlNode syntax, List<Part> parts) {
      this(rangeOf(syntax), pathOf(syntax), parts);
    }
  }

  /**
   * A whole-value reference {@code "${a.b}"}; keeps the referent's type.
   *
   * @param range the source range, or {@code null}
   * @param path the document path, or {@code null}
   * @param access the accessors (at least one)
   */
  record Symbol(Range range, String path, List<Accessor> access) implements Expr {
    /**
     * A reference parsed from a node.
     *
     * @param syntax the node
     * @param access the accessors (at least one)
     */
    public Symbol(YamlNode syntax, List<Accessor> access) {
      this(rangeOf(syntax), pathOf(syntax), access);
    }
  }

  /**
   * A sequence.
   *
   * @param range the source range, or {@code null}
   * @param path the document path, or {@code null}
   * @param elements the elements ({@code null} = missing)
   */
  record Array(Range range, String path, List<Expr> elements) implements Expr {
    /**
     * An array parsed from a node.
     *
     * @param syntax the node
     * @param elements the elements ({@code null} = missing)
     */
    public Array(YamlNode syntax, List<Expr> elements) {
      this(rangeOf(syntax), pathOf(syntax), elements);
    }
  }

  /**
   * An object entry.
   *
   * @param keyRange the key's source range
   * @param keyPath the key's document path
   * @param key the key
   * @param value the value ({@code null} = missing)
   */
  record Entry(Range keyRange, String keyPath, String key, Expr value) {
    /**
     * An entry parsed from its key's node.
     *
     * @param keyNode the key's node
     * @param key the key
     * @param value the value ({@code null} = missing)
     */
    public Entry(YamlNode.Scalar keyNode, String key, Expr value) {
      this(keyNode.range(), keyNode.path(), key, value);
    }
  }

  /**
   * A mapping that is not a builtin call.
   *
   * @param range the source range, or {@code null}
   * @param path the document path, or {@code null}
   * @param entries the entries in document order (duplicates kept)
   */
  record Object(Range range, String path, List<Entry> entries) implements Expr {
    /**
     * An object parsed from a node.
     *
     * @param syntax the node
     * @param entries the entries in document order (duplicates kept)
     */
    public Object(YamlNode syntax, List<Entry> entries) {
      this(rangeOf(syntax), pathOf(syntax), entries);
    }
  }

  /** The builtin functions. */
  enum Fn {
    OPEN, ROTATE, SECRET, JOIN, SPLIT, CONCAT, TO_JSON, FROM_JSON, TO_STRING, TO_BASE64,
    FROM_BASE64, FINAL, VALIDATE
  }

  /**
   * A builtin call: a single-key mapping {@code fn::NAME: arg}.
   *
   * @param range the source range of the call mapping, or {@code null}
   * @param path the document path of the call mapping, or {@code null}
   * @param fn which builtin
   * @param name the key as written ({@code fn::open::aws-login})
   * @param arg the argument as written ({@code null} = missing)
   * @param args the parsed arguments, by builtin: open {provider, inputs}; rotate {provider,
   *     inputs, state}; secret {plaintext} or {ciphertext}; join/split {delimiter, values};
   *     validate {schema, value}; others {value}. Missing pieces are {@code null}.
   * @param provider the provider/rotator name for open and rotate, or {@code null}
   * @param malformed whether the argument had a shape error (the call then evaluates to unknown)
   * @param ciphertext whether a secret call holds ciphertext
   */
  record Builtin(
      Range range,
      String path,
      Fn fn,
      String name,
      Expr arg,
      List<Expr> args,
      String provider,
      boolean malformed,
      boolean ciphertext)
      implements Expr {
    /**
     * A call parsed from its mapping.
     *
     * @param syntax the call mapping
     * @param fn which builtin
     * @param name the key as written
     * @param arg the argument as written ({@code null} = missing)
     * @param args the parsed arguments (see the record)
     * @param provider the provider/rotator name, or {@code null}
     * @param malformed whether the argument had a shape error
     * @param ciphertext whether a secret call holds ciphertext
     */
    public Builtin(YamlNode syntax, Fn fn, String name, Expr arg, List<Expr> args, String provider, boolean malformed,
        boolean ciphertext) {
      this(rangeOf(syntax), pathOf(syntax), fn, name, arg, args, provider, malformed, ciphertext);
    }

    /**
     * The i-th parsed argument.
     *
     * @param i the index
     * @return the argument or {@code null}
     */
    public Expr arg(int i) {
      return i < args.size() ? args.get(i) : null;
    }
  }
}

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
   * The syntax node this expression was parsed from.
   *
   * @return the node, or {@code null} for synthesized expressions
   */
  YamlNode syntax();

  /**
   * The source range.
   *
   * @param env the environment name to use when there is no syntax
   * @return the range
   */
  default Range range(String env) {
    YamlNode s = syntax();
    return s != null ? s.range() : Range.none(env);
  }

  /**
   * The document path of the syntax node.
   *
   * @return the path, or empty
   */
  default String docPath() {
    YamlNode s = syntax();
    return s != null ? s.path() : "";
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
   * @param syntax the node
   * @param kind the kind
   * @param value the text
   */
  record Literal(YamlNode syntax, LitKind kind, String value) implements Expr {}

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
   * @param syntax the node
   * @param parts the parts
   */
  record Interpolate(YamlNode syntax, List<Part> parts) implements Expr {}

  /**
   * A whole-value reference {@code "${a.b}"}; keeps the referent's type.
   *
   * @param syntax the node
   * @param access the accessors (at least one)
   */
  record Symbol(YamlNode syntax, List<Accessor> access) implements Expr {}

  /**
   * A sequence.
   *
   * @param syntax the node
   * @param elements the elements ({@code null} = missing)
   */
  record Array(YamlNode syntax, List<Expr> elements) implements Expr {}

  /**
   * An object entry.
   *
   * @param keyNode the key's node
   * @param key the key
   * @param value the value ({@code null} = missing)
   */
  record Entry(YamlNode.Scalar keyNode, String key, Expr value) {}

  /**
   * A mapping that is not a builtin call.
   *
   * @param syntax the node
   * @param entries the entries in document order (duplicates kept)
   */
  record Object(YamlNode syntax, List<Entry> entries) implements Expr {}

  /** The builtin functions. */
  enum Fn {
    OPEN, ROTATE, SECRET, JOIN, SPLIT, CONCAT, TO_JSON, FROM_JSON, TO_STRING, TO_BASE64,
    FROM_BASE64, FINAL, VALIDATE
  }

  /**
   * A builtin call: a single-key mapping {@code fn::NAME: arg}.
   *
   * @param syntax the call mapping
   * @param fn which builtin
   * @param name the key as written ({@code fn::open::aws-login})
   * @param nameNode the key's node
   * @param arg the argument as written ({@code null} = missing)
   * @param args the parsed arguments, by builtin: open {provider, inputs}; rotate {provider,
   *     inputs, state}; secret {plaintext} or {ciphertext}; join/split {delimiter, values};
   *     validate {schema, value}; others {value}. Missing pieces are {@code null}.
   * @param provider the provider/rotator name for open and rotate, or {@code null}
   * @param malformed whether the argument had a shape error (the call then evaluates to unknown)
   * @param ciphertext whether a secret call holds ciphertext
   */
  record Builtin(
      YamlNode syntax,
      Fn fn,
      String name,
      YamlNode.Scalar nameNode,
      Expr arg,
      List<Expr> args,
      String provider,
      boolean malformed,
      boolean ciphertext)
      implements Expr {
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

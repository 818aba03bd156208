package io.esc4j.internal.eval;

import io.esc4j.internal.ast.Expr;
import io.esc4j.internal.schema.Schema;
import io.esc4j.internal.syntax.Range;
import java.util.List;
import java.util.Map;

/**
 * An expression as the evaluator sees it: the AST node plus evaluation state (declared,
 * evaluating, done), the memoised value, the base it is layered over, and its children.
 * Evaluation of one node happens at most once per evaluation.
 */
final class Node {
  enum State { DECLARED, EVALUATING, DONE }

  /** What kind of node this is. */
  enum Kind { MISSING, LITERAL, INTERPOLATE, SYMBOL, ARRAY, OBJECT, BUILTIN, SYNTHETIC }

  final Kind kind;
  final Expr expr; // null for MISSING and SYNTHETIC
  /** The path for messages, computed when first needed from the parent's (see {@link #path()}). */
  private String path;
  private final Node parent;
  private final String key;
  private final int index;
  final String env;
  Value base;
  Schema schema;
  State state = State.DECLARED;
  Value value;
  boolean secret;

  List<Node> elements; // ARRAY
  Map<String, Node> properties; // OBJECT (first occurrence wins), in document order
  List<Node> args; // BUILTIN: parsed arguments as nodes
  Schema inputSchema = Schema.always();
  Schema stateSchema = Schema.always();

  Node(Kind kind, Expr expr, String path, String env, Schema schema, Value base) {
    this(kind, expr, path, null, null, -1, env, schema, base);
  }

  /**
   * A node whose path is its parent's joined with {@code key}, or with {@code [index]} when the
   * key is null.
   */
  Node(Kind kind, Expr expr, Node parent, String key, int index, String env, Schema schema, Value base) {
    this(kind, expr, null, parent, key, index, env, schema, base);
  }

  private Node(Kind kind, Expr expr, String path, Node parent, String key, int index, String env, Schema schema,
      Value base) {
    this.kind = kind;
    this.expr = expr;
    this.path = path;
    this.parent = parent;
    this.key = key;
    this.index = index;
    this.env = env;
    this.schema = schema;
    this.base = base;
  }

  /** The node's path, e.g. {@code app.ports[0]}. */
  String path() {
    String p = path;
    if (p == null) {
      String up = parent.path();
      p = key != null ? io.esc4j.internal.syntax.YamlDecoder.joinKey(up, key) : up + "[" + index + "]";
      path = p;
    }
    return p;
  }

  /** A node already done, holding a synthesized value (imports, context, inline references). */
  static Node synthetic(String env, String path) {
    Node n = new Node(Kind.SYNTHETIC, null, path, env, Schema.always(), null);
    n.state = State.DONE;
    return n;
  }

  Range range() {
    return expr != null ? expr.range(env) : Range.none(env);
  }

  String docPath() {
    return expr != null ? expr.docPath() : "";
  }

  Expr.Builtin builtin() {
    return (Expr.Builtin) expr;
  }

  Node arg(int i) {
    return args != null && i < args.size() ? args.get(i) : null;
  }
}

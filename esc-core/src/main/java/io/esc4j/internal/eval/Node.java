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
  final String path;
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
    this.kind = kind;
    this.expr = expr;
    this.path = path;
    this.env = env;
    this.schema = schema;
    this.base = base;
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

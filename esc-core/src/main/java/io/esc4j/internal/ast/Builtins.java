package io.esc4j.internal.ast;

import io.esc4j.internal.syntax.Diagnostics;
import io.esc4j.internal.syntax.YamlNode;
import java.util.Arrays;
import java.util.List;

/** Shapes the argument of each builtin call at parse time (see the format spec, section 4). */
final class Builtins {
  private Builtins() {}

  static Expr parse(Parser p, YamlNode.Mapping call, YamlNode.Scalar nameNode, String name,
      YamlNode arg, Diagnostics diags) {
    if (name.equals("fn::open") || name.startsWith("fn::open::")) {
      return open(p, call, nameNode, name, arg, diags);
    }
    if (name.equals("fn::rotate") || name.startsWith("fn::rotate::")) {
      return rotate(p, call, nameNode, name, arg, diags);
    }
    return switch (name) {
      case "fn::secret" -> secret(p, call, nameNode, name, arg, diags);
      case "fn::join" -> pair(p, call, nameNode, name, Expr.Fn.JOIN, arg, diags);
      case "fn::split" -> pair(p, call, nameNode, name, Expr.Fn.SPLIT, arg, diags);
      case "fn::concat" -> concat(p, call, nameNode, name, arg, diags);
      case "fn::validate" -> validate(p, call, nameNode, name, arg, diags);
      default -> unary(p, call, nameNode, name, arg);
    };
  }

  private static Expr.Builtin make(YamlNode call, Expr.Fn fn, String name, YamlNode.Scalar nameNode,
      Expr arg, String provider, boolean malformed, boolean ciphertext, Expr... args) {
    return new Expr.Builtin(call, fn, name, arg, Arrays.asList(args), provider, malformed, ciphertext);
  }

  private static Expr unary(Parser p, YamlNode.Mapping call, YamlNode.Scalar nameNode, String name, YamlNode arg) {
    Expr.Fn fn = switch (name) {
      case "fn::toJSON" -> Expr.Fn.TO_JSON;
      case "fn::fromJSON" -> Expr.Fn.FROM_JSON;
      case "fn::toString" -> Expr.Fn.TO_STRING;
      case "fn::toBase64" -> Expr.Fn.TO_BASE64;
      case "fn::fromBase64" -> Expr.Fn.FROM_BASE64;
      case "fn::final" -> Expr.Fn.FINAL;
      default -> throw new IllegalStateException("unhandled builtin " + name);
    };
    Expr a = p.expr(arg);
    return make(call, fn, name, nameNode, a, null, false, false, a);
  }

  private static YamlNode.Entry find(YamlNode.Mapping m, String key) {
    for (YamlNode.Entry e : m.entries()) {
      if (e.key().value().equals(key)) {
        return e;
      }
    }
    return null;
  }

  /** The {@code provider} of a long-form call: a string literal, or a diagnostic and null. */
  private static Expr.Literal providerName(Parser p, YamlNode.Mapping m, Diagnostics diags) {
    YamlNode.Entry pe = find(m, "provider");
    if (pe == null) {
      diags.error(m.range(), m.path(), "missing provider name ('provider')");
      return null;
    }
    if (pe.value() instanceof YamlNode.Scalar ps && ps.kind() == YamlNode.Kind.STRING
        && p.expr(ps) instanceof Expr.Literal lit) {
      return lit;
    }
    YamlNode at = pe.value() != null ? pe.value() : pe.key();
    diags.error(at.range(), at.path(), "provider name must be a string literal");
    return null;
  }

  /** The {@code inputs} of a call; a diagnostic when absent (then null). */
  private static Expr inputs(Parser p, YamlNode.Mapping m, Diagnostics diags) {
    YamlNode.Entry ie = find(m, "inputs");
    if (ie == null) {
      diags.error(m.range(), m.path(), "missing provider inputs ('inputs')");
      return null;
    }
    return p.expr(ie.value());
  }

  private static Expr open(Parser p, YamlNode.Mapping call, YamlNode.Scalar nameNode, String name,
      YamlNode arg, Diagnostics diags) {
    if (name.startsWith("fn::open::")) {
      String provider = name.substring("fn::open::".length());
      Expr inputs = p.expr(arg);
      return make(call, Expr.Fn.OPEN, name, nameNode, inputs, provider, false, false, null, inputs);
    }
    if (!(arg instanceof YamlNode.Mapping m)) {
      Expr argExpr = p.expr(arg);
      diags.error(arg.range(), arg.path(),
          "the argument to fn::open must be an object containing 'provider' and 'inputs'");
      return make(call, Expr.Fn.OPEN, name, nameNode, argExpr, null, true, false, null, null);
    }
    Expr argExpr = null;
    Expr.Literal providerExpr = providerName(p, m, diags);
    Expr inputs = inputs(p, m, diags);
    boolean bad = providerExpr == null || inputs == null && find(m, "inputs") == null;
    return make(call, Expr.Fn.OPEN, name, nameNode, argExpr, providerExpr == null ? null : providerExpr.value(),
        bad, false, providerExpr, inputs);
  }

  private static Expr rotate(Parser p, YamlNode.Mapping call, YamlNode.Scalar nameNode, String name,
      YamlNode arg, Diagnostics diags) {
    boolean shortForm = name.startsWith("fn::rotate::");
    Expr argExpr = null;
    if (!(arg instanceof YamlNode.Mapping m)) {
      diags.error(arg.range(), arg.path(), shortForm
          ? "the argument to fn::rotate must be an object containing 'inputs' and 'state'"
          : "the argument to fn::rotate must be an object containing 'provider', 'inputs' and 'state'");
      return make(call, Expr.Fn.ROTATE, name, nameNode, p.expr(arg),
          shortForm ? name.substring("fn::rotate::".length()) : null, true, false, null, null, null);
    }
    boolean bad = false;
    String provider = null;
    Expr.Literal providerExpr = null;
    if (shortForm) {
      provider = name.substring("fn::rotate::".length());
    } else {
      providerExpr = providerName(p, m, diags);
      bad = providerExpr == null;
      provider = bad ? null : providerExpr.value();
    }
    Expr inputs = inputs(p, m, diags);
    bad |= find(m, "inputs") == null;
    YamlNode.Entry se = find(m, "state");
    Expr state = null;
    if (se != null) {
      if (se.value() instanceof YamlNode.Mapping) {
        state = p.expr(se.value());
      } else if (se.value() instanceof YamlNode.Scalar ss && ss.kind() == YamlNode.Kind.NULL) {
        state = p.expr(se.value());
      } else {
        YamlNode at = se.value() != null ? se.value() : se.key();
        diags.error(at.range(), at.path(), "rotation state must be an object literal");
        bad = true;
      }
    }
    return make(call, Expr.Fn.ROTATE, name, nameNode, argExpr, provider, bad, false, providerExpr, inputs, state);
  }

  private static Expr secret(Parser p, YamlNode.Mapping call, YamlNode.Scalar nameNode, String name,
      YamlNode arg, Diagnostics diags) {
    if (arg instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.STRING) {
      p.source().mask(s.range());
      Expr e = p.expr(s);
      if (e instanceof Expr.Literal lit) {
        return make(call, Expr.Fn.SECRET, name, nameNode, lit, null, false, false, lit);
      }
    }
    if (arg instanceof YamlNode.Mapping m && m.entries().size() == 1
        && m.entries().get(0).key().value().equals("ciphertext")
        && m.entries().get(0).value() instanceof YamlNode.Scalar cs && cs.kind() == YamlNode.Kind.STRING) {
      Expr.Literal ct = new Expr.Literal(cs, Expr.LitKind.STRING, cs.value());
      return make(call, Expr.Fn.SECRET, name, nameNode, null, null, false, true, ct);
    }
    p.source().mask(arg.range());
    diags.error(arg.range(), arg.path(), "secret values must be string literals");
    return make(call, Expr.Fn.SECRET, name, nameNode, null, null, true, false, (Expr) null);
  }

  private static Expr pair(Parser p, YamlNode.Mapping call, YamlNode.Scalar nameNode, String name,
      Expr.Fn fn, YamlNode arg, Diagnostics diags) {
    Expr argExpr = p.expr(arg);
    if (argExpr instanceof Expr.Array a && a.elements().size() == 2) {
      return make(call, fn, name, nameNode, argExpr, null, false, false, a.elements().get(0), a.elements().get(1));
    }
    diags.error(arg.range(), arg.path(), "the argument to " + name + " must be a two-valued list");
    return make(call, fn, name, nameNode, argExpr, null, true, false, null, null);
  }

  private static Expr concat(Parser p, YamlNode.Mapping call, YamlNode.Scalar nameNode, String name,
      YamlNode arg, Diagnostics diags) {
    Expr argExpr = p.expr(arg);
    if (!(argExpr instanceof Expr.Array)) {
      diags.error(arg.range(), arg.path(), "the argument to fn::concat must be an array of arrays");
    }
    // a non-list argument is still evaluated and type-checked, as the reference does
    return make(call, Expr.Fn.CONCAT, name, nameNode, argExpr, null, false, false, argExpr);
  }

  private static Expr validate(Parser p, YamlNode.Mapping call, YamlNode.Scalar nameNode, String name,
      YamlNode arg, Diagnostics diags) {
    if (!(arg instanceof YamlNode.Mapping m)) {
      Expr argExpr = p.expr(arg);
      diags.error(arg.range(), arg.path(),
          "the argument to fn::validate must be an object containing 'schema' and 'value'");
      return make(call, Expr.Fn.VALIDATE, name, nameNode, argExpr, null, true, false, null, null);
    }
    Expr argExpr = null;
    YamlNode.Entry se = find(m, "schema");
    YamlNode.Entry ve = find(m, "value");
    boolean bad = false;
    if (se == null) {
      diags.error(m.range(), m.path(), "missing required property 'schema'");
      bad = true;
    }
    if (ve == null) {
      diags.error(m.range(), m.path(), "missing required property 'value'");
      bad = true;
    }
    Expr schema = se == null ? null : p.expr(se.value());
    Expr value = ve == null ? null : p.expr(ve.value());
    return make(call, Expr.Fn.VALIDATE, name, nameNode, argExpr, null, bad, false, schema, value);
  }
}

package io.esc4j.internal.ast;

import io.esc4j.internal.syntax.Diagnostics;
import io.esc4j.internal.syntax.Range;
import io.esc4j.internal.syntax.SourceText;
import io.esc4j.internal.syntax.YamlNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns decoded YAML into an {@link EnvironmentDecl}: top-level keys, imports, and expressions
 * ({@code ${...}} parsed once, here; builtin calls recognised and their arguments shaped).
 *
 * <p>Problems become diagnostics and holes ({@code null} expressions); parsing never stops early.
 */
public final class Parser {
  private final String env;
  private final SourceText source;
  private final Diagnostics diags;

  private Parser(String env, SourceText source, Diagnostics diags) {
    this.env = env;
    this.source = source;
    this.diags = diags;
  }

  /**
   * Parses a decoded document.
   *
   * @param env the environment name
   * @param source the source text
   * @param root the root node ({@code null} for an empty document)
   * @param diags where problems go
   * @return the declaration
   */
  public static EnvironmentDecl parse(String env, SourceText source, YamlNode root, Diagnostics diags) {
    return new Parser(env, source, diags).document(root);
  }

  private EnvironmentDecl document(YamlNode root) {
    List<EnvironmentDecl.Import> imports = new ArrayList<>();
    List<Expr.Entry> values = new ArrayList<>();
    int importCount = 0;
    String description = null;
    if (root == null || (root instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.NULL)) {
      return new EnvironmentDecl(env, source, imports, 0, values, null);
    }
    if (!(root instanceof YamlNode.Mapping m)) {
      diags.error(root.range(), root.path(), "environment must be an object");
      return new EnvironmentDecl(env, source, imports, 0, values, null);
    }
    YamlNode importsNode = null;
    YamlNode valuesNode = null;
    YamlNode descriptionNode = null;
    List<String> seen = new ArrayList<>();
    for (YamlNode.Entry e : m.entries()) {
      String k = e.key().value();
      if (seen.contains(k)) {
        diags.warning(e.key().range(), e.key().path(), "duplicate key \"" + k + "\"");
      }
      seen.add(k);
      switch (k.toLowerCase(Locale.ROOT)) {
        case "imports" -> importsNode = orNull(e.value(), e.key());
        case "values" -> valuesNode = orNull(e.value(), e.key());
        case "description" -> descriptionNode = orNull(e.value(), e.key());
        default -> diags.warning(e.key().range(), e.key().path(), unknownField(k));
      }
    }
    if (importsNode != null) {
      if (importsNode instanceof YamlNode.Sequence seq) {
        importCount = seq.items().size();
        for (int i = 0; i < seq.items().size(); i++) {
          EnvironmentDecl.Import imp = importDecl(seq.items().get(i), seq, i);
          if (imp != null) {
            imports.add(imp);
          }
        }
      } else {
        diags.error(importsNode.range(), importsNode.path(), "imports must be a list");
      }
    }
    if (valuesNode != null) {
      if (valuesNode instanceof YamlNode.Mapping vm) {
        for (YamlNode.Entry e : vm.entries()) {
          String k = e.key().value();
          if (k.startsWith("fn::")) {
            diags.error(e.key().range(), e.key().path(),
                "builtin function call \"" + k + "\" not allowed at the top level");
          }
          values.add(new Expr.Entry(e.key(), k, expr(e.value())));
        }
      } else {
        diags.error(valuesNode.range(), valuesNode.path(), "values must be an object");
      }
    }
    if (descriptionNode != null) {
      if (descriptionNode instanceof YamlNode.Scalar ds && ds.kind() == YamlNode.Kind.STRING) {
        description = ds.value();
      } else {
        diags.error(descriptionNode.range(), descriptionNode.path(), "description must be a string");
      }
    }
    return new EnvironmentDecl(env, source, imports, importCount, values, description);
  }

  /** A key with no value is a null scalar at the key's end. */
  private YamlNode orNull(YamlNode v, YamlNode.Scalar key) {
    if (v != null) {
      return v;
    }
    return new YamlNode.Scalar(new Range(env, key.range().end(), key.range().end()), key.path(),
        YamlNode.Kind.NULL, "", YamlNode.Style.PLAIN, true);
  }

  private static String unknownField(String k) {
    String[] names = {"description", "imports", "values"};
    String folded = k.toLowerCase(Locale.ROOT).replace("_", "");
    List<String> sorted = new ArrayList<>(Arrays.asList(names));
    sorted.sort(Comparator.comparingInt(n -> levenshtein(folded, n)));
    StringBuilder sb = new StringBuilder("Field '" + k + "' does not exist on Object 'environment'. Existing fields are: ");
    for (int i = 0; i < sorted.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('\'').append(sorted.get(i)).append('\'');
    }
    return sb.toString();
  }

  /**
   * Byte-wise Levenshtein distance.
   *
   * @param a one string
   * @param b the other
   * @return the edit distance
   */
  public static int levenshtein(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    int[] prev = new int[y.length + 1];
    int[] cur = new int[y.length + 1];
    for (int j = 0; j <= y.length; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= x.length; i++) {
      cur[0] = i;
      for (int j = 1; j <= y.length; j++) {
        int cost = x[i - 1] == y[j - 1] ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[y.length];
  }

  private EnvironmentDecl.Import importDecl(YamlNode n, YamlNode.Sequence seq, int i) {
    if (n == null) {
      // an empty entry ("- " with nothing after it): the reference places it after the dash
      n = emptyAt(seq, i);
    }
    if (n instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.STRING) {
      return new EnvironmentDecl.Import(s.value(), s, true);
    }
    if (n instanceof YamlNode.Mapping m) {
      if (m.entries().size() != 1) {
        diags.error(m.range(), m.path(), "import must have a single key");
        return null;
      }
      YamlNode.Entry e = m.entries().get(0);
      boolean merge = true;
      YamlNode opts = e.value();
      if (!(opts instanceof YamlNode.Mapping om)) {
        YamlNode at = opts != null ? opts : e.key();
        diags.error(at.range(), at.path(), "import must be an object");
        return null;
      }
      for (YamlNode.Entry o : om.entries()) {
        if (o.key().value().equals("merge")) {
          if (o.value() instanceof YamlNode.Scalar ms && ms.kind() == YamlNode.Kind.BOOL) {
            merge = ms.value().equals("true");
          } else {
            YamlNode at = o.value() != null ? o.value() : o.key();
            diags.error(at.range(), at.path(), "merge must be a boolean value");
            return null;
          }
        }
      }
      return new EnvironmentDecl.Import(e.key().value(), e.key(), merge);
    }
    diags.error(n.range(), n.path(), "import must be a string or an object");
    return null;
  }

  private YamlNode emptyAt(YamlNode.Sequence seq, int i) {
    return new YamlNode.Scalar(seq.range(), seq.path() + "[" + i + "]", YamlNode.Kind.NULL, "",
        YamlNode.Style.PLAIN, true);
  }

  // ---------------------------------------------------------------- expressions

  /**
   * Parses an expression node.
   *
   * @param n the node ({@code null} gives {@code null})
   * @return the expression, or {@code null} for a missing node
   */
  Expr expr(YamlNode n) {
    if (n == null) {
      return null;
    }
    if (n instanceof YamlNode.Scalar s) {
      return switch (s.kind()) {
        case NULL -> new Expr.Literal(s, Expr.LitKind.NULL, "");
        case BOOL -> new Expr.Literal(s, Expr.LitKind.BOOL, s.value());
        case NUMBER -> new Expr.Literal(s, Expr.LitKind.NUMBER, s.value());
        case STRING -> string(s);
      };
    }
    if (n instanceof YamlNode.Sequence seq) {
      List<Expr> elems = new ArrayList<>(seq.items().size());
      for (YamlNode item : seq.items()) {
        elems.add(expr(item));
      }
      return new Expr.Array(seq, java.util.Collections.unmodifiableList(elems));
    }
    YamlNode.Mapping m = (YamlNode.Mapping) n;
    Expr fn = builtin(m);
    if (fn != null) {
      return fn;
    }
    List<Expr.Entry> entries = new ArrayList<>();
    for (YamlNode.Entry e : m.entries()) {
      Expr k = string(e.key());
      Expr v = expr(e.value());
      if (k instanceof Expr.Literal lit) {
        entries.add(new Expr.Entry(e.key(), lit.value(), v));
      } else {
        diags.error(e.key().range(), e.key().path(), "object keys must be strings");
      }
    }
    return new Expr.Object(m, List.copyOf(entries));
  }

  private Expr string(YamlNode.Scalar s) {
    if (s.value().indexOf('$') < 0) {
      return new Expr.Literal(s, Expr.LitKind.STRING, s.value()); // no interpolation: the common case
    }
    List<Expr.Part> parts = Interpolation.parse(s, diags);
    if (parts.size() == 1 && parts.get(0).access() == null) {
      return new Expr.Literal(s, Expr.LitKind.STRING, parts.get(0).text());
    }
    if (parts.isEmpty()) {
      return new Expr.Literal(s, Expr.LitKind.STRING, "");
    }
    if (parts.size() == 1 && parts.get(0).text().isEmpty()) {
      return new Expr.Symbol(s, parts.get(0).access());
    }
    return new Expr.Interpolate(s, parts);
  }

  private static final List<String> BUILTINS = List.of(
      "fn::open", "fn::rotate", "fn::secret", "fn::join", "fn::split", "fn::concat", "fn::toJSON",
      "fn::fromJSON", "fn::toString", "fn::toBase64", "fn::fromBase64", "fn::final", "fn::validate");

  private static boolean isBuiltinName(String k) {
    return BUILTINS.contains(k)
        || (k.startsWith("fn::open::") && k.length() > "fn::open::".length())
        || (k.startsWith("fn::rotate::") && k.length() > "fn::rotate::".length());
  }

  private Expr builtin(YamlNode.Mapping m) {
    if (m.entries().size() > 1) {
      for (YamlNode.Entry e : m.entries()) {
        if (e.key().value().startsWith("fn::")) {
          diags.error(m.range(), m.path(), "illegal call to builtin function: \"" + e.key().value()
              + "\" must be the only key within its containing object");
        }
      }
      return null;
    }
    if (m.entries().size() != 1) {
      return null;
    }
    YamlNode.Entry e = m.entries().get(0);
    String k = e.key().value();
    if (!isBuiltinName(k)) {
      if (k.regionMatches(true, 0, "fn::", 0, 4)) { // as toLowerCase(ROOT).startsWith: only F, N fold to f, n
        diags.error(e.key().range(), e.key().path(), "'fn::' is a reserved prefix");
      }
      return null;
    }
    YamlNode argNode = e.value();
    if (argNode == null) {
      argNode = orNull(null, e.key());
    }
    return Builtins.parse(this, m, e.key(), k, argNode, diags);
  }

  String env() {
    return env;
  }

  SourceText source() {
    return source;
  }
}

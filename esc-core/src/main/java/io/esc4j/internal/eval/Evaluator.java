package io.esc4j.internal.eval;

import io.esc4j.Diagnostic;
import io.esc4j.EscValue;
import io.esc4j.internal.ast.Accessor;
import io.esc4j.internal.ast.EnvironmentDecl;
import io.esc4j.internal.ast.Expr;
import io.esc4j.internal.ast.Parser;
import io.esc4j.internal.schema.GoText;
import io.esc4j.internal.schema.Schema;
import io.esc4j.internal.schema.SchemaException;
import io.esc4j.internal.schema.Validator;
import io.esc4j.internal.syntax.Diagnostics;
import io.esc4j.internal.syntax.Range;
import io.esc4j.internal.syntax.YamlDecoder;
import io.esc4j.spi.CryptoException;
import io.esc4j.spi.Provider;
import io.esc4j.spi.Rotator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates one environment document (the root or an import) into a {@link Value}.
 *
 * <p><b>Phases.</b> Per environment: imports (in list order, depth
 * first, each environment at most once per evaluation, cycles reported), then declaration of the
 * document's values as {@link Node}s layered over the merged imports, then evaluation of the root
 * object. Object properties are evaluated in ascending key order and references on demand, so
 * diagnostics (cycles especially) are deterministic.
 *
 * <p><b>Invariants.</b> Each node is evaluated at most once (declared, evaluating, done); a node
 * re-entered while evaluating is a reference cycle. Values read from elsewhere are deep-copied
 * before being merged, because merging mutates. Nothing here throws for bad documents: every
 * problem is a diagnostic and the affected value becomes unknown.
 *
 * <p><b>Providers.</b> {@code fn::open} calls go through {@link Shared#calls}: in a collecting
 * pass they are started concurrently and read as unknown until done; the pass that finds every
 * call finished is the result (see {@link Evaluation}). Calls of providers that declare they do
 * not block run on the spot and are never unknown. The {@code context} object is built when a
 * document first reads it or calls a provider.
 */
final class Evaluator {
  /** What every environment of one evaluation shares. */
  static final class Shared {
    final Session session;
    final Mode mode;
    final boolean showSecrets;
    final Diagnostics diags = new Diagnostics();
    /** Environments in the order their evaluation started (the order matters for reuse). */
    final Map<String, Imported> imports = new LinkedHashMap<>();
    final Map<String, io.esc4j.internal.syntax.SourceText> sources = new HashMap<>();
    final Loader loader;
    final Calls calls;
    final List<List<Object>> rotatePaths;
    final List<Patch> patches = new ArrayList<>();
    final String rootName;
    /** Imports settled in an earlier pass of the same open, by name (see {@link Settled}). */
    final Map<String, Settled> settled;
    /** How many environments are being evaluated (nested imports): the import depth. */
    int evaluating;

    Shared(Session session, Mode mode, boolean showSecrets, Loader loader, Calls calls,
        List<List<Object>> rotatePaths, String rootName, Map<String, Settled> settled) {
      this.session = session;
      this.mode = mode;
      this.showSecrets = showSecrets;
      this.loader = loader;
      this.calls = calls;
      this.rotatePaths = rotatePaths;
      this.rootName = rootName;
      this.settled = settled;
    }
  }

  /**
   * An import whose evaluation read no unfinished provider call: a later pass of the same open
   * would evaluate it to the same value with the same diagnostics (the documents, the context and
   * everything evaluated before it are the same in every pass), so the later pass reuses it, and
   * registers the environments it evaluated on the way, instead of evaluating it again.
   *
   * @param value the import's value
   * @param diagnostics what loading and evaluating it reported, nested imports included
   * @param evaluated the environments whose evaluation started during it, itself first, in order
   */
  record Settled(Value value, List<Diagnostic> diagnostics, List<Map.Entry<String, Value>> evaluated) {}

  enum Mode { EVAL, CHECK, ROTATE }

  static final class Imported {
    boolean evaluating = true;
    /** Whether its evaluation in this pass read an unfinished provider call. */
    boolean readPending;
    Value value;
  }

  /** Loads documents: bytes, or an error text for the diagnostic. */
  interface Loader {
    /**
     * Loads an environment.
     *
     * @param name the name
     * @return the bytes
     * @throws LoadException with the message to report
     */
    byte[] load(String name) throws LoadException;

    /**
     * The parsed form of a document, parsed at most once per open.
     *
     * @param key the cache key
     * @param parse how to parse it
     * @return the parsed document
     */
    default Parsed parsed(String key, java.util.function.Supplier<Parsed> parse) {
      return parse.get();
    }

    /**
     * The source of a document parsed earlier in this open.
     *
     * @param name the environment name
     * @return the source, or {@code null} when it was not parsed
     */
    default io.esc4j.internal.syntax.SourceText source(String name) {
      return null;
    }
  }

  /** A document could not be loaded. */
  static final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;
    final String fix;

    LoadException(String message, String fix) {
      super(message, null, false, false);
      this.fix = fix;
    }
  }

  /**
   * A rotation result.
   *
   * @param docPath the document path of the state to replace
   * @param replacement the new state
   */
  record Patch(String docPath, EscValue replacement) {}

  private final Shared sh;
  private final String name;
  private final EnvironmentDecl decl;
  private final boolean isRoot;
  private final boolean validating;
  private final boolean rotating;
  private Value myContext;
  private Value myImports;
  private Node root;
  private Value base;

  Evaluator(Shared sh, String name, EnvironmentDecl decl, boolean isRoot) {
    this.sh = sh;
    this.name = name;
    this.decl = decl;
    this.isRoot = isRoot;
    this.validating = sh.mode == Mode.CHECK;
    this.rotating = sh.mode == Mode.ROTATE && isRoot;
  }

  /** Parses a document, recording its source; returns null when it has load errors. */
  /**
   * A parsed document with the diagnostics of parsing it. Parsing is pure, so one open parses
   * each document once, however many evaluation passes it takes.
   *
   * @param source the source text
   * @param decl the declaration, or {@code null} after a YAML syntax error
   * @param diags the diagnostics of parsing
   */
  record Parsed(io.esc4j.internal.syntax.SourceText source, EnvironmentDecl decl, Diagnostics diags) {}

  static Parsed parse(Shared sh, String name, byte[] bytes) {
    Diagnostics local = new Diagnostics();
    YamlDecoder.Result r = YamlDecoder.decode(name, bytes, sh.session.limits(), local);
    EnvironmentDecl decl = null;
    if (!r.syntaxError()) {
      decl = Parser.parse(name, r.source(), r.root(), local);
    }
    return new Parsed(r.source(), decl, local);
  }

  /** Parses an import (once per open); returns null when it has load errors. */
  static EnvironmentDecl load(Shared sh, String name, byte[] bytes) {
    Parsed p = sh.loader.parsed(name, () -> parse(sh, name, bytes));
    sh.sources.put(name, p.source());
    sh.diags.addAll(p.diags());
    return p.diags().hasErrors() ? null : p.decl();
  }

  /** Parses the root: unlike imports, a root with AST errors is still evaluated. */
  static EnvironmentDecl loadRoot(Shared sh, String name, byte[] bytes) {
    Parsed p = sh.loader.parsed("\u0000root\u0000" + name, () -> parse(sh, name, bytes));
    sh.sources.put(name, p.source());
    sh.diags.addAll(p.diags());
    return p.decl();
  }

  // ------------------------------------------------------------------ diagnostics

  private void error(Node x, String summary) {
    sh.diags.error(x.range(), x.docPath(), summary);
  }

  private void error(Node x, String summary, String fix) {
    sh.diags.add(Diagnostic.Severity.ERROR, x.range(), x.docPath(), summary, fix);
  }

  private void accessorError(Node x, Accessor a, String summary) {
    Range r = a.range() != null ? a.range() : x.range();
    sh.diags.error(r, x.docPath(), summary);
  }

  // ------------------------------------------------------------------ declaration

  /** Schemas every evaluation uses, built once (schemas are immutable). */
  private static final Schema STRING = Schema.string();
  private static final Schema ARRAY_OF_STRING = Schema.array(Schema.string());
  private static final Schema ARRAY_ANY = Schema.array(Schema.always());
  private static final Schema ARRAY_OF_ARRAYS = Schema.array(Schema.array(Schema.always()));
  private static final Schema OBJECT_ANY = Schema.object(Schema.always());

  /** Declares a top-level value, or a builtin's argument (path ""). */
  private Node declare(String path, Expr x, Value base) {
    return declare(null, path, -1, x, base);
  }

  /**
   * Declares the node of an expression: under {@code parent} at {@code key} (or {@code index} when
   * the key is null), or, without a parent, with {@code key} as its path. Paths are built only
   * when a message needs one.
   */
  private Node declare(Node parent, String key, int index, Expr x, Value base) {
    if (x == null) {
      return node(Node.Kind.MISSING, null, parent, key, index, Schema.always(), base);
    }
    if (x instanceof Expr.Literal) {
      // a literal's schema is inferred from its value when (rarely) needed
      return node(Node.Kind.LITERAL, x, parent, key, index, null, base);
    }
    if (x instanceof Expr.Interpolate) {
      return node(Node.Kind.INTERPOLATE, x, parent, key, index, STRING, base);
    }
    if (x instanceof Expr.Symbol) {
      return node(Node.Kind.SYMBOL, x, parent, key, index, Schema.always(), base);
    }
    if (x instanceof Expr.Array a) {
      Node n = node(Node.Kind.ARRAY, x, parent, key, index, ARRAY_ANY, base);
      n.elements = new ArrayList<>(a.elements().size());
      for (int i = 0; i < a.elements().size(); i++) {
        n.elements.add(declare(n, null, i, a.elements().get(i), null));
      }
      return n;
    }
    if (x instanceof Expr.Object o) {
      Node n = node(Node.Kind.OBJECT, x, parent, key, index, OBJECT_ANY, base);
      n.properties = new LinkedHashMap<>(Math.max(4, (int) (o.entries().size() / 0.75f) + 1));
      for (Expr.Entry e : o.entries()) {
        if (n.properties.containsKey(e.key())) {
          sh.diags.error(e.keyRange(), e.keyPath(), "duplicate key \"" + e.key() + "\"");
        } else {
          Value pb = base == null ? null : base.property(e.key());
          Node child = declare(n, e.key(), -1, e.value(), pb);
          // a malformed call (not the only key) is an ordinary object, but its argument is still meant to be secret
          child.secret = e.key().equals("fn::secret");
          n.properties.put(e.key(), child);
        }
      }
      return n;
    }
    Expr.Builtin b = (Expr.Builtin) x;
    Schema s = switch (b.fn()) {
      case JOIN, TO_JSON, TO_STRING, TO_BASE64, FROM_BASE64, SECRET -> STRING;
      case SPLIT -> ARRAY_OF_STRING;
      case CONCAT -> ARRAY_ANY;
      default -> Schema.always();
    };
    Node n = node(Node.Kind.BUILTIN, x, parent, key, index, s, base);
    n.args = new ArrayList<>(b.args().size());
    for (int i = 0; i < b.args().size(); i++) {
      Node c = declare("", b.args().get(i), null);
      if (b.fn() == Expr.Fn.SECRET) {
        c.secret = true;
      }
      n.args.add(c);
    }
    return n;
  }

  private Node node(Node.Kind kind, Expr x, Node parent, String key, int index, Schema schema, Value base) {
    return parent == null
        ? new Node(kind, x, key, name, schema, base)
        : new Node(kind, x, parent, key, index, name, schema, base);
  }

  // ------------------------------------------------------------------ driver

  Value evaluate() {
    Imported mine = new Imported();
    sh.imports.put(name, mine);
    sh.evaluating++;
    int pendingBefore = sh.calls.pendingReads();
    try {
      Value v = evaluateEnvironment();
      mine.value = v;
      if (!isRoot && v.object() != null && sh.calls.pendingReads() == pendingBefore) {
        // its own values exported now, while in cache: the root's export finds them done
        // (Value.export keeps its result). Not those layered over an import: their export holds
        // every layer below, and doing it in each document of a chain would cost its square. Nor
        // when it read an unfinished call: the next pass evaluates it again.
        for (Value p : v.object().values()) {
          if (p.base == null) {
            p.export();
          }
        }
      }
      return v;
    } finally {
      mine.evaluating = false;
      mine.readPending = sh.calls.pendingReads() != pendingBefore;
      sh.evaluating--;
    }
  }

  private Value evaluateEnvironment() {
    evaluateImports();
    Node r = new Node(Node.Kind.OBJECT, null, "<" + name + ">", name, OBJECT_ANY, base);
    r.properties = new LinkedHashMap<>();
    root = r;
    for (Expr.Entry e : decl.values()) {
      String key = e.key();
      if (key.equals("imports") || key.equals("context") || key.equals("environments")) {
        sh.diags.error(e.keyRange(), e.keyPath(), "\"" + key + "\" is a reserved key");
      } else if (r.properties.containsKey(key)) {
        sh.diags.error(e.keyRange(), e.keyPath(), "duplicate key \"" + key + "\"");
      } else {
        Node child = declare(key, e.value(), base == null ? null : base.property(key));
        child.secret = key.equals("fn::secret"); // a builtin at the top level: still a secret
        r.properties.put(key, child);
      }
    }
    return evaluateExpr(r, Schema.always());
  }

  /** The {@code context} object, built at its first use (most documents never read it). */
  private Value myContext() {
    if (myContext == null) {
      evaluateContext();
    }
    return myContext;
  }

  private EscValue.Obj contextValue() {
    if (contextValue == null) {
      evaluateContext();
    }
    return contextValue;
  }

  private void evaluateContext() {
    Map<String, EscValue> m = new LinkedHashMap<>(sh.session.context().toValue().properties());
    String rootName = sh.rootName.isEmpty() || sh.rootName.equals("<yaml>") ? name : sh.rootName;
    m.put("currentEnvironment", EscValue.Obj.of(Map.of("name", EscValue.Str.of(name))));
    m.put("rootEnvironment", EscValue.Obj.of(Map.of("name", EscValue.Str.of(rootName))));
    Node def = Node.synthetic(name, "");
    EscValue.Obj ctx = EscValue.Obj.of(m);
    myContext = unexport(ctx, def);
    contextValue = ctx;
  }

  private EscValue.Obj contextValue;

  private void evaluateImports() {
    Map<String, Value> mineImports = new LinkedHashMap<>();
    for (EnvironmentDecl.Import imp : decl.imports()) {
      evaluateImport(mineImports, imp.name(), imp.nameNode().range(), imp.nameNode().path(), imp.merge());
    }
    Node def = Node.synthetic(name, "");
    Value v = new Value(def);
    v.repr = mineImports;
    def.value = v;
    myImports = v;
  }

  private int importDepth() {
    return sh.evaluating;
  }

  /** Loads and evaluates an import (or reuses it); returns null when it failed. */
  private Value evaluateImport(Map<String, Value> into, String envName, Range at, String atPath, boolean merge) {
    Value val;
    Imported prior = sh.imports.get(envName);
    if (prior != null) {
      if (prior.evaluating) {
        sh.diags.error(at, atPath, "cyclic import of " + envName);
        return null;
      }
      val = prior.value;
      if (prior.readPending) {
        // its value holds unknowns of this pass: so does whatever evaluates over it, which must
        // not be settled for reuse (it would keep them in every later pass)
        sh.calls.readPendingAgain();
      }
    } else {
      if (importDepth() >= sh.session.limits().maxImportDepth()) {
        sh.diags.add(Diagnostic.Severity.ERROR, at, atPath,
            "imports are nested more than " + sh.session.limits().maxImportDepth() + " levels deep",
            "raise EvalLimits.maxImportDepth");
        return null;
      }
      byte[] bytes;
      try {
        bytes = sh.loader.load(envName);
      } catch (LoadException e) {
        sh.diags.add(Diagnostic.Severity.ERROR, at, atPath, e.getMessage(), e.fix);
        return null;
      }
      Settled done = sh.settled.get(envName);
      if (done != null) {
        val = reuse(done);
      } else {
        int diagsBefore = sh.diags.size();
        int importsBefore = sh.imports.size();
        int pendingBefore = sh.calls.pendingReads();
        EnvironmentDecl d = load(sh, envName, bytes);
        Evaluator imp = new Evaluator(sh, envName, d != null ? d : emptyDecl(envName), false);
        val = imp.evaluate();
        if (sh.calls.pendingReads() == pendingBefore && sh.mode == Mode.EVAL) {
          settle(envName, val, diagsBefore, importsBefore);
        }
      }
    }
    if (val == null) {
      return null;
    }
    into.put(envName, val);
    if (merge) {
      // merging mutates the upper value, never the base: only an import merged over something
      // needs its own copy (the imported value is shared with every other importer); an import
      // that already has everything merged so far below it (it imports them itself) is the merge
      if (base == null || val.layeredOver(base)) {
        base = val;
      } else {
        Value c = Value.copy(val);
        c.merge(base);
        base = c;
      }
    }
    return val;
  }

  private void settle(String envName, Value val, int diagsBefore, int importsBefore) {
    List<Diagnostic> diags = List.copyOf(sh.diags.list().subList(diagsBefore, sh.diags.size()));
    List<Map.Entry<String, Value>> evaluated = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, Imported> e : sh.imports.entrySet()) {
      if (i++ >= importsBefore) {
        if (e.getValue().value == null) {
          return; // not finished: nothing to reuse
        }
        evaluated.add(Map.entry(e.getKey(), e.getValue().value));
      }
    }
    sh.settled.put(envName, new Settled(val, diags, evaluated));
  }

  private Value reuse(Settled done) {
    for (Map.Entry<String, Value> e : done.evaluated()) {
      Imported i = new Imported();
      i.evaluating = false;
      i.value = e.getValue();
      sh.imports.put(e.getKey(), i);
      io.esc4j.internal.syntax.SourceText src = sh.loader.source(e.getKey());
      if (src != null) {
        sh.sources.put(e.getKey(), src);
      }
    }
    done.diagnostics().forEach(sh.diags::add);
    return done.value();
  }

  private static EnvironmentDecl emptyDecl(String envName) {
    return new EnvironmentDecl(envName, new io.esc4j.internal.syntax.SourceText(envName, ""),
        List.of(), 0, List.of(), null);
  }

  // ------------------------------------------------------------------ expressions

  Value evaluateExpr(Node x, Schema accept) {
    switch (x.state) {
      case DONE:
        return x.value;
      case EVALUATING:
        error(x, "cyclic reference to " + x.path());
        return Value.unknown(x, Schema.always());
      default:
        x.state = Node.State.EVALUATING;
    }
    Value val;
    try {
      if (x.base != null && x.base.fin) {
        sh.diags.warning(x.range(), x.docPath(), "cannot override final value");
        val = x.base;
        x.value = val;
        return val;
      }
      val = switch (x.kind) {
        case MISSING, SYNTHETIC -> Value.unknown(x, x.schema);
        case LITERAL -> literal(x);
        case INTERPOLATE -> interpolate(x);
        case SYMBOL -> propertyAccess(x, ((Expr.Symbol) x.expr).access(), accept);
        case ARRAY -> array(x, accept);
        case OBJECT -> object(x, accept);
        case BUILTIN -> builtin(x);
      };
      if (x.secret) {
        val.secret = true;
      }
      val.merge(x.base);
      x.value = val;
      return val;
    } finally {
      x.state = Node.State.DONE;
    }
  }

  private boolean evaluateTyped(Node x, Schema accept, Value[] out) {
    Value v = evaluateExpr(x, accept);
    out[0] = v;
    return Validator.validate(v, accept, (loc, summary) -> {
      Node n = loc instanceof Node nn ? nn : x;
      sh.diags.error(n.range(), n.docPath(), summary);
    });
  }

  private Value literal(Node x) {
    Expr.Literal lit = (Expr.Literal) x.expr;
    Value v = new Value(x);
    v.repr = switch (lit.kind()) {
      case NULL -> null;
      case BOOL -> lit.value().equals("true");
      case NUMBER -> new Value.Num(lit.value());
      case STRING -> lit.value();
    };
    return v;
  }

  private Value array(Node x, Schema accept) {
    Value v = new Value(x);
    List<Value> items = new ArrayList<>(x.elements.size());
    for (int i = 0; i < x.elements.size(); i++) {
      items.add(evaluateExpr(x.elements.get(i), accept.isAlways() ? accept : accept.item(i)));
    }
    v.repr = items;
    return v;
  }

  // a plain lambda, not Map.Entry.comparingByKey: the JDK's serializable comparators are linked
  // at first use by spinning classes that class-data sharing does not keep (cold start)
  private static final java.util.Comparator<Map.Entry<String, Node>> BY_KEY =
      (a, b) -> EscValue.Obj.KEY_ORDER.compare(a.getKey(), b.getKey());

  private Value object(Node x, Schema accept) {
    Value v = new Value(x);
    // ascending key order (deterministic cycle reports); a list sort is linear on sorted runs
    List<Map.Entry<String, Node>> props = new ArrayList<>(x.properties.entrySet());
    props.sort(BY_KEY);
    Map<String, Value> obj = new LinkedHashMap<>((int) (props.size() / 0.75f) + 1);
    for (Map.Entry<String, Node> e : props) {
      String k = e.getKey();
      obj.put(k, evaluateExpr(e.getValue(), accept.isAlways() ? accept : accept.property(k)));
    }
    v.repr = obj;
    return v;
  }

  private Value interpolate(Node x) {
    Expr.Interpolate ix = (Expr.Interpolate) x.expr;
    Value v = new Value(x);
    v.schema = x.schema;
    StringBuilder sb = new StringBuilder();
    for (Expr.Part p : ix.parts()) {
      sb.append(p.text());
      if (p.access() != null) {
        Value pv = propertyAccess(x, p.access(), Schema.always());
        Value.ToStr t = pv.toStr();
        v.unknown = v.unknown || t.unknown();
        v.secret = v.secret || t.secret();
        v.rotateOnly = v.rotateOnly || pv.rotateOnly;
        if (!t.unknown()) {
          sb.append(t.text());
        }
      }
    }
    v.repr = v.unknown ? "[unknown]" : sb.toString();
    return v;
  }

  // ------------------------------------------------------------------ property access

  private Value propertyAccess(Node x, List<Accessor> accessors, Schema accept) {
    Value resolved = exprAccess(x, accessors, accept);
    Value v = Value.copy(resolved);
    if (v == null) {
      v = Value.unknown(x, Schema.always());
    }
    v.def = x;
    return v;
  }

  private Value exprAccess(Node x, List<Accessor> accessors, Schema accept) {
    Node receiver = root;
    String k = objectKey(x, accessors.get(0), false);
    if ("imports".equals(k)) {
      return valueAccess(x, myImports, accessors.subList(1, accessors.size()));
    }
    if ("context".equals(k)) {
      return valueAccess(x, myContext(), accessors.subList(1, accessors.size()));
    }
    if ("environments".equals(k)) {
      return environmentReference(x, accessors, accept);
    }
    int i = 0;
    while (i < accessors.size()) {
      Accessor a = accessors.get(i);
      if (receiver == null) {
        error(x, "internal error: no receiver");
        return invalidAccess(x);
      }
      switch (receiver.kind) {
        case ARRAY -> {
          Long idx = arrayIndex(x, a, receiver.elements.size());
          if (idx == null) {
            return invalidAccess(x);
          }
          receiver = receiver.elements.get(idx.intValue());
        }
        case OBJECT -> {
          String key = objectKey(x, a, true);
          if (key == null) {
            return invalidAccess(x);
          }
          Node prop = receiver.properties.get(key);
          if (prop == null) {
            if (receiver.base != null && receiver.base.isObject()) {
              return valueAccess(x, receiver.base, accessors.subList(i, accessors.size()));
            }
            accessorError(x, a, unknownProperty(key, receiver.properties.keySet()));
            return invalidAccess(x);
          }
          receiver = prop;
        }
        case BUILTIN -> {
          Expr.Builtin b = receiver.builtin();
          if (b.fn() == Expr.Fn.SECRET && !b.ciphertext() && !b.malformed()) {
            receiver = receiver.arg(0);
            continue;
          }
          if (b.fn() == Expr.Fn.SECRET && (b.ciphertext() || b.malformed())) {
            receiver = null;
            continue;
          }
          return valueAccess(x, evaluateExpr(receiver, Schema.always()), accessors.subList(i, accessors.size()));
        }
        default -> {
          return valueAccess(x, evaluateExpr(receiver, Schema.always()), accessors.subList(i, accessors.size()));
        }
      }
      i++;
    }
    return evaluateExpr(receiver, Schema.always());
  }

  private Value environmentReference(Node x, List<Accessor> accessors, Schema accept) {
    if (accessors.size() < 3) {
      return invalidAccess(x);
    }
    String proj = objectKey(x, accessors.get(1), true);
    String env = objectKey(x, accessors.get(2), true);
    if (proj == null || env == null) {
      return invalidAccess(x);
    }
    String qualified = proj + "/" + env;
    Map<String, Value> inline = new LinkedHashMap<>();
    Value imported = evaluateImport(inline, qualified, x.range(), x.docPath(), false);
    if (imported == null) {
      return invalidAccess(x);
    }
    Value envs = new Value(x);
    envs.repr = new LinkedHashMap<>(Map.of(env, imported));
    Value projects = new Value(x);
    projects.repr = new LinkedHashMap<>(Map.of(proj, envs));
    Value ref = new Value(x);
    ref.repr = new LinkedHashMap<>(Map.of("environments", projects));
    return valueAccess(x, ref, accessors);
  }

  private Value valueAccess(Node x, Value receiver, List<Accessor> accessors) {
    int i = 0;
    while (i < accessors.size()) {
      Accessor a = accessors.get(i);
      if (receiver.unknown) {
        return unknownAccess(x, receiver.schema(), accessors.subList(i, accessors.size()));
      }
      List<Value> arr = receiver.array();
      Map<String, Value> obj = receiver.object();
      if (arr != null) {
        Long idx = arrayIndex(x, a, arr.size());
        if (idx == null) {
          return invalidAccess(x);
        }
        receiver = arr.get(idx.intValue());
      } else if (obj != null) {
        String key = objectKey(x, a, true);
        if (key == null) {
          return invalidAccess(x);
        }
        Value prop = obj.get(key);
        if (prop == null) {
          if (receiver.base != null && receiver.base.isObject()) {
            receiver = receiver.base;
            continue;
          }
          accessorError(x, a, unknownProperty(key, obj.keySet()));
          return invalidAccess(x);
        }
        receiver = prop;
      } else {
        accessorError(x, a, "receiver must be an array or an object");
        return invalidAccess(x);
      }
      i++;
    }
    return receiver;
  }

  private Value unknownAccess(Node x, Schema receiver, List<Accessor> accessors) {
    Value val = null;
    for (Accessor a : accessors) {
      if (!receiver.isAlways()) {
        switch (receiver.type()) {
          case "array" -> {
            int n = receiver.itemsNever() ? receiver.prefixItemsCount() : -1;
            Long idx = arrayIndex(x, a, n);
            if (idx == null) {
              return invalidAccess(x);
            }
            receiver = receiver.item(idx.intValue());
          }
          case "object" -> {
            String key = objectKey(x, a, true);
            if (key == null) {
              return invalidAccess(x);
            }
            receiver = receiver.property(key);
          }
          default -> {
            accessorError(x, a, "receiver must be an array or an object");
            return invalidAccess(x);
          }
        }
      }
      val = Value.unknown(x, receiver);
    }
    return val;
  }

  private Value invalidAccess(Node x) {
    return Value.unknown(x, Schema.always());
  }

  private Long arrayIndex(Node x, Accessor a, int len) {
    if (!(a instanceof Accessor.Index ix)) {
      accessorError(x, a, "cannot access an array element using a property name");
      return null;
    }
    if (ix.index() < 0) {
      accessorError(x, a, "array indices must not be negative");
      return null;
    }
    if (len >= 0 && ix.index() >= len) {
      accessorError(x, a, "array index " + ix.index() + " out-of-bounds for array of length " + len);
      return null;
    }
    return ix.index();
  }

  private String objectKey(Node x, Accessor a, boolean must) {
    if (a instanceof Accessor.Index) {
      if (must) {
        accessorError(x, a, "cannot access an object property using an integer index");
      }
      return null;
    }
    return a.key();
  }

  /** Names longer than this get no "did you mean" hint (the edit distance is quadratic). */
  private static final int MAX_SUGGEST_LENGTH = 256;

  static String unknownProperty(String key, java.util.Collection<String> keys) {
    if (key.length() > MAX_SUGGEST_LENGTH) {
      return "unknown property " + GoText.quote(key);
    }
    String folded = key.toLowerCase(Locale.ROOT).replace("_", "");
    int limit = (folded.getBytes(StandardCharsets.UTF_8).length + 1) / 2;
    String best = null;
    int bestDist = Integer.MAX_VALUE;
    for (String k : new java.util.TreeSet<>(keys)) {
      if (Math.abs(k.length() - key.length()) >= limit + 1 || k.length() > MAX_SUGGEST_LENGTH) {
        continue; // the distance is at least the difference in length
      }
      int d = Parser.levenshtein(folded, k.toLowerCase(Locale.ROOT).replace("_", ""));
      if (d < limit && d < bestDist) {
        best = k;
        bestDist = d;
      }
    }
    String s = "unknown property " + GoText.quote(key);
    return best == null ? s : s + "; did you mean " + GoText.quote(best) + "?";
  }

  // ------------------------------------------------------------------ builtins

  private Value builtin(Node x) {
    Expr.Builtin b = x.builtin();
    if (b.malformed() && b.fn() != Expr.Fn.CONCAT && b.fn() != Expr.Fn.SECRET) {
      return Value.unknown(x, Schema.always());
    }
    return switch (b.fn()) {
      case OPEN -> open(x);
      case ROTATE -> rotate(x);
      case SECRET -> secret(x);
      case JOIN -> join(x);
      case SPLIT -> split(x);
      case CONCAT -> concat(x);
      case TO_JSON -> toJson(x);
      case FROM_JSON -> fromJson(x);
      case TO_STRING -> toStringFn(x);
      case TO_BASE64 -> toBase64(x);
      case FROM_BASE64 -> fromBase64(x);
      case FINAL -> finalFn(x);
      case VALIDATE -> validate(x);
    };
  }

  private Value secret(Node x) {
    Expr.Builtin b = x.builtin();
    if (b.malformed()) {
      Value v = new Value(x);
      v.repr = "";
      v.secret = true;
      v.schema = STRING;
      return v;
    }
    if (!b.ciphertext()) {
      return evaluateExpr(x.arg(0), STRING);
    }
    Value v = new Value(x);
    v.schema = x.schema;
    v.secret = true;
    byte[] payload;
    try {
      payload = Envelope.decode(((Expr.Literal) b.arg(0)).value());
    } catch (Envelope.Invalid e) {
      error(x, "invalid ciphertext: " + e.getMessage());
      v.unknown = true;
      return v;
    }
    if (validating && !sh.showSecrets) {
      v.unknown = true;
      return v;
    }
    try {
      v.repr = new String(sh.session.decrypter().decrypt(payload), StandardCharsets.UTF_8);
    } catch (CryptoException e) {
      error(x, "decrypting: " + e.getMessage(), "check the decryption key configured for this environment store");
      v.unknown = true;
    } catch (RuntimeException e) {
      error(x, "decrypting: " + e.getClass().getSimpleName());
      v.unknown = true;
    }
    return v;
  }

  /**
   * Evaluates a builtin's arguments against their schemas and combines their flags into
   * {@code v}. Returns the arguments, or {@code null} when {@code v} is then unknown (an
   * argument failed its check or is unknown), in which case nothing is to be computed.
   */
  private Value[] typedArgs(Node x, Value v, Schema... schemas) {
    Value[] args = new Value[schemas.length];
    boolean ok = true;
    for (int i = 0; i < schemas.length; i++) {
      Value[] out = new Value[1];
      ok &= evaluateTyped(x.arg(i), schemas[i], out);
      args[i] = out[0];
    }
    if (!ok) {
      v.unknown = true;
      return null;
    }
    v.combine(args);
    return v.unknown ? null : args;
  }

  private Value join(Node x) {
    Value v = new Value(x);
    v.schema = x.schema;
    Value[] a = typedArgs(x, v, STRING, ARRAY_OF_STRING);
    if (a != null) {
      StringBuilder sb = new StringBuilder();
      List<Value> items = a[1].array();
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          sb.append((String) a[0].repr);
        }
        sb.append((String) items.get(i).repr);
      }
      v.repr = sb.toString();
    }
    return v;
  }

  private Value split(Node x) {
    Value v = new Value(x);
    v.schema = x.schema;
    Value[] a = typedArgs(x, v, STRING, STRING);
    if (a != null) {
      List<Value> parts = new ArrayList<>();
      for (String part : goSplit((String) a[1].repr, (String) a[0].repr)) {
        Value p = new Value(x);
        p.repr = part;
        // deliberate: unlike the reference, parts of a secret stay secret when accessed
        p.secret = v.secret;
        parts.add(p);
      }
      v.repr = parts;
    }
    return v;
  }

  static List<String> goSplit(String s, String sep) {
    List<String> out = new ArrayList<>();
    if (sep.isEmpty()) {
      s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
      return out;
    }
    int from = 0;
    int at;
    while ((at = s.indexOf(sep, from)) >= 0) {
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    out.add(s.substring(from));
    return out;
  }

  private Value concat(Node x) {
    Value v = new Value(x);
    v.schema = x.schema;
    Value[] a = new Value[1];
    boolean ok = evaluateTyped(x.arg(0), ARRAY_OF_ARRAYS, a);
    if (!ok || x.builtin().malformed()) {
      v.unknown = true;
      return v;
    }
    v.combine(a[0]);
    if (!v.unknown) {
      List<Value> out = new ArrayList<>();
      for (Value arr : a[0].array()) {
        out.addAll(arr.array());
      }
      v.repr = out;
    }
    return v;
  }

  private Value toJson(Node x) {
    Value v = new Value(x);
    v.schema = x.schema;
    Value in = evaluateExpr(x.arg(0), Schema.always());
    v.combine(in);
    if (!v.unknown) {
      v.repr = in.export().toJson(io.esc4j.Redaction.REVEAL);
    }
    return v;
  }

  private Value toStringFn(Node x) {
    Value v = new Value(x);
    v.schema = x.schema;
    Value in = evaluateExpr(x.arg(0), Schema.always());
    Value.ToStr t = in.toStr();
    v.unknown = t.unknown();
    v.secret = t.secret();
    if (!t.unknown()) {
      v.repr = t.text();
    }
    return v;
  }

  private Value toBase64(Node x) {
    Value v = new Value(x);
    v.schema = x.schema;
    Value[] a = typedArgs(x, v, STRING);
    if (a != null) {
      v.repr = Base64.getEncoder().encodeToString(((String) a[0].repr).getBytes(StandardCharsets.UTF_8));
    }
    return v;
  }

  private Value fromBase64(Node x) {
    Value v = new Value(x);
    v.schema = x.schema;
    Value[] a = typedArgs(x, v, STRING);
    if (a != null) {
      try {
        v.repr = new String(GoBase64.decode((String) a[0].repr), StandardCharsets.UTF_8);
      } catch (GoBase64.Malformed e) {
        error(x, "decoding base64 string: " + e.getMessage());
        v.unknown = true;
      }
    }
    return v;
  }

  private Value fromJson(Node x) {
    Value v = new Value(x);
    v.schema = x.schema;
    Value[] a = typedArgs(x, v, STRING);
    if (a == null) {
      return v;
    }
    EscValue parsed;
    try {
      parsed = GoJson.parse((String) a[0].repr);
    } catch (GoJson.Malformed e) {
      // the parser's message quotes the text; a secret's text must not appear in a diagnostic
      error(x, "decoding JSON string: " + (v.secret ? "the value is secret and is not valid JSON" : e.getMessage()));
      v.unknown = true;
      return v;
    }
    Value out = unexport(parsed, x);
    if (v.secret) {
      out.deepSecret();
    }
    return out;
  }

  private Value finalFn(Node x) {
    Value in = evaluateExpr(x.arg(0), Schema.always());
    Value v = Value.copy(in);
    v.def = x;
    v.fin = true;
    return v;
  }

  private Value validate(Node x) {
    Value[] svOut = new Value[1];
    boolean schemaOk = evaluateTyped(x.arg(0), Schema.metaSchema(), svOut);
    Value sv = svOut[0];
    Value value = evaluateExpr(x.arg(1), Schema.always());
    if (schemaOk && !sv.containsUnknowns()) {
      try {
        Schema schema = Schema.fromValue(sv.export());
        Validator.validate(value, schema, (loc, summary) -> {
          Node n = loc instanceof Node nn ? nn : x.arg(1);
          sh.diags.error(n.range(), n.docPath(), summary);
        });
      } catch (SchemaException e) {
        error(x.arg(0), "invalid schema: " + e.getMessage());
      }
    }
    Value v = Value.copy(value);
    v.def = x;
    return v;
  }

  // ------------------------------------------------------------------ providers

  private Value open(Node x) {
    Expr.Builtin b = x.builtin();
    Value v = new Value(x);
    Provider provider = sh.session.providers().get(b.provider());
    boolean failed = false;
    if (provider == null) {
      error(x, "unknown provider " + GoText.quote(b.provider()),
          "register a provider named " + GoText.quote(b.provider())
              + " (put its module, e.g. esc-aws, on the class path, or call Environment.builder().provider(...))");
      failed = true;
    } else {
      try {
        x.inputSchema = Schema.fromValue(provider.inputSchema());
      } catch (SchemaException e) {
        error(x, "internal error: invalid input schema (" + e.getMessage() + ")");
      }
      try {
        x.schema = Schema.fromValue(provider.outputSchema());
      } catch (SchemaException e) {
        error(x, "internal error: invalid schema (" + e.getMessage() + ")");
      }
    }
    v.schema = x.schema;
    Value[] in = new Value[1];
    boolean ok = evaluateTyped(x.arg(1), x.inputSchema, in);
    if (!ok || in[0].containsUnknowns() || validating || failed) {
      v.unknown = true;
      return v;
    }
    if (in[0].object() == null) {
      error(x, "the inputs of provider " + GoText.quote(b.provider()) + " must be an object");
      v.unknown = true;
      return v;
    }
    EscValue.Obj inputs = (EscValue.Obj) in[0].export();
    Calls.Outcome out = sh.calls.open(provider, inputs, providerContext(), name, x.docPath());
    if (out.pending()) {
      v.unknown = true;
      return v;
    }
    for (String w : out.warnings()) {
      sh.diags.warning(x.range(), x.docPath(), w);
    }
    if (out.error() != null) {
      error(inputNode(x.arg(1), out.inputPath(), x), out.error(), out.fix());
      v.unknown = true;
      return v;
    }
    return unexport(out.value(), x);
  }

  /** The node of one input (by property path inside the inputs literal), else {@code fallback}. */
  private static Node inputNode(Node inputs, String path, Node fallback) {
    if (path == null || path.isEmpty() || inputs == null) {
      return fallback;
    }
    Node n = inputs;
    try {
      for (Object seg : PropertyPath.parse(path)) {
        if (seg instanceof Integer i && n.kind == Node.Kind.ARRAY && i < n.elements.size()) {
          n = n.elements.get(i);
        } else if (seg instanceof String k && n.kind == Node.Kind.OBJECT && n.properties.containsKey(k)) {
          n = n.properties.get(k);
        } else {
          break; // the rest is computed, not written in the document: the nearest written node
        }
      }
    } catch (IllegalArgumentException e) {
      return fallback;
    }
    return n.expr == null ? fallback : n;
  }

  private io.esc4j.spi.ProviderContext providerContext() {
    return sh.calls.context(sh.rootName, name, sh.session, contextValue());
  }

  private Value rotate(Node x) {
    Expr.Builtin b = x.builtin();
    Value v = new Value(x);
    Rotator rotator = sh.session.rotators().get(b.provider());
    boolean failed = false;
    if (rotator == null) {
      error(x, "unknown rotator " + GoText.quote(b.provider()));
      failed = true;
    } else {
      try {
        x.inputSchema = Schema.fromValue(rotator.inputSchema());
      } catch (SchemaException e) {
        error(x, "internal error: invalid input schema (" + e.getMessage() + ")");
      }
      try {
        x.stateSchema = Schema.oneOf(Schema.fromValue(rotator.stateSchema()), Schema.nullType());
      } catch (SchemaException e) {
        error(x, "internal error: invalid state schema (" + e.getMessage() + ")");
      }
      try {
        x.schema = Schema.fromValue(rotator.outputSchema());
      } catch (SchemaException e) {
        error(x, "internal error: invalid schema (" + e.getMessage() + ")");
      }
    }
    v.schema = x.schema;
    Node inputsNode = x.arg(1);
    List<String> rotateOnly = x.inputSchema.rotateOnly();
    boolean evaluateRotateOnly = rotating || (validating && isRoot);
    if (!rotateOnly.isEmpty() && !evaluateRotateOnly && inputsNode != null && inputsNode.kind == Node.Kind.OBJECT) {
      for (String k : rotateOnly) {
        Node p = inputsNode.properties.get(k);
        if (p != null && p.state == Node.State.DECLARED) {
          Value u = Value.unknown(p, Schema.always());
          u.rotateOnly = true;
          p.value = u;
          p.state = Node.State.DONE;
        }
      }
    }
    Value[] in = new Value[1];
    Value[] st = new Value[1];
    boolean inOk = evaluateTyped(inputsNode, x.inputSchema, in);
    Node stateNode = x.arg(2);
    boolean stOk;
    if (stateNode == null || stateNode.kind == Node.Kind.MISSING) {
      Value nul = new Value(x);
      st[0] = nul;
      stOk = true;
    } else {
      stOk = evaluateTyped(stateNode, x.stateSchema, st);
    }
    if (!inOk || in[0].containsObservableUnknowns(rotating) || !stOk || st[0].containsUnknowns()
        || validating || failed) {
      v.unknown = true;
      return v;
    }
    EscValue.Obj inputs = in[0].export() instanceof EscValue.Obj o ? o : EscValue.Obj.of(Map.of());
    EscValue state = st[0].export();
    String docPath = x.docPath();
    if (rotating && selected(docPath)) {
      try {
        EscValue newState = rotator.rotate(inputs, state, providerContext());
        sh.patches.add(new Patch(YamlDecoder.joinKey(docPath, b.name()) + ".state", newState));
        state = newState;
      } catch (io.esc4j.spi.ProviderException e) {
        error(x, "rotate: " + e.getMessage());
        v.unknown = true;
        return v;
      }
    }
    try {
      return unexport(rotator.open(inputs, state, providerContext()), x);
    } catch (io.esc4j.spi.ProviderException e) {
      error(x, e.getMessage());
      v.unknown = true;
      return v;
    }
  }

  private boolean selected(String docPath) {
    if (sh.rotatePaths.isEmpty()) {
      return true;
    }
    List<Object> segs = DocPath.parse(docPath);
    for (List<Object> p : sh.rotatePaths) {
      List<Object> want = new ArrayList<>();
      want.add("values");
      want.addAll(p);
      if (want.equals(segs)) {
        return true;
      }
    }
    return false;
  }

  /** Converts a provider output into values whose definition is the call. */
  static Value unexport(EscValue ev, Node x) {
    Value v = convert(ev, x);
    if (ev.secret()) {
      v.deepSecret();
    }
    return v;
  }

  private static Value convert(EscValue ev, Node x) {
    Value v = new Value(x);
    v.secret = ev.secret();
    if (ev instanceof EscValue.Unknown) {
      v.unknown = true;
    } else if (ev instanceof EscValue.Bool bo) {
      v.repr = bo.value();
    } else if (ev instanceof EscValue.Num n) {
      v.repr = new Value.Num(n.text());
    } else if (ev instanceof EscValue.Str s) {
      v.repr = s.value();
    } else if (ev instanceof EscValue.Arr a) {
      List<Value> items = new ArrayList<>(a.items().size());
      for (EscValue e : a.items()) {
        items.add(convert(e, x));
      }
      v.repr = items;
    } else if (ev instanceof EscValue.Obj o) {
      Map<String, Value> m = new LinkedHashMap<>();
      for (Map.Entry<String, EscValue> e : o.properties().entrySet()) {
        m.put(e.getKey(), convert(e.getValue(), x));
      }
      v.repr = m;
    }
    return v;
  }

}

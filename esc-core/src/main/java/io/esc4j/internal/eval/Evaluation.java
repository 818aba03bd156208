package io.esc4j.internal.eval;

import io.esc4j.CheckResult;
import io.esc4j.Diagnostic;
import io.esc4j.EnvironmentException;
import io.esc4j.EscValue;
import io.esc4j.internal.ast.EnvironmentDecl;
import io.esc4j.internal.syntax.Diagnostics;
import io.esc4j.internal.syntax.SourceText;
import io.esc4j.spi.EnvironmentStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Entry points from the API (and the conformance runner) into the evaluator.
 *
 * <p>Opening runs in passes so that independent providers run concurrently while the result stays
 * exactly that of a sequential evaluation: a pass starts every {@code fn::open} whose inputs are
 * known and reads unfinished calls as unknown; after waiting for them the next pass goes further.
 * The first pass that sees no unfinished call is the result. A document without providers takes
 * one pass.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * An opened environment's values and warnings.
   *
   * @param values the values
   * @param warnings the warnings
   */
  public record Opened(EscValue.Obj values, List<Diagnostic> warnings) {}

  /** The mode of a run. */
  public enum Mode {
    /** Open: providers run, ciphertext is decrypted. */
    EVAL,
    /** Static check: no provider runs. */
    CHECK,
    /** Open and rotate. */
    ROTATE
  }

  /**
   * The full result of one run, for tools and the conformance runner.
   *
   * @param found whether the root environment exists
   * @param loadDiags the diagnostics of loading the root document
   * @param evalDiags the diagnostics of evaluation (imports' load diagnostics included)
   * @param values the values, or empty when the document defines nothing or failed to parse
   * @param sources the source texts by environment name, for rendering
   */
  public record Run(boolean found, List<Diagnostic> loadDiags, List<Diagnostic> evalDiags,
      Optional<EscValue.Obj> values, Map<String, SourceText> sources) {
    /**
     * All diagnostics.
     *
     * @return load then evaluation diagnostics
     */
    public List<Diagnostic> all() {
      List<Diagnostic> l = new ArrayList<>(loadDiags);
      l.addAll(evalDiags);
      return l;
    }
  }

  /**
   * Opens (fully evaluates) an environment.
   *
   * @param name the environment name
   * @param session the settings
   * @return the values
   * @throws EnvironmentException on errors
   */
  public static Opened open(String name, Session session) {
    Run run = run(name, session, Mode.EVAL, false, List.of());
    if (!run.found()) {
      throw EnvironmentException.of(name, session.store().describeMissing(name));
    }
    List<Diagnostic> all = sorted(run.all());
    if (all.stream().anyMatch(Diagnostic::isError)) {
      throw new EnvironmentException(name, all, render(all, run.sources()));
    }
    return new Opened(run.values().orElse(EscValue.Obj.of(Map.of())), all);
  }

  /**
   * Checks an environment statically.
   *
   * @param name the environment name
   * @param session the settings
   * @return the result
   */
  public static CheckResult check(String name, Session session) {
    Run run = run(name, session, Mode.CHECK, false, List.of());
    if (!run.found()) {
      Diagnostic d = Diagnostic.error(name, io.esc4j.SourcePos.NONE, io.esc4j.SourcePos.NONE,
          session.store().describeMissing(name));
      return new CheckResult(name, List.of(d), Optional.empty(), d.headline());
    }
    List<Diagnostic> all = sorted(run.all());
    return new CheckResult(name, all, run.values(), render(all, run.sources()));
  }

  /**
   * Runs an evaluation and returns everything it found.
   *
   * @param name the root environment name
   * @param session the settings
   * @param mode eval, check or rotate
   * @param showSecrets in check mode, decrypt ciphertext anyway
   * @param rotatePaths in rotate mode, the property paths (relative to {@code values}) of the
   *     rotations to run; empty means all
   * @return the result
   */
  public static Run run(String name, Session session, Mode mode, boolean showSecrets, List<List<Object>> rotatePaths) {
    CachingLoader loader = new CachingLoader(session.store());
    byte[] rootBytes;
    try {
      rootBytes = loader.load(name);
    } catch (Evaluator.LoadException e) {
      return new Run(false, List.of(), List.of(), Optional.empty(), Map.of());
    }
    boolean concurrent = mode == Mode.EVAL;
    try (Calls calls = new Calls(concurrent, session.limits().timeout())) {
      Map<String, Evaluator.Settled> settled = new HashMap<>();
      while (true) {
        calls.startPass();
        Evaluator.Mode m = switch (mode) {
          case EVAL -> Evaluator.Mode.EVAL;
          case CHECK -> Evaluator.Mode.CHECK;
          case ROTATE -> Evaluator.Mode.ROTATE;
        };
        Evaluator.Shared sh = new Evaluator.Shared(session, m, showSecrets, loader, calls, rotatePaths, name, settled);
        Diagnostics loadDiags = new Diagnostics();
        Evaluator.Shared loadSh = new Evaluator.Shared(session, m, showSecrets, loader, calls, rotatePaths, name,
            Map.of());
        EnvironmentDecl decl = rootDecl(loadSh, name, rootBytes, loadDiags);
        sh.sources.putAll(loadSh.sources);
        Value v = null;
        if (decl != null && !decl.isEmpty()) {
          v = new Evaluator(sh, name, decl, true).evaluate();
        }
        if (!calls.sawPending()) {
          Optional<EscValue.Obj> values = v == null ? Optional.empty()
              : Optional.of(v.export() instanceof EscValue.Obj o ? o : EscValue.Obj.of(Map.of()));
          return new Run(true, loadDiags.list(), sh.diags.list(), values, new HashMap<>(sh.sources));
        }
        calls.awaitPending();
      }
    }
  }

  private static EnvironmentDecl rootDecl(Evaluator.Shared sh, String name, byte[] bytes, Diagnostics out) {
    EnvironmentDecl d = Evaluator.loadRoot(sh, name, bytes);
    out.addAll(sh.diags);
    return d;
  }

  /** Loads each document once per open, from the store. */
  private static final class CachingLoader implements Evaluator.Loader {
    private final EnvironmentStore store;
    private final Map<String, Object> cache = new HashMap<>();
    private final Map<String, Evaluator.Parsed> parsed = new HashMap<>();

    @Override
    public Evaluator.Parsed parsed(String key, java.util.function.Supplier<Evaluator.Parsed> parse) {
      return parsed.computeIfAbsent(key, k -> parse.get());
    }

    @Override
    public SourceText source(String name) {
      Evaluator.Parsed p = parsed.get(name);
      return p == null ? null : p.source();
    }

    CachingLoader(EnvironmentStore store) {
      this.store = store;
    }

    @Override
    public byte[] load(String name) throws Evaluator.LoadException {
      Object c = cache.get(name);
      if (c == null) {
        try {
          Optional<EnvironmentStore.Document> d = store.load(name);
          c = d.<Object>map(EnvironmentStore.Document::content)
              .orElseGet(() -> new Evaluator.LoadException(store.describeMissing(name),
                  "check the name, or create " + name + ".yaml in " + store.description()));
        } catch (IOException e) {
          c = new Evaluator.LoadException("reading environment \"" + name + "\": " + e.getMessage(), "");
        }
        cache.put(name, c);
      }
      if (c instanceof Evaluator.LoadException e) {
        throw e;
      }
      return (byte[]) c;
    }
  }

  /** The most diagnostics an exception message shows. */
  private static final int MAX_RENDERED = 100;

  /** The widest source line shown in a message. */
  private static final int MAX_LINE = 160;

  /**
   * Sorts diagnostics: those without a position first, then by environment, line and column.
   *
   * @param diags the diagnostics
   * @return a sorted copy
   */
  public static List<Diagnostic> sorted(List<Diagnostic> diags) {
    List<Diagnostic> l = new ArrayList<>(diags);
    l.sort(Evaluation::compare);
    return l;
  }

  // one method, not a Comparator.comparing chain: those serializable lambdas are linked at first
  // use by spinning classes that class-data sharing does not keep (every open sorts diagnostics)
  private static int compare(Diagnostic a, Diagnostic b) {
    int c = Boolean.compare(a.start().isKnown(), b.start().isKnown());
    if (c == 0) {
      c = a.environment().compareTo(b.environment());
    }
    if (c == 0) {
      c = Integer.compare(a.start().line(), b.start().line());
    }
    return c != 0 ? c : Integer.compare(a.start().column(), b.start().column());
  }

  /**
   * Renders diagnostics like a compiler: headline, source line (secrets masked), caret, fix.
   *
   * @param diags the diagnostics
   * @param sources the source texts
   * @return the text
   */
  public static String render(List<Diagnostic> diags, Map<String, SourceText> sources) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (Diagnostic d : diags) {
      if (shown++ == MAX_RENDERED) {
        sb.append("\n... and ").append(diags.size() - MAX_RENDERED)
            .append(" more (see EnvironmentException.diagnostics())");
        break;
      }
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(d.headline());
      SourceText src = sources.get(d.environment());
      if (src != null && d.start().isKnown()) {
        String line = src.displayLine(d.start().line());
        int shift = 0;
        if (line != null && line.length() > MAX_LINE) {
          // show a window of a long line around the column
          int col0 = Math.min(line.length(), Math.max(0, d.start().column() - 1));
          int from = Math.max(0, Math.min(col0 - MAX_LINE / 2, line.length() - MAX_LINE));
          line = (from > 0 ? "..." : "") + line.substring(from, Math.min(line.length(), from + MAX_LINE))
              + (from + MAX_LINE < line.length() ? "..." : "");
          shift = from - (from > 0 ? 3 : 0);
        }
        if (line != null) {
          String num = Integer.toString(d.start().line());
          String pad = " ".repeat(num.length());
          sb.append('\n').append(' ').append(num).append(" | ").append(line);
          int col = Math.max(1, d.start().column() - shift);
          int width = 1;
          if (d.end().line() == d.start().line() && d.end().column() > col) {
            width = d.end().column() - col;
          }
          int maxWidth = Math.max(1, line.codePointCount(0, line.length()) - col + 1);
          width = Math.min(width, maxWidth);
          sb.append('\n').append(' ').append(pad).append(" | ").append(" ".repeat(col - 1)).append("^".repeat(width));
        }
      }
      if (!d.fix().isEmpty()) {
        sb.append("\n  fix: ").append(d.fix());
      }
    }
    return sb.toString();
  }
}

package io.esc4j.internal.edit;

import io.esc4j.Diagnostic;
import io.esc4j.EvalLimits;
import io.esc4j.SourcePos;
import io.esc4j.internal.eval.Envelope;
import io.esc4j.internal.eval.PropertyPath;
import io.esc4j.internal.syntax.Diagnostics;
import io.esc4j.internal.syntax.YamlDecoder;
import io.esc4j.internal.syntax.YamlNode;
import io.esc4j.spi.CryptoException;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.Encrypter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Edits the text of one YAML document in place: each operation splices new text over the exact
 * span of the value it touches, so comments, ordering, quoting and blank lines elsewhere are
 * kept byte for byte. Every edit is checked by reading the result back and comparing it with the
 * intended data; an edit the splicer cannot make faithfully fails instead of damaging the file.
 *
 * <p>Paths are lists of {@link String} keys and {@link Integer} indexes ({@link
 * PropertyPath#parse(String)}). Messages name paths, never values. Not thread-safe.
 */
public final class DocumentEditor {
  private static final String SECRET = "fn::secret";
  private static final String CIPHERTEXT = "ciphertext";

  private final String name;
  private final String bom;
  private String text;
  private YamlNode root;
  private int[] lineStarts;
  private final String nl;

  /**
   * Reads a document.
   *
   * @param name the environment name, for messages
   * @param content the document text
   * @throws IllegalArgumentException when the document is not valid YAML
   */
  public DocumentEditor(String name, String content) {
    this.name = name;
    if (content.startsWith("\uFEFF")) {
      bom = "\uFEFF";
      content = content.substring(1);
    } else {
      bom = "";
    }
    this.nl = content.contains("\r\n") ? "\r\n" : "\n";
    this.text = content;
    reparse();
  }

  /**
   * The current document text.
   *
   * @return the text
   */
  public String text() {
    return bom + text;
  }

  /**
   * The data the document stands for.
   *
   * @return maps, lists and scalars
   */
  public Object model() {
    return Model.of(root);
  }

  private void reparse() {
    Diagnostics d = new Diagnostics();
    YamlDecoder.Result r = YamlDecoder.decode(name, text.getBytes(StandardCharsets.UTF_8),
        EvalLimits.defaults(), d);
    if (r.syntaxError() || d.hasErrors()) {
      String why = d.list().stream().filter(Diagnostic::isError).map(Diagnostic::headline)
          .findFirst().orElse("invalid YAML");
      throw new IllegalArgumentException(name + " is not a document esc4j can edit: " + why);
    }
    root = r.root();
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Parses a property path ({@code a.b[0]["dotted.key"]}).
   *
   * @param path the path text
   * @return the segments
   * @throws IllegalArgumentException when malformed
   */
  public static List<Object> path(String path) {
    return PropertyPath.parse(path);
  }

  /**
   * The data of {@code fn::secret: {ciphertext: ...}} for an encrypted payload.
   *
   * @param payload the payload from an {@link Encrypter}
   * @return the data to {@link #set(List, Object)}
   */
  public static Map<String, Object> secretCall(byte[] payload) {
    Map<String, Object> ct = new LinkedHashMap<>();
    ct.put(CIPHERTEXT, Envelope.encode(payload));
    Map<String, Object> call = new LinkedHashMap<>();
    call.put(SECRET, ct);
    return call;
  }

  // ---------------------------------------------------------------- locating nodes

  /**
   * Where a node sits: its parent and index there, whether the parent is a flow collection, the
   * indentation a scalar's continuation lines must exceed, and its path.
   */
  private record Loc(YamlNode node, YamlNode parent, int index, boolean inFlow, int parentIndent,
      List<Object> path) {}

  /** A span of text; {@code empty} for a value that is not written at all. */
  private record Span(int start, int end, boolean empty) {}

  private int idx(SourcePos p) {
    if (p.line() - 1 >= lineStarts.length) {
      return text.length();
    }
    int ls = lineStarts[p.line() - 1];
    try {
      return text.offsetByCodePoints(ls, p.column() - 1);
    } catch (IndexOutOfBoundsException e) {
      return text.length();
    }
  }

  private int lineStartOf(int i) {
    int ls = text.lastIndexOf('\n', i - 1);
    return ls + 1;
  }

  /** The index of the line break (or the end of text) of the line holding {@code i}. */
  private int lineEndOf(int i) {
    int e = text.indexOf('\n', i);
    if (e < 0) {
      e = text.length();
    }
    if (e > 0 && e > i && text.charAt(e - 1) == '\r') {
      e--;
    }
    return e;
  }

  private int nextLine(int i) {
    int e = text.indexOf('\n', i);
    return e < 0 ? text.length() : e + 1;
  }

  private int indentAt(int lineStart) {
    int j = lineStart;
    while (j < text.length() && text.charAt(j) == ' ') {
      j++;
    }
    return j - lineStart;
  }

  private boolean blankFrom(int from, int to) {
    for (int j = from; j < to; j++) {
      char c = text.charAt(j);
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  private int skipProps(int i) {
    for (int guard = 0; guard < 4 && i < text.length(); guard++) {
      char c = text.charAt(i);
      if (c != '&' && c != '!') {
        break;
      }
      while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
    }
    return i;
  }

  private boolean isFlow(YamlNode n) {
    if (n instanceof YamlNode.Scalar) {
      return false;
    }
    int i = skipProps(idx(n.range().start()));
    return i < text.length() && (text.charAt(i) == '{' || text.charAt(i) == '[');
  }

  private boolean isEmptyNull(YamlNode n) {
    if (!(n instanceof YamlNode.Scalar s) || s.kind() != YamlNode.Kind.NULL) {
      return false;
    }
    int i = skipProps(idx(s.range().start()));
    if (i >= text.length()) {
      return true;
    }
    char c = text.charAt(i);
    return !(c == '~' || c == 'n' || c == 'N' || c == '\'' || c == '"');
  }

  /** The end of a node's text. */
  private int end(YamlNode n, boolean inFlow, int parentIndent) {
    int start = idx(n.range().start());
    if (n instanceof YamlNode.Scalar s) {
      return scalarEnd(s, start, inFlow, parentIndent, false);
    }
    if (isFlow(n)) {
      return flowEnd(skipProps(start));
    }
    int indent = start - lineStartOf(start);
    if (n instanceof YamlNode.Mapping m) {
      if (m.entries().isEmpty()) {
        return start;
      }
      return entrySpan(m, m.entries().size() - 1, false, indent).end();
    }
    YamlNode.Sequence q = (YamlNode.Sequence) n;
    if (q.items().isEmpty()) {
      return start;
    }
    return itemSpan(q, q.items().size() - 1, false, indent).end();
  }

  private int scalarEnd(YamlNode.Scalar s, int start, boolean inFlow, int parentIndent,
      boolean key) {
    int i = skipProps(start);
    if (i >= text.length()) {
      return i;
    }
    char c = text.charAt(i);
    if (c == '\'' || c == '"') {
      int j = i + 1;
      while (j < text.length()) {
        char d = text.charAt(j);
        if (c == '"' && d == '\\') {
          j += 2;
          continue;
        }
        if (d == c) {
          if (c == '\'' && j + 1 < text.length() && text.charAt(j + 1) == '\'') {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return text.length();
    }
    if (!key && s.style() == YamlNode.Style.BLOCK && (c == '|' || c == '>')) {
      int j = i + 1;
      while (j < text.length() && "+-0123456789".indexOf(text.charAt(j)) >= 0) {
        j++;
      }
      int end = j;
      int k = nextLine(i);
      int contentIndent = -1;
      while (k < text.length()) {
        int le = lineEndOf(k);
        if (blankFrom(k, le)) {
          k = nextLine(k);
          continue;
        }
        int ind = indentAt(k);
        if (contentIndent < 0) {
          if (ind <= parentIndent) {
            break;
          }
          contentIndent = ind;
        } else if (ind < contentIndent) {
          break;
        }
        end = le;
        k = nextLine(k);
      }
      return end;
    }
    if (isEmptyNull(s)) {
      return i;
    }
    int le = lineEndOf(i);
    int end = plainLineEnd(i, le, inFlow, key);
    if (inFlow || key || s.kind() != YamlNode.Kind.STRING
        || s.value().equals(text.substring(i, end))) {
      return end;
    }
    int k = nextLine(i);
    while (k < text.length()) {
      int lend = lineEndOf(k);
      if (blankFrom(k, lend)) {
        k = nextLine(k);
        continue;
      }
      int ind = indentAt(k);
      if (ind <= parentIndent || text.charAt(k + ind) == '#') {
        break;
      }
      end = plainLineEnd(k + ind, lend, false, false);
      k = nextLine(k);
    }
    return end;
  }

  private int plainLineEnd(int i, int le, boolean inFlow, boolean key) {
    int j = i;
    while (j < le) {
      char c = text.charAt(j);
      if (c == '#' && j > i && Character.isWhitespace(text.charAt(j - 1))) {
        break;
      }
      if (c == ':' && (key || inFlow)) {
        char n = j + 1 < text.length() ? text.charAt(j + 1) : ' ';
        if (n == ' ' || n == '\t' || n == '\r' || n == '\n' || inFlow && ",[]{}".indexOf(n) >= 0) {
          break;
        }
      }
      if (inFlow && (c == ',' || c == ']' || c == '}' || c == '[' || c == '{')) {
        break;
      }
      j++;
    }
    while (j > i && Character.isWhitespace(text.charAt(j - 1))) {
      j--;
    }
    return j;
  }

  private int flowEnd(int open) {
    int depth = 0;
    int j = open;
    while (j < text.length()) {
      char c = text.charAt(j);
      if (c == '\'' || c == '"') {
        j = scalarEnd(null, j, true, 0, true);
        continue;
      }
      if (c == '#' && j > 0 && Character.isWhitespace(text.charAt(j - 1))) {
        j = lineEndOf(j);
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return j + 1;
        }
      }
      j++;
    }
    return text.length();
  }

  /** The index after the colon that follows an entry's key. */
  private int colonEnd(YamlNode.Mapping m, int i, boolean inFlow) {
    YamlNode.Scalar k = m.entries().get(i).key();
    int j = scalarEnd(k, idx(k.range().start()), inFlow, 0, true);
    while (j < text.length() && text.charAt(j) != ':') {
      j++;
    }
    return Math.min(j + 1, text.length());
  }

  /** The span of entry {@code i}: from its key to the end of its value. */
  private Span entrySpan(YamlNode.Mapping m, int i, boolean inFlow, int mapIndent) {
    YamlNode.Entry e = m.entries().get(i);
    int ks = idx(e.key().range().start());
    Span v = valueSpan(m, i, inFlow, mapIndent);
    return new Span(ks, Math.max(v.end(), colonEnd(m, i, inFlow)), false);
  }

  private Span valueSpan(YamlNode.Mapping m, int i, boolean inFlow, int mapIndent) {
    YamlNode v = m.entries().get(i).value();
    if (v == null || isEmptyNull(v)) {
      int c = colonEnd(m, i, inFlow);
      return new Span(c, c, true);
    }
    return new Span(idx(v.range().start()), end(v, inFlow, mapIndent), false);
  }

  private int dashEnd(YamlNode.Sequence q, int i) {
    YamlNode item = q.items().get(i);
    int j = Math.min(idx(item.range().start()), text.length());
    // the dash is the last '-' at or before the item's start, past whitespace
    int k = j - 1;
    while (k >= 0 && Character.isWhitespace(text.charAt(k)) && text.charAt(k) != '\n') {
      k--;
    }
    if (k >= 0 && text.charAt(k) == '-') {
      return k + 1;
    }
    if (j < text.length() && text.charAt(j) == '-') {
      return j + 1;
    }
    throw unsupported(q.path());
  }

  private Span itemSpan(YamlNode.Sequence q, int i, boolean inFlow, int seqIndent) {
    YamlNode v = q.items().get(i);
    if (v == null || isEmptyNull(v)) {
      int d = inFlow ? idx(v == null ? q.range().start() : v.range().start()) : dashEnd(q, i);
      return new Span(d, d, true);
    }
    return new Span(idx(v.range().start()), end(v, inFlow, seqIndent), false);
  }

  private int indentOf(YamlNode block) {
    int s = idx(block.range().start());
    return s - lineStartOf(s);
  }

  /** Finds the node at a path, with where it sits; empty when absent. */
  private Optional<Loc> locate(List<Object> path) {
    Loc at = new Loc(root, null, -1, false, -1, List.of());
    for (int d = 0; d < path.size(); d++) {
      Optional<Loc> next = child(at, path.get(d));
      if (next.isEmpty()) {
        return Optional.empty();
      }
      at = next.get();
    }
    return Optional.of(at);
  }

  private Optional<Loc> child(Loc at, Object seg) {
    YamlNode n = at.node();
    if (n == null) {
      return Optional.empty();
    }
    boolean flow = at.inFlow() || isFlow(n);
    List<Object> p = new ArrayList<>(at.path());
    p.add(seg);
    if (n instanceof YamlNode.Mapping m && seg instanceof String k) {
      for (int i = m.entries().size() - 1; i >= 0; i--) {
        if (m.entries().get(i).key().value().equals(k)) {
          return Optional.of(new Loc(m.entries().get(i).value(), m, i, flow,
              flow ? 0 : indentOf(m), p));
        }
      }
    } else if (n instanceof YamlNode.Sequence q && seg instanceof Integer i && i < q.items().size()) {
      return Optional.of(new Loc(q.items().get(i), q, i, flow, flow ? 0 : indentOf(q), p));
    }
    return Optional.empty();
  }

  /** The span of a located node's value text. */
  private Span span(Loc at) {
    if (at.parent() instanceof YamlNode.Mapping m) {
      return valueSpan(m, at.index(), at.inFlow(), at.parentIndent());
    }
    if (at.parent() instanceof YamlNode.Sequence q) {
      return itemSpan(q, at.index(), at.inFlow(), at.parentIndent());
    }
    if (root == null) {
      return new Span(text.length(), text.length(), true);
    }
    return new Span(idx(root.range().start()), end(root, false, -1), false);
  }

  // ---------------------------------------------------------------- reading

  /**
   * The source text of the value at a path, exactly as written.
   *
   * @param path the path
   * @return the text, or empty when nothing is at the path
   */
  public Optional<String> get(List<Object> path) {
    Optional<Loc> at = locate(path);
    if (at.isEmpty() || at.get().node() == null) {
      return Optional.empty();
    }
    Span s = span(at.get());
    return Optional.of(text.substring(s.start(), s.end()));
  }

  /**
   * The data at a path.
   *
   * @param path the path
   * @return the data, or empty when nothing is at the path (a YAML null is {@code
   *     Optional.of(null)}-like: use {@link #get(List)} to tell)
   */
  public Optional<Object> data(List<Object> path) {
    return locate(path).map(l -> Model.of(l.node()));
  }

  // ---------------------------------------------------------------- editing

  /**
   * Sets the value at a path, creating missing mappings (for keys) and sequences (for index 0)
   * along the way; an index equal to a sequence's length appends.
   *
   * @param path the path (not empty)
   * @param value plain data ({@link Model#normalise(Object)})
   * @throws IllegalArgumentException when the path runs through a scalar or out of a sequence's
   *     range
   */
  public void set(List<Object> path, Object value) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("the path is empty: name the value to set");
    }
    Object v = Model.normalise(value);
    Object expected = ModelOps.set(Model.of(root), path, v, PropertyPath.format(path));
    edit(expected, PropertyPath.format(path), () -> doSet(path, v));
  }

  private void doSet(List<Object> path, Object v) {
    Loc at = new Loc(root, null, -1, false, -1, List.of());
    int d = 0;
    while (true) {
      Object seg = path.get(d);
      boolean last = d == path.size() - 1;
      YamlNode n = at.node();
      if (n == null || isEmptyNull(n)) {
        replace(at, ModelOps.build(path.subList(d, path.size()), v));
        break;
      }
      Optional<Loc> next = child(at, seg);
      if (next.isPresent()) {
        if (last) {
          replace(next.get(), v);
          break;
        }
        at = next.get();
        d++;
        continue;
      }
      Object rest = ModelOps.build(path.subList(d + 1, path.size()), v);
      if (n instanceof YamlNode.Mapping m && seg instanceof String k) {
        addEntry(at, m, k, rest);
      } else if (n instanceof YamlNode.Sequence q && seg instanceof Integer i
          && i == q.items().size()) {
        append(at, q, rest);
      } else {
        // ModelOps.set has already rejected this path with a precise message
        throw new IllegalArgumentException("cannot set " + PropertyPath.format(path));
      }
      break;
    }
  }

  /**
   * Removes the value at a path: its key and value, or its sequence item.
   *
   * @param path the path (not empty)
   * @return whether something was removed
   */
  public boolean remove(List<Object> path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("the path is empty: name the value to remove");
    }
    Optional<Loc> found = locate(path);
    if (found.isEmpty()) {
      return false;
    }
    Object expected = ModelOps.remove(Model.of(root), path);
    edit(expected, PropertyPath.format(path), () -> doRemove(path, found.get()));
    return true;
  }

  private void doRemove(List<Object> path, Loc at) {
    List<Object> parentPath = path.subList(0, path.size() - 1);
    Loc parentLoc = locate(parentPath).orElseThrow();
    if (at.parent() instanceof YamlNode.Mapping m) {
      int n = m.entries().size();
      if (n == 1) {
        replace(parentLoc, new LinkedHashMap<>());
      } else if (at.inFlow()) {
        removeFlow(entryStarts(m), entryEnds(m), at.index());
      } else {
        removeBlock(m.path(), i -> idx(m.entries().get(i).key().range().start()),
            i -> entrySpan(m, i, false, at.parentIndent()).end(), n, at.index());
      }
    } else {
      YamlNode.Sequence q = (YamlNode.Sequence) at.parent();
      int n = q.items().size();
      if (n == 1) {
        replace(parentLoc, new ArrayList<>());
      } else if (at.inFlow()) {
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Span s = itemSpan(q, i, true, 0);
          starts.add(s.start());
          ends.add(s.end());
        }
        removeFlow(starts, ends, at.index());
      } else {
        removeBlock(q.path(), i -> dashEnd(q, i) - 1,
            i -> itemSpan(q, i, false, at.parentIndent()).end(), n, at.index());
      }
    }
  }

  private List<Integer> entryStarts(YamlNode.Mapping m) {
    List<Integer> out = new ArrayList<>();
    for (YamlNode.Entry e : m.entries()) {
      out.add(idx(e.key().range().start()));
    }
    return out;
  }

  private List<Integer> entryEnds(YamlNode.Mapping m) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < m.entries().size(); i++) {
      out.add(entrySpan(m, i, true, 0).end());
    }
    return out;
  }

  private void removeFlow(List<Integer> starts, List<Integer> ends, int i) {
    if (i < starts.size() - 1) {
      splice(starts.get(i), starts.get(i + 1), "");
    } else {
      splice(ends.get(i - 1), ends.get(i), "");
    }
  }

  private void removeBlock(String where, java.util.function.IntUnaryOperator startOf,
      java.util.function.IntUnaryOperator endOf, int n, int i) {
    int s = startOf.applyAsInt(i);
    int ls = lineStartOf(s);
    if (blankFrom(ls, s)) {
      int le = lineEndOf(endOf.applyAsInt(i));
      int cut = nextLine(le);
      if (cut == text.length() && le == text.length() && ls > 0) {
        // the last line has no line break: take the one before it instead
        int from = ls - 1;
        if (from > 0 && text.charAt(from - 1) == '\r') {
          from--;
        }
        splice(from, le, "");
      } else {
        splice(ls, cut, "");
      }
    } else if (i == 0 && n > 1) {
      // a compact first entry ("- a: 1"): the next one moves up beside the dash
      splice(s, startOf.applyAsInt(1), "");
    } else {
      throw unsupported(where);
    }
  }

  /** Replaces the value at a location (which may be absent text) with data. */
  private void replace(Loc at, Object v) {
    Span sp = span(at);
    YamlNode old = at.node();
    if (at.inFlow()) {
      String t = Render.inline(v, true, quoteOf(old));
      splice(sp.start(), sp.end(), sp.empty() ? " " + t : t);
      return;
    }
    if (at.parent() instanceof YamlNode.Mapping m) {
      int colon = colonEnd(m, at.index(), false);
      if (Render.isBlock(v)) {
        StringBuilder sb = new StringBuilder(nl);
        Render.block(v, at.parentIndent() + 2, nl, sb);
        sb.setLength(sb.length() - nl.length());
        splice(colon, sp.end(), sb.toString());
      } else if (old instanceof YamlNode.Scalar && !sp.empty()) {
        splice(sp.start(), sp.end(), Render.inline(v, false, quoteOf(old)));
      } else {
        splice(colon, sp.end(), " " + Render.inline(v, false, Render.Quote.PLAIN));
      }
      return;
    }
    if (at.parent() instanceof YamlNode.Sequence q) {
      int dash = dashEnd(q, at.index());
      int itemIndent = dash - 1 - lineStartOf(dash - 1) + 2;
      if (old instanceof YamlNode.Scalar && !sp.empty() && !Render.isBlock(v)) {
        splice(sp.start(), sp.end(), Render.inline(v, false, quoteOf(old)));
      } else {
        splice(dash, sp.end(), " " + Render.item(v, itemIndent, nl));
      }
      return;
    }
    // the root
    if (Render.isBlock(v)) {
      StringBuilder sb = new StringBuilder();
      Render.block(v, 0, nl, sb);
      if (sp.empty()) {
        String sep = text.isEmpty() || text.endsWith("\n") ? "" : nl;
        splice(text.length(), text.length(), sep + sb);
      } else {
        sb.setLength(sb.length() - nl.length());
        splice(sp.start(), sp.end(), sb.toString());
      }
    } else {
      String t = Render.inline(v, false, quoteOf(old));
      if (sp.empty()) {
        String sep = text.isEmpty() || text.endsWith("\n") ? "" : nl;
        splice(text.length(), text.length(), sep + t + nl);
      } else {
        splice(sp.start(), sp.end(), t);
      }
    }
  }

  private Render.Quote quoteOf(YamlNode old) {
    if (old instanceof YamlNode.Scalar s && s.style() == YamlNode.Style.QUOTED) {
      int i = skipProps(idx(s.range().start()));
      if (i < text.length()) {
        return text.charAt(i) == '"' ? Render.Quote.DOUBLE : Render.Quote.SINGLE;
      }
    }
    return Render.Quote.PLAIN;
  }

  private void addEntry(Loc at, YamlNode.Mapping m, String key, Object v) {
    boolean flow = at.inFlow() || isFlow(m);
    if (m.entries().isEmpty()) {
      if (!at.inFlow()) {
        // "{}" in block context becomes a block mapping
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(key, v);
        replace(at, one);
        return;
      }
      int open = skipProps(idx(m.range().start()));
      splice(open + 1, open + 1, Render.string(key, true, Render.Quote.PLAIN) + ": "
          + Render.inline(v, true, Render.Quote.PLAIN));
      return;
    }
    int last = m.entries().size() - 1;
    if (flow) {
      int e = entrySpan(m, last, true, 0).end();
      splice(e, e, ", " + Render.string(key, true, Render.Quote.PLAIN) + ": "
          + Render.inline(v, true, Render.Quote.PLAIN));
      return;
    }
    int indent = indentOf(m);
    int e = lineEndOf(entrySpan(m, last, false, indent).end());
    StringBuilder sb = new StringBuilder(nl);
    sb.append(" ".repeat(indent)).append(Render.string(key, false, Render.Quote.PLAIN)).append(':');
    if (Render.isBlock(v)) {
      sb.append(nl);
      Render.block(v, indent + 2, nl, sb);
      sb.setLength(sb.length() - nl.length());
    } else {
      sb.append(' ').append(Render.inline(v, false, Render.Quote.PLAIN));
    }
    splice(e, e, sb.toString());
  }

  private void append(Loc at, YamlNode.Sequence q, Object v) {
    boolean flow = at.inFlow() || isFlow(q);
    if (q.items().isEmpty()) {
      if (!at.inFlow()) {
        List<Object> one = new ArrayList<>();
        one.add(v);
        replace(at, one);
        return;
      }
      int open = skipProps(idx(q.range().start()));
      splice(open + 1, open + 1, Render.inline(v, true, Render.Quote.PLAIN));
      return;
    }
    int last = q.items().size() - 1;
    if (flow) {
      int e = itemSpan(q, last, true, 0).end();
      splice(e, e, ", " + Render.inline(v, true, Render.Quote.PLAIN));
      return;
    }
    int indent = indentOf(q);
    int e = lineEndOf(itemSpan(q, last, false, indent).end());
    splice(e, e, nl + " ".repeat(indent) + "- " + Render.item(v, indent + 2, nl));
  }

  private void splice(int from, int to, String with) {
    text = text.substring(0, from) + with + text.substring(to);
  }

  /**
   * Runs an edit, re-reads the text and checks it holds the intended data; on any failure the
   * old text is restored.
   */
  private void edit(Object expected, String what, Runnable op) {
    String old = text;
    try {
      op.run();
      reparse();
      if (!Model.same(Model.of(root), expected)) {
        throw unsupported(what);
      }
    } catch (RuntimeException e) {
      text = old;
      reparse();
      if (e instanceof IllegalArgumentException && e.getMessage() != null
          && e.getMessage().contains(" is not a document esc4j can edit")) {
        throw unsupported(what);
      }
      throw e;
    }
  }

  private IllegalStateException unsupported(String where) {
    return new IllegalStateException("cannot edit " + (where.isEmpty() ? "the document" : where)
        + " of " + name + " in place without disturbing the text around it"
        + " (an unusual YAML layout); edit the file by hand");
  }

  // ---------------------------------------------------------------- secrets

  /** A {@code fn::secret} call: the call mapping and its argument. */
  private record Site(Loc call, YamlNode.Mapping mapping, YamlNode arg, boolean underValues) {}

  private List<Site> sites() {
    List<Site> out = new ArrayList<>();
    if (root != null) {
      walk(new Loc(root, null, -1, false, -1, List.of()), out);
    }
    return out;
  }

  private void walk(Loc at, List<Site> out) {
    YamlNode n = at.node();
    if (n instanceof YamlNode.Mapping m) {
      if (m.entries().size() == 1 && m.entries().get(0).key().value().equals(SECRET)) {
        boolean under = !at.path().isEmpty() && "values".equals(at.path().get(0));
        out.add(new Site(at, m, m.entries().get(0).value(), under));
        return;
      }
      for (int i = 0; i < m.entries().size(); i++) {
        walk(child(at, m.entries().get(i).key().value()).orElseThrow(), out);
      }
    } else if (n instanceof YamlNode.Sequence q) {
      for (int i = 0; i < q.items().size(); i++) {
        walk(child(at, i).orElseThrow(), out);
      }
    }
  }

  private static String literal(YamlNode arg) {
    if (!(arg instanceof YamlNode.Scalar s) || s.kind() != YamlNode.Kind.STRING) {
      return null;
    }
    String v = s.value();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '$' && i + 1 < v.length()) {
        char d = v.charAt(i + 1);
        if (d == '$') {
          sb.append('$');
          i++;
          continue;
        }
        if (d == '{') {
          return null; // an interpolation: not a literal, left alone
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static String ciphertextOf(YamlNode arg) {
    if (arg instanceof YamlNode.Mapping m && m.entries().size() == 1
        && m.entries().get(0).key().value().equals(CIPHERTEXT)
        && m.entries().get(0).value() instanceof YamlNode.Scalar s
        && s.kind() == YamlNode.Kind.STRING) {
      return s.value();
    }
    return null;
  }

  /**
   * Encrypts every plaintext {@code fn::secret: <string literal>} into {@code fn::secret:
   * {ciphertext: ...}}; malformed calls are left alone.
   *
   * @param encrypter the encrypter
   * @return how many values were encrypted
   * @throws CryptoException when encryption fails (the text is unchanged)
   */
  public int encryptAll(Encrypter encrypter) throws CryptoException {
    List<Site> todo = new ArrayList<>();
    List<String> b64 = new ArrayList<>();
    for (Site s : sites()) {
      String plain = literal(s.arg());
      if (plain != null) {
        todo.add(s);
        b64.add(Envelope.encode(encrypter.encrypt(plain.getBytes(StandardCharsets.UTF_8))));
      }
    }
    rewrite(todo, b64, true);
    return todo.size();
  }

  /**
   * Re-encrypts every ciphertext with another key (key rotation): each is decrypted and
   * encrypted again; only the base64 text changes.
   *
   * @param decrypter reads the current ciphertexts
   * @param encrypter writes the new ones
   * @return how many values were re-encrypted
   * @throws CryptoException when a value cannot be decrypted (the text is unchanged)
   */
  public int reencryptAll(Decrypter decrypter, Encrypter encrypter) throws CryptoException {
    List<int[]> spans = new ArrayList<>();
    List<String> b64 = new ArrayList<>();
    for (Site s : sites()) {
      String ct = ciphertextOf(s.arg());
      if (ct == null) {
        continue;
      }
      byte[] plain = decrypt(s, ct, decrypter);
      YamlNode.Mapping cm = (YamlNode.Mapping) s.arg();
      YamlNode.Scalar sc = (YamlNode.Scalar) cm.entries().get(0).value();
      int st = idx(sc.range().start());
      spans.add(new int[] {st, scalarEnd(sc, st, true, 0, false)});
      b64.add(Envelope.encode(encrypter.encrypt(plain)));
      java.util.Arrays.fill(plain, (byte) 0);
    }
    Object before = Model.of(root);
    String old = text;
    for (int i = spans.size() - 1; i >= 0; i--) {
      splice(spans.get(i)[0], spans.get(i)[1], b64.get(i));
    }
    try {
      reparse();
    } catch (IllegalArgumentException e) {
      text = old;
      reparse();
      throw unsupported("a ciphertext");
    }
    // the structure is the same, only ciphertext strings differ
    if (!sameShape(before, Model.of(root))) {
      text = old;
      reparse();
      throw unsupported("a ciphertext");
    }
    return spans.size();
  }

  private static boolean sameShape(Object a, Object b) {
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      for (Object k : x.keySet()) {
        if (!sameShape(x.get(k), y.get(k))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!sameShape(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a instanceof String && b instanceof String || Model.same(a, b);
  }

  private byte[] decrypt(Site s, String ct, Decrypter decrypter) throws CryptoException {
    String where = PropertyPath.format(s.call().path());
    byte[] payload;
    try {
      payload = Envelope.decode(ct);
    } catch (Envelope.Invalid e) {
      throw new CryptoException(where + ": invalid ciphertext: " + e.getMessage());
    }
    try {
      return decrypter.decrypt(payload);
    } catch (CryptoException e) {
      throw new CryptoException(where + ": decrypting: " + e.getMessage(), e);
    }
  }

  /**
   * The document with every ciphertext under {@code values} decrypted back to {@code fn::secret:
   * <plaintext>}. The editor's own text is not changed.
   *
   * @param decrypter the decrypter
   * @return the decrypted document text
   * @throws CryptoException when a value cannot be decrypted; the message names its path
   */
  public String decryptAll(Decrypter decrypter) throws CryptoException {
    List<Site> todo = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    for (Site s : sites()) {
      String ct = ciphertextOf(s.arg());
      if (ct != null && s.underValues()) {
        todo.add(s);
        plain.add(new String(decrypt(s, ct, decrypter), StandardCharsets.UTF_8));
      }
    }
    String old = text;
    YamlNode oldRoot = root;
    try {
      rewrite(todo, plain, false);
      return text();
    } finally {
      text = old;
      root = oldRoot;
      reparse();
    }
  }

  /**
   * Rewrites secret calls: to ciphertext ({@code encrypt}, {@code values} are base64 envelopes)
   * or to plaintext ({@code values} are plaintexts).
   */
  private void rewrite(List<Site> todo, List<String> values, boolean encrypt) {
    if (todo.isEmpty()) {
      return;
    }
    Object expected = Model.of(root);
    List<int[]> spans = new ArrayList<>();
    List<String> with = new ArrayList<>();
    for (int i = 0; i < todo.size(); i++) {
      Site s = todo.get(i);
      Object repl;
      if (encrypt) {
        Map<String, Object> ct = new LinkedHashMap<>();
        ct.put(CIPHERTEXT, values.get(i));
        repl = ct;
      } else {
        repl = values.get(i);
      }
      List<Object> argPath = new ArrayList<>(s.call().path());
      argPath.add(SECRET);
      expected = ModelOps.set(expected, argPath, repl, "");
      boolean flow = s.call().inFlow() || isFlow(s.mapping());
      int argStart = idx(s.arg().range().start());
      int argEnd = end(s.arg(), flow, flow ? 0 : indentOf(s.mapping()));
      if (encrypt) {
        if (flow) {
          spans.add(new int[] {argStart, argEnd});
          with.add("{" + CIPHERTEXT + ": " + values.get(i) + "}");
        } else {
          int colon = colonEnd(s.mapping(), 0, false);
          spans.add(new int[] {colon, argEnd});
          with.add(nl + " ".repeat(indentOf(s.mapping()) + 2) + CIPHERTEXT + ": " + values.get(i));
        }
      } else {
        String lit = Render.string(values.get(i).replace("$", "$$"), flow, Render.Quote.PLAIN);
        if (flow || isFlow(s.arg())) {
          spans.add(new int[] {argStart, argEnd});
          with.add(lit);
        } else {
          spans.add(new int[] {colonEnd(s.mapping(), 0, false), argEnd});
          with.add(" " + lit);
        }
      }
    }
    String old = text;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt((Integer i) -> spans.get(i)[0]).reversed());
    for (int i : order) {
      splice(spans.get(i)[0], spans.get(i)[1], with.get(i));
    }
    try {
      reparse();
      if (!Model.same(Model.of(root), expected)) {
        throw unsupported("a secret");
      }
    } catch (RuntimeException e) {
      text = old;
      reparse();
      throw e instanceof IllegalStateException ? e : unsupported("a secret");
    }
  }
}

package io.esc4j.internal.syntax;

import io.esc4j.Diagnostic;
import io.esc4j.EvalLimits;
import io.esc4j.SourcePos;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Decodes YAML bytes into {@link YamlNode}s with source positions. The only class that touches
 * the YAML library: SnakeYAML's event parser (the parser under Jackson's YAML module, read
 * directly because its events carry the positions, and Jackson's token layer would type every
 * scalar with regular expressions only for this class to type it again by the reference's rules).
 *
 * <p>Only the first document is read. Aliases are rejected (so alias bombs cannot expand),
 * anchors and tags are ignored, plain scalars are typed with YAML 1.2 core-schema rules as the
 * reference evaluator's YAML library applies them, and limits on size, depth and node count are
 * enforced while reading. Problems become diagnostics; this class never throws for bad input.
 */
public final class YamlDecoder {
  private final String env;
  private final SourceText src;
  private final EvalLimits limits;
  private final Diagnostics diags;
  private int nodes;
  private SourcePos lastAliasEnd = SourcePos.NONE;
  private boolean limitReported;

  private YamlDecoder(String env, SourceText src, EvalLimits limits, Diagnostics diags) {
    this.env = env;
    this.src = src;
    this.limits = limits;
    this.diags = diags;
  }

  /**
   * The result of decoding.
   *
   * @param source the indexed text (null when the bytes could not be decoded as text)
   * @param root the root node, or {@code null} for an empty document or a syntax error
   * @param syntaxError whether the YAML could not be parsed
   */
  public record Result(SourceText source, YamlNode root, boolean syntaxError) {}

  /**
   * Decodes a document.
   *
   * @param env the environment name (for ranges)
   * @param bytes the document
   * @param limits size and depth limits
   * @param diags where problems go
   * @return the decoded document
   */
  public static Result decode(String env, byte[] bytes, EvalLimits limits, Diagnostics diags) {
    if (bytes.length > limits.maxDocumentBytes()) {
      diags.add(new Diagnostic(Diagnostic.Severity.ERROR, env, SourcePos.NONE, SourcePos.NONE,
          String.format(Locale.ROOT, "the document is %,d bytes, more than the limit of %,d bytes",
              bytes.length, limits.maxDocumentBytes()),
          "", "split it into several environments, or raise EvalLimits.maxDocumentBytes"));
      return new Result(new SourceText(env, ""), null, true);
    }
    // ASCII, the usual case: the String constructor copies it in bulk. As many chars as bytes and
    // no U+FFFD means every byte was below 0x80 (a valid multi-byte sequence gives fewer chars; a
    // malformed byte gives U+FFFD, which indexOf finds, or rules out at once in an ASCII string).
    // Anything else goes to the strict decoder, which finds the bad byte.
    String ascii = new String(bytes, StandardCharsets.UTF_8);
    if (ascii.length() == bytes.length && ascii.indexOf('\uFFFD') < 0) {
      return new YamlDecoder(env, new SourceText(env, ascii, true), limits, diags).run();
    }
    String text;
    try {
      CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      text = dec.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int bad = firstInvalidUtf8(bytes);
      String prefix = new String(bytes, 0, bad, StandardCharsets.UTF_8);
      SourceText partial = new SourceText(env, prefix);
      int line = 1;
      int lastNl = -1;
      for (int i = 0; i < prefix.length(); i++) {
        if (prefix.charAt(i) == '\n') {
          line++;
          lastNl = i;
        }
      }
      int col = prefix.codePointCount(lastNl + 1, prefix.length()) + 1;
      SourcePos p = new SourcePos(line, col, bad);
      diags.add(new Diagnostic(Diagnostic.Severity.ERROR, env, p, p,
          "the document is not valid UTF-8 (byte offset " + bad + ")", "",
          "save the file as UTF-8"));
      return new Result(partial, null, true);
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    SourceText src = new SourceText(env, text);
    YamlDecoder d = new YamlDecoder(env, src, limits, diags);
    return d.run();
  }

  private static int firstInvalidUtf8(byte[] bytes) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    dec.decode(in, out, true);
    return in.position();
  }

  /** Loader options per distinct size limit (never changed once built, so safe to share). */
  private static final java.util.concurrent.ConcurrentHashMap<Integer, LoaderOptions> OPTIONS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The options of the last limit asked for: nearly every application has one limit. */
  private static volatile LoaderOptions lastOptions;

  private static LoaderOptions options(EvalLimits limits) {
    int max = limits.maxDocumentBytes();
    LoaderOptions last = lastOptions;
    if (last != null && last.getCodePointLimit() == Math.max(max, 1) + 1) {
      return last;
    }
    LoaderOptions lo = optionsFor(max);
    lastOptions = lo;
    return lo;
  }

  private static LoaderOptions optionsFor(int maxBytes) {
    return OPTIONS.computeIfAbsent(maxBytes, max -> {
      LoaderOptions lo = new LoaderOptions();
      lo.setAllowDuplicateKeys(true);
      lo.setCodePointLimit(Math.max(max, 1) + 1);
      lo.setMaxAliasesForCollections(Integer.MAX_VALUE);
      return lo;
    });
  }

  private ParserImpl parser;

  /**
   * Events are read from the parser in batches, then turned into nodes: the nodes of a batch are
   * then allocated next to each other instead of amid the parser's garbage (tokens, marks,
   * events), and the passes after decoding find them together (docs/performance.md, session 6).
   */
  private static final int BATCH = 256;
  private final Event[] batch = new Event[BATCH];
  private int batched;
  private int taken;
  /** What the parser threw after the events batched so far: thrown when they are used up. */
  private RuntimeException failure;
  private boolean streamEnded;

  /** The next event of the document, skipping stream and document boundaries. */
  private Event next() {
    if (taken == batched) {
      fill();
    }
    return batch[taken++];
  }

  private void fill() {
    if (failure != null) {
      RuntimeException f = failure;
      failure = null;
      throw f;
    }
    batched = 0;
    taken = 0;
    try {
      while (batched < BATCH && !streamEnded) {
        Event e = parser.getEvent();
        switch (e.getEventId()) {
          case StreamStart, DocumentStart, DocumentEnd, Comment -> { }
          default -> {
            batch[batched++] = e;
            streamEnded = e.getEventId() == Event.ID.StreamEnd;
          }
        }
      }
    } catch (RuntimeException e) {
      if (batched == 0) {
        throw e;
      }
      failure = e;
    }
    if (batched == 0) {
      throw new IllegalStateException("no YAML event after the end of the stream");
    }
  }

  private Result run() {
    try {
      parser = new ParserImpl(new StreamReader(new StringReader(src.text())), options(limits));
      Event first = next();
      if (first.getEventId() == Event.ID.StreamEnd) {
        return new Result(src, null, false);
      }
      YamlNode root = node(first, "", 0);
      if (root == null && diags.hasErrors() && limitReported) {
        return new Result(src, null, true);
      }
      return new Result(src, root, limitReported);
    } catch (LimitExceeded e) {
      return new Result(src, null, true);
    } catch (RuntimeException e) {
      syntaxError(e);
      return new Result(src, null, true);
    }
  }

  /** Thrown internally when a limit is hit; the diagnostic is already reported. */
  private static final class LimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LimitExceeded() {
      super(null, null, false, false);
    }
  }

  private void syntaxError(Exception e) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof MarkedYAMLException) && !(cause instanceof ReaderException)) {
      cause = cause.getCause();
    }
    String problem;
    SourcePos at = SourcePos.NONE;
    if (cause instanceof ReaderException r) {
      // a character YAML does not allow (NUL, other control characters): the reader reports the
      // code point index, not a line, so locate it in the text
      problem = String.format(Locale.ROOT, "control characters are not allowed (found U+%04X)", r.getCodePoint());
      at = positionOfCodePoint(r.getPosition());
    } else if (cause instanceof MarkedYAMLException m) {
      problem = m.getProblem() != null ? m.getProblem() : m.getContext();
      if (m.getProblemMark() != null) {
        at = src.pos(m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1);
      }
    } else {
      problem = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }
    problem = problem == null ? "invalid YAML" : problem.replaceAll("\\s+", " ").trim();
    String fix = "";
    if (problem.contains("\\t") || problem.contains("'\t'") || problem.toLowerCase(Locale.ROOT).contains("tab")) {
      fix = "indent with spaces: YAML does not allow tabs for indentation";
    }
    String summary = "yaml: " + (at.isKnown() ? "line " + at.line() + ": " : "") + problem;
    diags.add(new Diagnostic(Diagnostic.Severity.ERROR, env, at, at, summary, "", fix));
  }

  private SourcePos positionOfCodePoint(int index) {
    String s = src.text();
    int ci;
    try {
      ci = s.offsetByCodePoints(0, Math.max(0, index));
    } catch (IndexOutOfBoundsException ex) {
      return SourcePos.NONE;
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < ci; i++) {
      if (s.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return src.pos(line, s.codePointCount(lineStart, ci) + 1);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private void tooDeep(SourcePos at) {
    limit(new Range(env, at, at), "the document is nested more than " + limits.maxDepth() + " levels deep",
        "flatten the document, or raise EvalLimits.maxDepth");
  }

  private void count(SourcePos at) {
    if (++nodes > limits.maxNodes()) {
      limit(new Range(env, at, at), String.format(Locale.ROOT, "the document has more than %,d YAML nodes", limits.maxNodes()),
          "raise EvalLimits.maxNodes");
    }
  }

  private void limit(Range at, String summary, String fix) {
    limitReported = true;
    diags.add(Diagnostic.Severity.ERROR, at, "", summary, fix);
    throw new LimitExceeded();
  }

  private SourcePos startOf(Event e) {
    Mark m = e.getStartMark();
    return src.pos(m.getLine() + 1, m.getColumn() + 1);
  }

  private YamlNode node(Event e, String path, int depth) {
    SourcePos start = startOf(e);
    count(start);
    switch (e.getEventId()) {
      case Alias -> {
        SourcePos aliasEnd = src.pos(start.line(), start.column() + utf8(((AliasEvent) e).getAnchor()));
        diags.error(new Range(env, start, aliasEnd), path, "alias nodes are not supported");
        lastAliasEnd = aliasEnd;
        return null;
      }
      case MappingStart -> {
        if (depth >= limits.maxDepth()) {
          tooDeep(start);
        }
        List<YamlNode.Entry> entries = new ArrayList<>();
        // the end: where endRange ends, or (without one) endPos
        Range endRange = null;
        SourcePos endPos = start;
        Event k;
        while ((k = next()).getEventId() != Event.ID.MappingEnd) {
          SourcePos ks = startOf(k);
          String name = k instanceof ScalarEvent se ? se.getValue() : null;
          String childPath = joinKey(path, name == null ? "" : name);
          YamlNode.Scalar key = keyScalar(k, name, ks, path, childPath, depth);
          Event vt = next();
          YamlNode value = node(vt, childPath, depth + 1);
          if (key != null) {
            entries.add(new YamlNode.Entry(key, value));
          }
          if (value != null) {
            endRange = value.range();
          } else if (lastAliasEnd.isKnown()) {
            endRange = null;
            endPos = lastAliasEnd;
          } else if (key != null) {
            endRange = key.range();
          }
          lastAliasEnd = SourcePos.NONE;
        }
        Range r = endRange != null ? new Range(env, start, endRange) : new Range(env, start, endPos);
        return new YamlNode.Mapping(r, path, List.copyOf(entries));
      }
      case SequenceStart -> {
        if (depth >= limits.maxDepth()) {
          tooDeep(start);
        }
        List<YamlNode> items = new ArrayList<>();
        Range endRange = null;
        Event it;
        int i = 0;
        while ((it = next()).getEventId() != Event.ID.SequenceEnd) {
          YamlNode n = node(it, path + "[" + i + "]", depth + 1);
          items.add(n);
          if (n != null) {
            endRange = n.range();
          }
          i++;
        }
        Range r = endRange != null ? new Range(env, start, endRange) : new Range(env, start, start);
        return new YamlNode.Sequence(r, path, java.util.Collections.unmodifiableList(items));
      }
      case Scalar -> {
        ScalarEvent se = (ScalarEvent) e;
        return scalarFrom(se.getValue(), start, path, se.getEndMark());
      }
      default -> throw new IllegalStateException("unexpected YAML event " + e.getEventId());
    }
  }

  /** A mapping key: only strings are keys; anything else is reported and its node skipped. */
  private YamlNode.Scalar keyScalar(Event k, String name, SourcePos ks, String parentPath, String path, int depth) {
    if (k.getEventId() == Event.ID.Alias) {
      node(k, parentPath, depth + 1); // reports it
      lastAliasEnd = SourcePos.NONE;
      return null;
    }
    if (name == null) {
      // a collection as a key (`? [a, b]`, `{[1]: 2}`): read it for its limits, then report it
      node(k, parentPath, depth + 1);
      diags.error(new Range(env, ks, ks), parentPath, "mapping keys must be strings");
      return null;
    }
    YamlNode.Scalar s = scalarFrom(name, ks, path, k.getEndMark());
    if (s.kind() != YamlNode.Kind.STRING) {
      diags.error(s.range(), s.path(), "mapping keys must be strings");
      return null;
    }
    return s;
  }

  private YamlNode.Scalar scalarFrom(String text, SourcePos start, String path, Mark after) {
    int ci = charIndex(start);
    YamlNode.Style style = YamlNode.Style.PLAIN;
    int tagLen = -1;
    String s = src.text();
    int i = ci;
    // skip anchors and tags that precede the scalar's own text
    for (int guard = 0; guard < 4 && i < s.length(); guard++) {
      char c = s.charAt(i);
      if (c == '&' || c == '!') {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j))) {
          j++;
        }
        if (c == '!') {
          tagLen = j - i;
        }
        while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
          j++;
        }
        i = j;
      } else {
        break;
      }
    }
    if (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        style = YamlNode.Style.QUOTED;
      } else if (c == '|' || c == '>') {
        style = YamlNode.Style.BLOCK;
      }
    }
    YamlNode.Kind kind = YamlNode.Kind.STRING;
    String value = text;
    if (style == YamlNode.Style.PLAIN && !(text.length() > 0 && plainString(text.charAt(0)))) {
      // (an explicitly tagged plain scalar, too: the reference resolves it by its text)
      Plain resolved = resolvePlain(text);
      kind = resolved.kind();
      value = resolved.value();
    }
    // end position: same line, start + UTF-8 length; block scalars add lines
    int endLine;
    int endColumn;
    int extra = tagLen >= 0 ? tagLen + 1 : 0;
    int nl = text.lastIndexOf('\n');
    boolean literal = style == YamlNode.Style.BLOCK && s.charAt(i) == '|';
    if (literal && nl >= 0) {
      int lines = 0;
      for (int k = 0; k < text.length(); k++) {
        if (text.charAt(k) == '\n') {
          lines++;
        }
      }
      endLine = start.line() + lines;
      endColumn = start.column() + utf8(text.substring(nl + 1));
    } else {
      endLine = start.line();
      endColumn = start.column() + utf8(text) + extra;
    }
    boolean singleLine = nl < 0 && (after == null || after.getLine() + 1 == start.line());
    Range r = new Range(env, start, endLine, endColumn, src.byteOffset(endLine, endColumn));
    return new YamlNode.Scalar(r, path, kind, value, style, singleLine);
  }

  private int charIndex(SourcePos pos) {
    int i = src.charIndex(pos.line(), pos.column());
    return i < 0 ? src.text().length() : i;
  }

  private static int utf8(String s) {
    return SourceText.utf8Length(s);
  }

  /**
   * Joins a document path and a key: {@code .k} for simple keys, {@code ["k"]} otherwise.
   *
   * @param path the parent path
   * @param key the key
   * @return the child path
   */
  public static String joinKey(String path, String key) {
    if (key.isEmpty()) {
      return path;
    }
    char first = key.charAt(0);
    boolean simple = first < '0' || first > '9';
    for (int i = 0; simple && i < key.length(); i++) {
      char c = key.charAt(i);
      simple = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }
    if (simple) {
      return path.isEmpty() ? key : new StringBuilder(path.length() + 1 + key.length())
          .append(path).append('.').append(key).toString();
    }
    return path + "[\"" + key.replace("\"", "\\\"") + "\"]";
  }

  /** Whether a plain scalar that starts with {@code c} is a string whatever follows. */
  private static boolean plainString(char c) {
    return switch (c) {
      case '~', 'n', 'N', 't', 'T', 'f', 'F', '-', '+', '.' -> false;
      default -> c < '0' || c > '9';
    };
  }

  /**
   * Types a plain scalar as the reference YAML library does.
   *
   * @param s the scalar text
   * @return {kind, value}
   */
  static Plain resolvePlain(String s) {
    if (s.isEmpty()) {
      return NULL;
    }
    char c0 = s.charAt(0);
    switch (c0) {
      case '~', 'n', 'N', 't', 'T', 'f', 'F' -> {
        switch (s) {
          case "~", "null", "Null", "NULL" -> {
            return NULL;
          }
          case "true", "True", "TRUE" -> {
            return TRUE;
          }
          case "false", "False", "FALSE" -> {
            return FALSE;
          }
          default -> {
            return new Plain(YamlNode.Kind.STRING, s);
          }
        }
      }
      default -> { }
    }
    if (!(c0 >= '0' && c0 <= '9') && c0 != '-' && c0 != '+' && c0 != '.') {
      return new Plain(YamlNode.Kind.STRING, s);
    }
    String plain = s.indexOf('_') >= 0 ? s.replace("_", "") : s;
    String i = GoNumbers.parseInt(plain);
    if (i != null) {
      return new Plain(YamlNode.Kind.NUMBER, i);
    }
    String f = GoNumbers.parseFloat(plain);
    if (f != null) {
      return new Plain(YamlNode.Kind.NUMBER, f);
    }
    return new Plain(YamlNode.Kind.STRING, s);
  }

  /**
   * A plain scalar's type and value.
   *
   * @param kind the kind
   * @param value the value (numbers normalized as the reference does)
   */
  record Plain(YamlNode.Kind kind, String value) {}

  private static final Plain NULL = new Plain(YamlNode.Kind.NULL, "");
  private static final Plain TRUE = new Plain(YamlNode.Kind.BOOL, "true");
  private static final Plain FALSE = new Plain(YamlNode.Kind.BOOL, "false");
}

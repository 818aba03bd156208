package io.esc4j.internal.syntax;

import io.esc4j.SourcePos;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of one document, with what is needed to turn parser positions into {@link SourcePos}
 * and to show source lines in messages without revealing secrets.
 *
 * <p>Byte offsets follow the reference evaluator exactly, quirks included: on a line with
 * non-ASCII text the byte offset is found by walking display cells, so wide characters shift it;
 * everything on the last line of a file without a trailing newline has byte offset 0.
 *
 * <p>Not thread-safe while masks are added; read-only afterwards.
 */
public final class SourceText {
  private final String name;
  private final String text;
  private final int[] lineStartChar; // char index of each line start (0-based lines)
  private final long[] lineStartByte;
  private final int pieces; // number of pieces when splitting on '\n'
  private static final String SECRET_KEY = "fn::secret";
  private final List<int[]> masks = new ArrayList<>(); // {line, fromCol, toLine, toCol}
  private List<int[]> textualMasks; // computed when a line is first shown

  /**
   * Indexes a document.
   *
   * @param name the environment name
   * @param text the decoded text
   */
  public SourceText(String name, String text) {
    this(name, text, false);
  }

  /**
   * Indexes a document whose text may be known to be ASCII.
   *
   * @param name the environment name
   * @param text the decoded text
   * @param ascii true when every char is below U+0080 (as when the UTF-8 bytes were as many as
   *     the chars): byte offsets are char offsets, no line is scanned
   */
  public SourceText(String name, String text, boolean ascii) {
    this.name = name;
    this.text = text;
    int[] starts = new int[16];
    int count = 1;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (count == starts.length) {
        starts = java.util.Arrays.copyOf(starts, count * 2);
      }
      starts[count++] = i + 1;
    }
    pieces = count;
    lineStartChar = java.util.Arrays.copyOf(starts, count);
    lineStartByte = new long[lineStartChar.length];
    if (ascii) {
      for (int l = 0; l < lineStartChar.length; l++) {
        lineStartByte[l] = lineStartChar[l];
      }
      lineAscii = new byte[lineStartChar.length];
      java.util.Arrays.fill(lineAscii, (byte) 1);
      return;
    }
    long b = 0;
    int prev = 0;
    for (int l = 0; l < lineStartChar.length; l++) {
      b += utf8Length(text, prev, lineStartChar[l]);
      prev = lineStartChar[l];
      lineStartByte[l] = b;
    }
  }

  /**
   * The environment name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The decoded text.
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * Builds a position from a 1-based line and column (code points).
   *
   * @param line the line
   * @param column the column
   * @return the position with its byte offset
   */
  public SourcePos pos(int line, int column) {
    return new SourcePos(line, column, byteOffset(line, column));
  }

  /** Per line: 0 unknown, 1 ASCII, 2 not (computed once: many positions fall on one line). */
  private byte[] lineAscii;

  private boolean isAscii(int l) {
    if (lineAscii == null) {
      lineAscii = new byte[lineStartChar.length];
    }
    if (lineAscii[l] == 0) {
      byte a = 1;
      for (int i = lineStartChar[l], to = lineEnd(l); i < to; i++) {
        if (text.charAt(i) >= 0x80) {
          a = 2;
          break;
        }
      }
      lineAscii[l] = a;
    }
    return lineAscii[l] == 1;
  }

  /**
   * The byte offset the reference evaluator reports for a line and column.
   *
   * @param line 1-based line
   * @param column 1-based column
   * @return the byte offset
   */
  public long byteOffset(int line, int column) {
    if (line >= pieces || line < 1) {
      return 0;
    }
    int from = lineStartChar[line - 1];
    int to = lineEnd(line - 1);
    long base = lineStartByte[line - 1];
    if (isAscii(line - 1)) {
      return base + column - 1;
    }
    long off = 0;
    int c = 1;
    int i = from;
    while (i < to && c < column) {
      int cp = text.codePointAt(i);
      off += utf8Length(cp);
      c += width(cp);
      i += Character.charCount(cp);
    }
    return base + off;
  }

  /**
   * The position at an offset inside a single-line plain scalar that starts at {@code start}.
   *
   * @param start the scalar's start
   * @param value the scalar's decoded value
   * @param charOffset the char offset inside the value
   * @return the position
   */
  public static SourcePos inside(SourcePos start, String value, int charOffset) {
    int col = start.column() + displayWidth(value, 0, charOffset);
    long b = start.offset() + utf8Length(value, 0, charOffset);
    return new SourcePos(start.line(), col, b);
  }

  /**
   * Masks a span when this source is shown in messages (secret literals).
   *
   * @param range the span to mask
   */
  public void mask(Range range) {
    if (!range.isKnown()) {
      return;
    }
    int line = range.start().line();
    int col = range.start().column();
    int endLine = range.end().line();
    int endCol = range.end().column();
    // a scalar's range may stop short of its text (quotes, escapes, folded or continued lines):
    // mask the text as it is written
    int at = charIndex(line, col);
    if (at >= 0 && at < text.length()) {
      char c = text.charAt(at);
      if (c == '"' || c == '\'') {
        int close = closingQuote(at, c);
        int closeLine = lineIndex(close);
        endLine = closeLine + 1;
        endCol = text.codePointCount(lineStartChar[closeLine], close) + 2;
      } else if (c == '|' || c == '>') {
        endLine = lastMoreIndented(line - 1) + 1;
        endCol = Integer.MAX_VALUE;
      } else if (c != '[' && c != '{' && endLine == line) {
        int end = charIndex(endLine, endCol);
        int lineEnd = lineEnd(line - 1);
        String after = end < 0 || end > lineEnd ? "" : text.substring(end, lineEnd);
        if (after.isBlank() || after.stripLeading().startsWith("#")) {
          int last = lastMoreIndented(line - 1);
          if (last > line - 1) {
            endLine = last + 1;
            endCol = Integer.MAX_VALUE;
          }
        }
      }
    }
    masks.add(new int[] {line, col, endLine, endCol});
    textualMasks = null;
  }

  /** The char index of a 1-based line and column (code points), or -1 when out of range. */
  int charIndex(int line, int column) {
    if (line < 1 || line > lineStartChar.length) {
      return -1;
    }
    int from = lineStartChar[line - 1];
    if (isAscii(line - 1)) {
      int i = from + Math.max(0, column - 1);
      return i <= text.length() ? i : -1;
    }
    try {
      return text.offsetByCodePoints(from, Math.max(0, column - 1));
    } catch (IndexOutOfBoundsException e) {
      return -1;
    }
  }

  /** The char index of the quote closing the scalar opened at {@code open}, or the last char. */
  private int closingQuote(int open, char quote) {
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quote == '"' && c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return Math.max(open, text.length() - 1);
  }

  /** The last 0-based line after {@code line} that is blank or indented more than it. */
  private int lastMoreIndented(int line) {
    int indent = leadingSpaces(line);
    int last = line;
    for (int n = line + 1; n < lineStartChar.length; n++) {
      String t = text.substring(lineStartChar[n], lineEnd(n));
      if (t.isBlank()) {
        continue;
      }
      if (leadingSpaces(n) <= indent) {
        break;
      }
      last = n;
    }
    return last;
  }

  private int leadingSpaces(int line) {
    int from = lineStartChar[line];
    int to = lineEnd(line);
    int i = from;
    while (i < to && text.charAt(i) == ' ') {
      i++;
    }
    return i - from;
  }

  /**
   * Masks for {@code fn::secret} plaintext that the parser did not mask: in a document that is not
   * valid YAML, or whose structure kept the call from being parsed ({@code values} not a mapping),
   * the source line shown with an error must still hide the secret. Everything after the {@code
   * fn::secret} key on its line, and the more-indented lines that follow it, is masked. Ciphertext
   * is left visible.
   */
  private List<int[]> textualMasks() {
    List<int[]> l = textualMasks;
    if (l != null) {
      return l;
    }
    l = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.length() != text.length()) {
      // case folding changed the length (rare scripts): search the original text as it is
      lower = text;
    }
    for (int at = lower.indexOf(SECRET_KEY); at >= 0; at = lower.indexOf(SECRET_KEY, at + 1)) {
      int line = lineIndex(at);
      int from = lineStartChar[line];
      int keyCol = text.codePointCount(from, at) + 1;
      int after = at + SECRET_KEY.length();
      while (after < lineEnd(line) && (text.charAt(after) == '"' || text.charAt(after) == '\'' || text.charAt(after) == ':')) {
        after++;
      }
      int afterCol = text.codePointCount(from, after) + 1;
      String rest = text.substring(at + SECRET_KEY.length(), lineEnd(line));
      int last = line;
      String firstContinuation = null;
      for (int n = line + 1; n < lineStartChar.length; n++) {
        String t = text.substring(lineStartChar[n], lineEnd(n));
        if (t.isBlank()) {
          continue;
        }
        int indent = 0;
        while (indent < t.length() && t.charAt(indent) == ' ') {
          indent++;
        }
        if (indent < keyCol) {
          break;
        }
        if (firstContinuation == null) {
          firstContinuation = t.strip();
        }
        last = n;
      }
      String head = rest.replaceFirst("^[\\s\"':{]*", "");
      if (head.isEmpty() && firstContinuation != null) {
        head = firstContinuation.replaceFirst("^[\\s\"'{-]*", "");
      }
      if (head.startsWith("ciphertext") || maskedByParser(line + 1, keyCol, last + 1)) {
        continue;
      }
      l.add(new int[] {line + 1, afterCol, last + 1, Integer.MAX_VALUE});
    }
    textualMasks = l;
    return l;
  }

  private boolean maskedByParser(int line, int keyCol, int lastLine) {
    for (int[] m : masks) {
      if ((m[0] == line && m[1] > keyCol) || (m[0] > line && m[0] <= lastLine)) {
        return true;
      }
    }
    return false;
  }

  private int lineIndex(int charIndex) {
    int lo = 0;
    int hi = lineStartChar.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStartChar[mid] <= charIndex) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * One line of the source for a message, with masked spans replaced by {@code *}, and control,
   * line-separator and bidirectional-override characters by U+FFFD (they would garble a terminal
   * or a log, or make the line read differently from what the parser saw).
   *
   * @param line 1-based line
   * @return the line text, or {@code null} when there is no such line
   */
  public String displayLine(int line) {
    if (line < 1 || line > lineStartChar.length) {
      return null;
    }
    String s = text.substring(lineStartChar[line - 1], lineEnd(line - 1));
    if (s.endsWith("\r")) {
      s = s.substring(0, s.length() - 1);
    }
    int[] cps = s.codePoints().toArray();
    boolean changed = false;
    List<int[]> all = new ArrayList<>(masks);
    all.addAll(textualMasks());
    for (int[] m : all) {
      if (line < m[0] || line > m[2]) {
        continue;
      }
      int from = line == m[0] ? m[1] - 1 : 0;
      int to = line == m[2] ? m[3] - 1 : cps.length;
      if (m[0] == m[2] && to <= from) {
        to = cps.length;
      }
      for (int i = Math.max(0, from); i < Math.min(cps.length, to); i++) {
        if (cps[i] != ' ') {
          cps[i] = '*';
          changed = true;
        }
      }
    }
    for (int i = 0; i < cps.length; i++) {
      int type = Character.getType(cps[i]);
      if ((type == Character.CONTROL && cps[i] != '\t')
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || (cps[i] >= 0x202A && cps[i] <= 0x202E)
          || (cps[i] >= 0x2066 && cps[i] <= 0x2069)) {
        cps[i] = '\uFFFD';
        changed = true;
      }
    }
    return changed ? new String(cps, 0, cps.length) : s;
  }

  private int lineEnd(int l) {
    return l + 1 < lineStartChar.length ? lineStartChar[l + 1] - 1 : text.length();
  }

  /**
   * UTF-8 length of a char range.
   *
   * @param s the string
   * @param from start char index
   * @param to end char index
   * @return bytes
   */
  public static long utf8Length(String s, int from, int to) {
    long n = 0;
    for (int i = from; i < to; ) {
      int cp = s.codePointAt(i);
      n += utf8Length(cp);
      i += Character.charCount(cp);
    }
    return n;
  }

  /**
   * UTF-8 length of a whole string.
   *
   * @param s the string
   * @return bytes
   */
  public static int utf8Length(String s) {
    // what s.getBytes(UTF_8).length gives, without encoding: an unpaired surrogate becomes '?'
    int len = s.length();
    int n = 0;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += Character.isSurrogate(c) ? 1 : 3;
      }
    }
    return n;
  }

  private static int utf8Length(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  /**
   * Display width of a char range (East Asian wide = 2, combining = 0, else 1).
   *
   * @param s the string
   * @param from start char index
   * @param to end char index
   * @return display cells
   */
  public static int displayWidth(String s, int from, int to) {
    int w = 0;
    for (int i = from; i < to; ) {
      int cp = s.codePointAt(i);
      w += width(cp);
      i += Character.charCount(cp);
    }
    return w;
  }

  /**
   * Display width of one code point.
   *
   * @param cp the code point
   * @return 0, 1 or 2
   */
  static int width(int cp) {
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT
        || cp == 0x200B) {
      return 0;
    }
    if ((cp >= 0x1100 && cp <= 0x115F)
        || (cp >= 0x2E80 && cp <= 0x303E)
        || (cp >= 0x3041 && cp <= 0x33FF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0xA000 && cp <= 0xA4CF)
        || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x1F300 && cp <= 0x1F64F)
        || (cp >= 0x1F900 && cp <= 0x1F9FF)
        || (cp >= 0x20000 && cp <= 0x3FFFD)) {
      return 2;
    }
    return 1;
  }
}

package io.esc4j.internal.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.esc4j.Diagnostic;
import io.esc4j.EvalLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the decoder makes of YAML that the reference suite does not cover. */
class YamlDecoderTest {
  static Diagnostics decode(String yaml, YamlDecoder.Result[] out) {
    Diagnostics d = new Diagnostics();
    out[0] = YamlDecoder.decode("t/e", yaml.getBytes(StandardCharsets.UTF_8), EvalLimits.defaults(), d);
    return d;
  }

  /** Decodes a document that has exactly one problem, and checks it. */
  static YamlNode.Mapping decodeWithOne(String yaml, String summary, int line, int column) {
    YamlDecoder.Result[] r = new YamlDecoder.Result[1];
    Diagnostics d = decode(yaml, r);
    assertThat(d.list()).extracting(Diagnostic::summary).containsExactly(summary);
    assertThat(d.list().get(0).start().line()).isEqualTo(line);
    assertThat(d.list().get(0).start().column()).isEqualTo(column);
    return (YamlNode.Mapping) r[0].root();
  }

  @Test
  void aCollectionAsAKeyIsReportedAtTheKeyAndTheRestIsRead() {
    YamlNode.Mapping m = decodeWithOne("a: 1\n? [x, y]\n: 2\nb: 3\n", "mapping keys must be strings", 2, 3);
    assertThat(m.entries()).extracting(e -> e.key().value()).containsExactly("a", "b");
  }

  @Test
  void anAliasAsAKeyIsReportedAsAnAlias() {
    YamlNode.Mapping m = decodeWithOne("a: &k key\n*k : 2\n", "alias nodes are not supported", 2, 1);
    assertThat(m.entries()).extracting(e -> e.key().value()).containsExactly("a");
  }

  @Test
  void scalarsAreTypedAndPositionedAsTheReferenceDoes() {
    YamlDecoder.Result[] r = new YamlDecoder.Result[1];
    Diagnostics d = decode("n: ~\nt: True\nf: FALSE\ni: 0x1F\nx: 1_000\ns: nope\nq: \"1\"\nu: é1\n", r);
    assertThat(d.list()).isEmpty();
    YamlNode.Mapping m = (YamlNode.Mapping) r[0].root();
    assertThat(m.entries()).extracting(e -> ((YamlNode.Scalar) e.value()).kind() + " " + ((YamlNode.Scalar) e.value()).value())
        .containsExactly("NULL ", "BOOL true", "BOOL false", "NUMBER 31", "NUMBER 1000", "STRING nope", "STRING 1",
            "STRING é1");
    YamlNode.Scalar u = (YamlNode.Scalar) m.entries().get(7).value();
    // columns count code points, offsets count UTF-8 bytes
    assertThat(u.range().end().column()).isEqualTo(7);
    assertThat(u.range().end().offset()).isEqualTo(u.range().start().offset() + 3);
  }

  @Test
  void aSingleInvalidByteIsReportedThoughItDecodesToAsManyCharsAsBytes() {
    // one malformed byte becomes one U+FFFD: the ASCII fast path must not take the text as ASCII
    byte[] doc = {'a', ':', ' ', (byte) 0xFF, '\n'};
    Diagnostics d = new Diagnostics();
    YamlDecoder.Result r = YamlDecoder.decode("t/e", doc, EvalLimits.defaults(), d);
    assertThat(r.syntaxError()).isTrue();
    assertThat(d.list()).extracting(Diagnostic::summary).containsExactly("the document is not valid UTF-8 (byte offset 3)");
  }

  @Test
  void asciiAndNonAsciiDocumentsGetTheSameOffsetsOnTheirAsciiLines() {
    YamlDecoder.Result[] ascii = new YamlDecoder.Result[1];
    YamlDecoder.Result[] utf8 = new YamlDecoder.Result[1];
    assertThat(decode("a: 1\nbb: two\nc: [x, y]\n", ascii).list()).isEmpty();
    assertThat(decode("a: 1\nbb: two\nc: [x, y]\n# \uFFFD é\n", utf8).list()).isEmpty();
    for (int line = 1; line <= 3; line++) {
      for (int column = 1; column <= 9; column++) {
        assertThat(ascii[0].source().byteOffset(line, column)).as("%d:%d", line, column)
            .isEqualTo(utf8[0].source().byteOffset(line, column));
      }
    }
    assertThat(ascii[0].source().byteOffset(3, 4)).isEqualTo(5 + 8 + 3);
  }

  /** Events are read in batches: a document of many batches decodes whole, every node in place. */
  @Test
  void aDocumentOfManyBatchesOfEventsDecodesWholeWithItsPositions() {
    StringBuilder sb = new StringBuilder("values:\n");
    int n = 3000; // about 6,000 events
    for (int i = 0; i < n; i++) {
      sb.append("  k").append(i).append(": [v").append(i).append(", {x: ").append(i).append("}]\n");
    }
    YamlDecoder.Result[] r = new YamlDecoder.Result[1];
    assertThat(decode(sb.toString(), r).list()).isEmpty();
    YamlNode.Mapping values = (YamlNode.Mapping) ((YamlNode.Mapping) r[0].root()).entries().get(0).value();
    assertThat(values.entries()).hasSize(n);
    for (int i = 0; i < n; i++) {
      YamlNode.Entry e = values.entries().get(i);
      assertThat(e.key().value()).isEqualTo("k" + i);
      assertThat(e.key().range().start().line()).isEqualTo(i + 2);
      YamlNode.Sequence seq = (YamlNode.Sequence) e.value();
      assertThat(((YamlNode.Scalar) seq.items().get(0)).value()).isEqualTo("v" + i);
      YamlNode.Scalar x = (YamlNode.Scalar) ((YamlNode.Mapping) seq.items().get(1)).entries().get(0).value();
      assertThat(x.value()).isEqualTo(Integer.toString(i));
      assertThat(x.path()).isEqualTo("values.k" + i + "[1].x");
    }
  }

  /**
   * A syntax error that the parser meets while reading ahead (in the same batch of events) is
   * reported only where the decoder reaches it: a limit reached before it is what is reported.
   */
  @Test
  void aSyntaxErrorReadAheadIsReportedOnlyWhenReachedAfterALimit() {
    String doc = "a: 1\nb: 2\nc: 3\nd: 4\ne: [unclosed\n";
    Diagnostics d = new Diagnostics();
    YamlDecoder.decode("t/e", doc.getBytes(StandardCharsets.UTF_8), EvalLimits.defaults().withMaxNodes(4), d);
    assertThat(d.list()).extracting(Diagnostic::summary).containsExactly("the document has more than 4 YAML nodes");
    // without the limit, the syntax error itself, where it is
    YamlDecoder.Result[] r = new YamlDecoder.Result[1];
    Diagnostics e = decode(doc, r);
    assertThat(r[0].syntaxError()).isTrue();
    assertThat(e.list()).hasSize(1);
    assertThat(e.list().get(0).start().line()).isEqualTo(6);
  }

  /** Only the first document is read, even though events are read ahead of the decoder. */
  @Test
  void aBrokenSecondDocumentIsNotReadThoughEventsAreReadAhead() {
    YamlDecoder.Result[] r = new YamlDecoder.Result[1];
    assertThat(decode("a: 1\n---\nb: [unclosed\n", r).list()).isEmpty();
    assertThat(r[0].syntaxError()).isFalse();
    assertThat(((YamlNode.Mapping) r[0].root()).entries()).extracting(e -> e.key().value()).containsExactly("a");
  }
}

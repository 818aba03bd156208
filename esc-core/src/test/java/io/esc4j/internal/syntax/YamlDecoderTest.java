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

  @Test
  void aCollectionAsAKeyIsReportedAtTheKeyAndTheRestIsRead() {
    YamlDecoder.Result[] r = new YamlDecoder.Result[1];
    Diagnostics d = decode("a: 1\n? [x, y]\n: 2\nb: 3\n", r);
    assertThat(d.list()).extracting(Diagnostic::summary).containsExactly("mapping keys must be strings");
    assertThat(d.list().get(0).start().line()).isEqualTo(2);
    assertThat(d.list().get(0).start().column()).isEqualTo(3);
    YamlNode.Mapping m = (YamlNode.Mapping) r[0].root();
    assertThat(m.entries()).extracting(e -> e.key().value()).containsExactly("a", "b");
  }

  @Test
  void anAliasAsAKeyIsReportedAsAnAlias() {
    YamlDecoder.Result[] r = new YamlDecoder.Result[1];
    Diagnostics d = decode("a: &k key\n*k : 2\n", r);
    assertThat(d.list()).extracting(Diagnostic::summary).containsExactly("alias nodes are not supported");
    assertThat(d.list().get(0).start().line()).isEqualTo(2);
    assertThat(d.list().get(0).start().column()).isEqualTo(1);
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
}

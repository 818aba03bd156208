package io.esc4j.internal.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.esc4j.EvalLimits;
import io.esc4j.SourcePos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Positions of decoded nodes against the reference's esc-yaml/yaml cases. */
class YamlDecoderConformanceTest {
  static final Path ROOT = Path.of(System.getProperty("esc.shared", "../../shared"), "conformance/esc-yaml/yaml");

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> s = Files.list(ROOT)) {
      return s.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void positionsMatchTheReference(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    Diagnostics diags = new Diagnostics();
    YamlDecoder.Result r = YamlDecoder.decode(name, Files.readAllBytes(dir.resolve("doc.yaml")), EvalLimits.defaults(), diags);
    JsonNode expected = new ObjectMapper().readTree(dir.resolve("decoded.json").toFile());
    List<String> exp = new ArrayList<>();
    List<String> act = new ArrayList<>();
    walkExpected(expected.get("syntax"), exp);
    walkActual(r.root(), act);
    assertThat(act).isEqualTo(exp);
    List<String> expDiags = new ArrayList<>();
    for (JsonNode d : expected.path("diags")) {
      JsonNode st = d.path("Subject").path("Start");
      expDiags.add(d.get("Summary").asText() + "@" + st.path("Line").asInt() + ":" + st.path("Column").asInt());
    }
    List<String> actDiags = diags.list().stream().map(d -> d.summary() + "@" + d.start().line() + ":" + d.start().column()).toList();
    assertThat(actDiags).isEqualTo(expDiags);
  }

  static String range(JsonNode r) {
    JsonNode s = r.get("Start");
    JsonNode e = r.get("End");
    return s.get("Line").asInt() + ":" + s.get("Column").asInt() + "/" + s.get("Byte").asInt()
        + "-" + e.get("Line").asInt() + ":" + e.get("Column").asInt() + "/" + e.get("Byte").asInt();
  }

  static String range(Range r) {
    SourcePos s = r.start();
    SourcePos e = r.end();
    return s.line() + ":" + s.column() + "/" + s.offset() + "-" + e.line() + ":" + e.column() + "/" + e.offset();
  }

  static void walkExpected(JsonNode n, List<String> out) {
    if (n == null || n.isNull() || !n.has("range")) {
      out.add("nil");
      return;
    }
    if (n.has("object")) {
      out.add("map " + range(n.get("range")));
      for (JsonNode e : n.get("object")) {
        out.add("key " + e.get("key").get("literal").asText() + " " + range(e.get("key").get("range")));
        walkExpected(e.get("value"), out);
      }
    } else if (n.has("array")) {
      out.add("seq " + range(n.get("range")));
      for (JsonNode e : n.get("array")) {
        walkExpected(e, out);
      }
    } else {
      out.add("scalar " + range(n.get("range")));
    }
  }

  static void walkActual(YamlNode n, List<String> out) {
    if (n == null) {
      out.add("nil");
    } else if (n instanceof YamlNode.Mapping m) {
      out.add("map " + range(m.range()));
      for (YamlNode.Entry e : m.entries()) {
        out.add("key " + e.key().value() + " " + range(e.key().range()));
        walkActual(e.value(), out);
      }
    } else if (n instanceof YamlNode.Sequence s) {
      out.add("seq " + range(s.range()));
      for (YamlNode e : s.items()) {
        walkActual(e, out);
      }
    } else {
      out.add("scalar " + range(n.range()));
    }
  }
}

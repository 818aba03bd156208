package io.esc4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esc4j.Diagnostic;
import io.esc4j.EvalLimits;
import io.esc4j.internal.ast.Parser;
import io.esc4j.internal.syntax.Diagnostics;
import io.esc4j.internal.syntax.YamlDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The load diagnostics of the reference's esc-parse cases: summary, path and exact range. */
class ParseConformanceTest {
  static Stream<Path> cases() throws IOException {
    try (Stream<Path> s = Files.list(ConformanceTest.SHARED.resolve("conformance/esc-parse"))) {
      return s.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void loadDiagnosticsMatchTheReference(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    Diagnostics diags = new Diagnostics();
    YamlDecoder.Result r = YamlDecoder.decode(name, Files.readAllBytes(dir.resolve("env.yaml")), EvalLimits.defaults(), diags);
    Parser.parse(name, r.source(), r.root(), diags);
    JsonNode expected = ConformanceTest.MAPPER.readTree(dir.resolve("expected.json").toFile());
    List<String> exp = new ArrayList<>();
    for (JsonNode d : expected.path("diags")) {
      JsonNode s = d.path("Subject");
      exp.add(d.get("Severity").asInt() + " " + d.get("Summary").asText() + " @" + s.path("Filename").asText() + ":"
          + s.path("Start").path("Line").asInt() + ":" + s.path("Start").path("Column").asInt() + "/" + s.path("Start").path("Byte").asInt()
          + "-" + s.path("End").path("Line").asInt() + ":" + s.path("End").path("Column").asInt() + "/" + s.path("End").path("Byte").asInt()
          + " " + d.path("Path").asText());
    }
    List<String> act = new ArrayList<>();
    for (Diagnostic d : diags.list()) {
      act.add((d.isError() ? 1 : 2) + " " + d.summary() + " @" + d.environment() + ":"
          + d.start().line() + ":" + d.start().column() + "/" + d.start().offset()
          + "-" + d.end().line() + ":" + d.end().column() + "/" + d.end().offset() + " " + d.path());
    }
    assertThat(act).containsExactlyInAnyOrderElementsOf(exp);
  }
}

package io.esc4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esc4j.Diagnostic;
import io.esc4j.EscValue;
import io.esc4j.EvalContext;
import io.esc4j.EvalLimits;
import io.esc4j.Redaction;
import io.esc4j.internal.eval.Evaluation;
import io.esc4j.internal.eval.PropertyPath;
import io.esc4j.internal.eval.Session;
import io.esc4j.spi.Decrypter;
import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.Rotator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the reference evaluator's conformance cases and scores the results with the shared
 * {@code conformance-compare} tool.
 *
 * <p>System properties: {@code esc.conformance.cases} (a folder of case folders, default
 * {@code ../shared/conformance/esc-eval}) and {@code esc.conformance.out} (default {@code
 * target/conformance}).
 */
class ConformanceTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Path SHARED = Path.of(System.getProperty("esc.shared", "../../shared"));

  /** rot128: every byte gets its top bit flipped. */
  static final Decrypter ROT128 = payload -> {
    byte[] out = payload.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (out[i] + 128);
    }
    return out;
  };

  @Test
  void conformanceSuiteScores() throws Exception {
    Path cases = Path.of(System.getProperty("esc.conformance.cases", SHARED.resolve("conformance/esc-eval").toString()));
    Path out = Path.of(System.getProperty("esc.conformance.out", "target/conformance"));
    Files.createDirectories(out);
    List<Path> dirs;
    try (Stream<Path> s = Files.list(cases)) {
      dirs = s.filter(d -> Files.isRegularFile(d.resolve("env.yaml"))).sorted().toList();
    }
    assertThat(dirs).isNotEmpty();
    List<String> crashed = new ArrayList<>();
    for (Path dir : dirs) {
      JsonNode result;
      try {
        result = runCase(dir);
      } catch (RuntimeException e) {
        crashed.add(dir.getFileName() + ": " + e);
        e.printStackTrace();
        result = MAPPER.createObjectNode();
      }
      Files.writeString(out.resolve(dir.getFileName() + ".json"), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    }
    Process p = new ProcessBuilder("python3", SHARED.resolve("tools/conformance-compare").toString(), cases.toString(), out.toString())
        .redirectErrorStream(true).start();
    String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    System.out.println(report);
    Matcher m = Pattern.compile("conformance: values (\\d+)/(\\d+)").matcher(report);
    assertThat(crashed).as("cases where the evaluator threw").isEmpty();
    assertThat(m.find()).as("compare output:%n%s", report).isTrue();
    assertThat(Integer.parseInt(m.group(1))).as("values level:%n%s", report).isEqualTo(Integer.parseInt(m.group(2)));
  }

  /**
   * Providers that declare they do not block are called on the evaluating thread, in one pass,
   * instead of on the provider threads over several passes: every case must come out the same,
   * diagnostics and their order included.
   */
  @Test
  void providersCalledInlineGiveTheSameResultsAsProvidersOnThePool() throws Exception {
    Path cases = Path.of(System.getProperty("esc.conformance.cases", SHARED.resolve("conformance/esc-eval").toString()));
    List<Path> dirs;
    try (Stream<Path> s = Files.list(cases)) {
      dirs = s.filter(d -> Files.isRegularFile(d.resolve("env.yaml"))).sorted().toList();
    }
    int withProviders = 0;
    for (Path dir : dirs) {
      JsonNode pooled = runCase(dir, false);
      JsonNode inline = runCase(dir, true);
      assertThat(inline).as("case %s", dir.getFileName()).isEqualTo(pooled);
      if (Files.readString(dir.resolve("env.yaml")).contains("fn::open")) {
        withProviders++;
      }
    }
    assertThat(withProviders).as("cases that call providers").isGreaterThan(5);
  }

  static JsonNode runCase(Path dir) throws IOException {
    return runCase(dir, false);
  }

  static JsonNode runCase(Path dir, boolean inlineProviders) throws IOException {
    String caseName = dir.getFileName().toString();
    JsonNode overrides = Files.exists(dir.resolve("overrides.json")) ? MAPPER.readTree(dir.resolve("overrides.json").toFile()) : MAPPER.createObjectNode();
    String rootName = overrides.path("rootEnvironment").asText(caseName);
    Session session = session(dir, caseName, rootName, inlineProviders);
    ObjectNode result = MAPPER.createObjectNode();

    Evaluation.Run check = Evaluation.run(rootName, session, Evaluation.Mode.CHECK, overrides.path("showSecrets").asBoolean(false), List.of());
    putDiags(result, "loadDiags", check.loadDiags());
    boolean syntaxError = check.loadDiags().stream().anyMatch(ConformanceTest::isYamlSyntax);
    if (syntaxError) {
      return result;
    }
    putDiags(result, "checkDiags", check.evalDiags());
    check.values().ifPresent(v -> result.set("checkJson", json(v, Redaction.REDACT)));

    Evaluation.Run eval = Evaluation.run(rootName, session, Evaluation.Mode.EVAL, false, List.of());
    putDiags(result, "evalDiags", eval.evalDiags());
    eval.values().ifPresent(v -> {
      result.set("evalJsonRedacted", json(v, Redaction.REDACT));
      result.set("evalJSONRevealed", json(v, Redaction.REVEAL));
    });

    if (overrides.path("rotate").asBoolean(false)) {
      List<List<Object>> paths = new ArrayList<>();
      for (JsonNode p : overrides.path("rotatePaths")) {
        paths.add(PropertyPath.parse(p.asText()));
      }
      Evaluation.Run rot = Evaluation.run(rootName, session, Evaluation.Mode.ROTATE, false, paths);
      putDiags(result, "rotateDiags", rot.evalDiags());
      rot.values().ifPresent(v -> result.set("rotateJson", json(v, Redaction.REDACT)));
    }
    return result;
  }

  static boolean isYamlSyntax(Diagnostic d) {
    return d.isError() && d.summary().startsWith("yaml: ") && d.path().isEmpty();
  }

  static JsonNode json(EscValue v, Redaction r) {
    try {
      return MAPPER.readTree(v.toJson(r));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void putDiags(ObjectNode result, String field, List<Diagnostic> diags) {
    if (diags.isEmpty()) {
      return;
    }
    ArrayNode a = result.putArray(field);
    for (Diagnostic d : diags) {
      ObjectNode o = a.addObject();
      o.put("summary", d.summary());
      o.put("environment", d.environment());
      // the reference reports YAML syntax errors without a position; so does this output
      if (d.start().isKnown() && !isYamlSyntax(d)) {
        o.put("line", d.start().line());
        o.put("column", d.start().column());
      } else {
        o.putNull("line");
        o.putNull("column");
        o.putNull("environment");
      }
    }
  }

  static Session session(Path dir, String caseName, String rootName, boolean inlineProviders) {
    EnvironmentStore store = new EnvironmentStore() {
      @Override
      public Optional<Document> load(String name) throws IOException {
        Path p = name.equals(rootName) && Files.exists(dir.resolve("env.yaml")) ? dir.resolve("env.yaml") : dir.resolve(name + ".yaml");
        if (!Files.isRegularFile(p)) {
          return Optional.empty();
        }
        return Optional.of(new Document(name, Files.readAllBytes(p), p.toString()));
      }

      @Override
      public String description() {
        return "case " + caseName;
      }

      @Override
      public String describeMissing(String name) {
        return "open testdata/eval/" + caseName + "/" + name + ".yaml: no such file or directory";
      }
    };
    Map<String, Provider> providers = new LinkedHashMap<>();
    TestProviders.providers().forEach(p -> providers.put(p.name(), inlineProviders ? TestProviders.inline(p) : p));
    Map<String, Rotator> rotators = new LinkedHashMap<>();
    TestProviders.rotators().forEach(r -> rotators.put(r.name(), r));
    EvalContext ctx = EvalContext.empty().with("pulumi",
        EscValue.Obj.of(Map.of("user", EscValue.Obj.of(Map.of("id", EscValue.Str.of("USER_123"))))));
    return new Session(store, providers, rotators, ROT128, ctx, EvalLimits.defaults(), Map.of());
  }
}

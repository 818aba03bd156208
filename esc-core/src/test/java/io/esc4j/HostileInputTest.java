package io.esc4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import io.esc4j.spi.ProviderException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile documents: each ends in an {@link EnvironmentException} that names the
 * environment and, where the problem has one, a position; never in another exception type, never
 * in a hang. The corpus lives in {@code src/test/resources/hostile} (files starting with {@code _}
 * are only imported); what cannot be stored sensibly (deep nesting, 50 MB) is generated here.
 *
 * <p>{@code assertTimeoutPreemptively} is a hang guard only, deliberately generous; nothing here
 * measures speed.
 */
class HostileInputTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);
  private static final ClassLoader LOADER = HostileInputTest.class.getClassLoader();
  private static final EnvironmentStore CORPUS = EnvironmentStore.classpath("", LOADER);

  /** What a corpus case must report: an error containing {@code fragment}, at line:column (0 = none). */
  private record Expect(int line, int column, String fragment) {}

  private static final Map<String, Expect> EXPECTED = new LinkedHashMap<>();

  private static void expect(String file, int line, int column, String fragment) {
    EXPECTED.put(file, new Expect(line, column, fragment));
  }

  static {
    // broken YAML
    expect("yaml-unclosed-flow", 3, 4, "yaml: line 3: expected ',' or ']'");
    expect("yaml-bad-indent", 3, 2, "yaml: line 3:");
    expect("yaml-unclosed-quote", 4, 1, "found unexpected end of stream");
    expect("yaml-bad-directive", 1, 1, "incompatible YAML document");
    expect("yaml-tabs", 2, 1, "cannot start any token");
    expect("yaml-mapping-in-scalar", 2, 7, "mapping values are not allowed here");
    // bytes that are not YAML text
    expect("invalid-utf8", 3, 9, "not valid UTF-8 (byte offset 24)");
    expect("overlong-utf8", 2, 6, "not valid UTF-8");
    expect("utf8-surrogate", 2, 6, "not valid UTF-8");
    expect("utf16-bom", 1, 1, "not valid UTF-8 (byte offset 0)");
    expect("binary-garbage", 2, 8, "not valid UTF-8");
    expect("binary-garbage-valid-utf8", 2, 7, "control characters are not allowed");
    expect("nul-bytes", 3, 8, "control characters are not allowed (found U+0000)");
    // document shape
    expect("document-is-a-list", 1, 1, "environment must be an object");
    expect("document-is-a-scalar", 1, 1, "environment must be an object");
    expect("values-not-an-object", 1, 9, "values must be an object");
    expect("duplicate-keys", 4, 3, "duplicate key \"a\"");
    expect("duplicate-keys-nested", 5, 5, "duplicate key \"host\"");
    expect("reserved-keys", 2, 3, "\"imports\" is a reserved key");
    expect("control-key", 3, 8, "unknown property \"nope\"");
    // aliases (an alias bomb must not expand)
    expect("alias-bomb", 3, 10, "alias nodes are not supported");
    expect("alias-merge-key", 4, 7, "alias nodes are not supported");
    // builtins: names and arguments, one file per builtin
    expect("unknown-builtin", 3, 5, "'fn::' is a reserved prefix");
    expect("unknown-builtin-case", 3, 5, "'fn::' is a reserved prefix");
    expect("builtin-not-only-key", 3, 5, "must be the only key within its containing object");
    expect("builtin-at-top-level", 2, 3, "builtin function call \"fn::toJSON\" not allowed at the top level");
    expect("open-bad-args", 2, 17, "the argument to fn::open must be an object");
    expect("open-unknown-provider", 3, 5, "unknown provider \"no-such-provider\"");
    expect("rotate-bad-args", 2, 19, "the argument to fn::rotate must be an object");
    expect("secret-bad-args", 2, 19, "secret values must be string literals");
    expect("secret-bad-ciphertext", 4, 6, "invalid ciphertext: invalid checksum");
    expect("join-bad-args", 2, 17, "the argument to fn::join must be a two-valued list");
    expect("split-bad-args", 4, 19, "expected string, got number");
    expect("concat-bad-args", 2, 19, "the argument to fn::concat must be an array of arrays");
    expect("tojson-bad-args", 2, 23, "unknown property \"missing\"");
    expect("fromjson-bad-args", 4, 6, "decoding JSON string: EOF");
    expect("tostring-bad-args", 2, 25, "unknown property \"missing\"");
    expect("tobase64-bad-args", 3, 21, "expected string, got object");
    expect("frombase64-bad-args", 2, 6, "decoding base64 string: illegal base64 data at input byte 0");
    expect("final-bad-args", 2, 18, "unknown property \"missing\"");
    expect("validate-bad-args", 3, 21, "missing required property 'schema'");
    // references and interpolation
    expect("reference-cycle", 2, 6, "cyclic reference to a");
    expect("reference-self", 2, 10, "cyclic reference to a.p");
    expect("interpolation-malformed", 2, 6, "missing closing brace '}' in interpolation");
    expect("access-errors", 4, 12, "array index 3 out-of-bounds for array of length 3");
    expect("huge-numbers", 5, 13, "numeric subscript must be a positive base-10 integer");
    // imports
    expect("import-cycle", 2, 5, "cyclic import of hostile/import-cycle");
    expect("import-self", 2, 5, "cyclic import of hostile/import-self");
    expect("inline-reference-cycle", 2, 6, "cyclic import of hostile/inline-reference-cycle");
    expect("missing-import", 2, 5, "environment \"hostile/no-such-environment\" not found");
    expect("missing-inline-reference", 2, 6, "environment \"nope/nope\" not found");
    expect("invalid-import-name", 2, 5, "environment \"../../etc/passwd\" not found");
    expect("imports-malformed", 5, 17, "merge must be a boolean value");
    expect("imports-not-a-list", 1, 10, "imports must be a list");
    expect("import-broken", 3, 4, "yaml: line 3");
    expect("import-bad-reference", 4, 32, "unknown property \"nope\"");
  }

  static Stream<String> corpus() {
    try (Stream<Path> files = Files.list(Path.of(LOADER.getResource("hostile").toURI()))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.startsWith("_"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .sorted()
          .toList()
          .stream();
    } catch (IOException | URISyntaxException e) {
      throw new AssertionError("cannot list the hostile corpus", e);
    }
  }

  @Test
  void theCorpusHasAtLeastThirtyCasesAndEachHasAnExpectation() {
    List<String> cases = corpus().toList();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
    assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(cases);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void opensWithAPositionedEnvironmentException(String file) {
    String name = "hostile/" + file;
    Expect expect = EXPECTED.get(file);
    assertThat(expect).as("expectation for %s", file).isNotNull();

    EnvironmentException e = openFails(name, () -> builder().store(CORPUS));

    assertNamesEnvironmentAndPositions(e, name);
    Diagnostic d = e.errors().stream()
        .filter(x -> x.summary().contains(expect.fragment()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no error containing \"" + expect.fragment() + "\" in:\n" + e.getMessage()));
    if (expect.line() > 0) {
      assertThat(d.start().line()).as("line of %s", d).isEqualTo(expect.line());
      assertThat(d.start().column()).as("column of %s", d).isEqualTo(expect.column());
      assertThat(d.start().offset()).as("byte offset of %s", d).isGreaterThanOrEqualTo(0);
      assertThat(e.getMessage()).contains(d.environment() + ":" + expect.line() + ":" + expect.column() + ": error: ");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void checkReportsTheSameProblemsWithoutThrowing(String file) {
    String name = "hostile/" + file;
    CheckResult r = assertTimeoutPreemptively(HANG_GUARD, () -> builder().store(CORPUS).check(name));
    assertThat(r.hasErrors()).as(r.rendered()).isTrue();
    assertThat(r.environment()).isEqualTo(name);
    assertThat(r.rendered()).contains(EXPECTED.get(file).fragment());
  }

  // ---------------------------------------------------------------- generated documents

  @Test
  void tenThousandDeepFlowSequences() {
    String doc = "values:\n  a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    EnvironmentException e = openFails("gen/deep", memory("gen/deep", doc));
    assertLimit(e, "gen/deep", "nested more than 256 levels deep", "EvalLimits.maxDepth");
    assertThat(e.errors().get(0).start().line()).isEqualTo(2);
  }

  @Test
  void tenThousandDeepFlowMappings() {
    String doc = "values:\n  a: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n";
    EnvironmentException e = openFails("gen/deep", memory("gen/deep", doc));
    assertLimit(e, "gen/deep", "nested more than 256 levels deep", "EvalLimits.maxDepth");
  }

  @Test
  void tenThousandDeepBlockSequences() {
    String doc = "values:\n  a:\n    " + "- ".repeat(10_000) + "x\n";
    EnvironmentException e = openFails("gen/deep", memory("gen/deep", doc));
    assertLimit(e, "gen/deep", "nested more than 256 levels deep", "EvalLimits.maxDepth");
  }

  @Test
  void tenThousandDeepJsonInsideFromJson() {
    String doc = "values:\n  a: {fn::fromJSON: \"" + "[".repeat(10_000) + "]".repeat(10_000) + "\"}\n";
    EnvironmentException e = openFails("gen/deep", memory("gen/deep", doc));
    assertNamesEnvironmentAndPositions(e, "gen/deep");
    assertThat(e.errors().get(0).summary()).startsWith("decoding JSON string: ");
  }

  @Test
  void aFiftyMegabyteDocumentFailsOnTheSizeLimit() {
    String doc = fiftyMegabytes();
    EnvironmentException e = openFails("gen/big", memory("gen/big", doc));
    assertLimit(e, "gen/big", "more than the limit of 8,388,608 bytes", "EvalLimits.maxDocumentBytes");
    assertThat(e.getMessage()).contains(String.format(java.util.Locale.ROOT, "%,d bytes", doc.length()));
  }

  @Test
  void aFiftyMegabyteFileInADirectoryStoreFailsOnTheSizeLimit(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("gen"));
    Files.writeString(dir.resolve("gen/big.yaml"), fiftyMegabytes());
    EnvironmentException e = openFails("gen/big", () -> builder().store(EnvironmentStore.directory(dir)));
    assertLimit(e, "gen/big", "more than the limit of 8,388,608 bytes", "EvalLimits.maxDocumentBytes");
  }

  @Test
  void aFiftyMegabyteImportFailsOnTheSizeLimit() {
    Map<String, String> docs = new LinkedHashMap<>();
    docs.put("gen/root", "imports:\n  - gen/big\nvalues:\n  a: 1\n");
    docs.put("gen/big", fiftyMegabytes());
    EnvironmentException e = openFails("gen/root", () -> builder().store(EnvironmentStore.inMemory(docs)));
    assertThat(e.getMessage()).contains("gen/big").contains("EvalLimits.maxDocumentBytes");
    assertThat(e.environment()).isEqualTo("gen/root");
  }

  @Test
  void aVeryLongPlainKey() {
    String doc = "values:\n  " + "k".repeat(2_000_000) + ": 1\n";
    EnvironmentException e = openFails("gen/key", memory("gen/key", doc));
    assertNamesEnvironmentAndPositions(e, "gen/key");
    assertThat(e.errors().get(0).start().line()).isEqualTo(2);
  }

  @Test
  void aVeryLongExplicitKeyReferencedWrongly() {
    String key = "k".repeat(1_000_000);
    String doc = "values:\n  ? " + key + "\n  : 1\n  b: ${" + key + "x}\n";
    EnvironmentException e = openFails("gen/key", memory("gen/key", doc));
    assertNamesEnvironmentAndPositions(e, "gen/key");
    assertThat(e.errors()).singleElement().satisfies(d -> {
      assertThat(d.summary()).startsWith("unknown property \"kkkk");
      assertThat(d.start().line()).isEqualTo(4);
    });
  }

  @Test
  void aDeeplyNestedPropertyAccess() {
    String doc = "values:\n  x: {}\n  a: \"${x" + ".y".repeat(10_000) + "}\"\n";
    EnvironmentException e = openFails("gen/access", memory("gen/access", doc));
    assertNamesEnvironmentAndPositions(e, "gen/access");
    assertThat(e.errors()).singleElement().satisfies(d -> {
      assertThat(d.summary()).isEqualTo("unknown property \"y\"");
      assertThat(d.start().line()).isEqualTo(3);
    });
  }

  @Test
  void tenThousandInterpolationsInOneString() {
    String doc = "values:\n  a: x\n  b: \"" + "${a}".repeat(10_000) + "${nope}\"\n";
    EnvironmentException e = openFails("gen/interp", memory("gen/interp", doc));
    assertNamesEnvironmentAndPositions(e, "gen/interp");
    assertThat(e.errors()).singleElement().satisfies(d -> assertThat(d.start().line()).isEqualTo(3));
  }

  @Test
  void aLongChainOfReferences() {
    // each link is a nested evaluation; the chain is far longer than a thread's stack allows
    StringBuilder doc = new StringBuilder("values:\n");
    for (int i = 0; i < 20_000; i++) {
      doc.append("  a").append(i).append(": ${a").append(i + 1).append("}\n");
    }
    doc.append("  a20000: ${nope}\n");
    EnvironmentException e = openFails("gen/chain", memory("gen/chain", doc.toString()));
    assertThat(e.getMessage()).contains("gen/chain");
    assertThat(e.errors()).isNotEmpty();
  }

  @Test
  void aLongChainOfInterpolations() {
    StringBuilder doc = new StringBuilder("values:\n");
    for (int i = 0; i < 20_000; i++) {
      doc.append("  a").append(i).append(": \"-${a").append(i + 1).append("}\"\n");
    }
    doc.append("  a20000: end\n");
    EnvironmentException e = openFails("gen/chain", memory("gen/chain", doc.toString()));
    assertThat(e.getMessage()).contains("gen/chain");
  }

  @Test
  void aLongChainOfReferencesInCheckModeIsAnErrorDiagnostic() {
    StringBuilder doc = new StringBuilder("values:\n");
    for (int i = 0; i < 20_000; i++) {
      doc.append("  a").append(i).append(": ${a").append(i + 1).append("}\n");
    }
    doc.append("  a20000: 1\n");
    CheckResult r = assertTimeoutPreemptively(HANG_GUARD,
        () -> builder().store(EnvironmentStore.inMemory(Map.of("gen/chain", doc.toString()))).check("gen/chain"));
    assertThat(r.hasErrors()).isTrue();
    assertThat(r.rendered()).contains("gen/chain");
  }

  @Test
  void importsNestedDeeperThanMaxImportDepth() {
    Map<String, String> docs = importChain(100);
    EnvironmentException e = openFails("chain/e0", () -> builder().store(EnvironmentStore.inMemory(docs)));
    assertThat(e.environment()).isEqualTo("chain/e0");
    Diagnostic d = e.errors().stream().filter(x -> x.summary().contains("imports are nested more than 64 levels deep"))
        .findFirst().orElseThrow(() -> new AssertionError(e.getMessage()));
    assertThat(d.start().isKnown()).isTrue();
    assertThat(d.fix()).contains("EvalLimits.maxImportDepth");
    assertThat(e.getMessage()).contains("EvalLimits.maxImportDepth");
  }

  @Test
  void randomMutationsOfValidAndHostileDocumentsNeverEscapeAsAnotherException() {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(("""
        imports:
          - hostile/_fine
        values:
          s: {fn::secret: hunter2}
          list: [1, 2, "${s}"]
          obj: {k: "${list[0]}", j: {fn::toJSON: "${list}"}, b: {fn::toBase64: x}}
          parts: {fn::split: [",", "a,b"]}
          joined: {fn::join: ["-", "${parts}"]}
          v: {fn::validate: {schema: {type: string}, value: "${joined}"}}
          environmentVariables:
            A: ${obj.k}
        """).getBytes(StandardCharsets.UTF_8));
    corpus().limit(40).forEach(f -> {
      try {
        seeds.add(LOADER.getResourceAsStream("hostile/" + f + ".yaml").readAllBytes());
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    Random random = new Random(20240611L);
    byte[] interesting = "{}[]:,-#&*!|>'\"%@`$\\\t\n {}fn::${}.\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (int round = 0; round < 600; round++) {
        byte[] doc = seeds.get(random.nextInt(seeds.size())).clone();
        int edits = 1 + random.nextInt(4);
        for (int k = 0; k < edits && doc.length > 0; k++) {
          int at = random.nextInt(doc.length);
          doc[at] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
        }
        byte[] bytes = doc;
        EnvironmentStore store = bytesStore("fuzz/doc", bytes, "hostile/_fine");
        Throwable t = catchThrowable(() -> builder().store(store).open("fuzz/doc"));
        if (t != null && !(t instanceof EnvironmentException)) {
          throw new AssertionError("round " + round + ": " + t + " for:\n" + new String(bytes, StandardCharsets.ISO_8859_1), t);
        }
        if (t instanceof EnvironmentException e) {
          assertThat(e.getMessage()).contains("fuzz/doc");
        }
        Throwable c = catchThrowable(() -> builder().store(store).check("fuzz/doc"));
        if (c != null) {
          throw new AssertionError("check threw in round " + round + ": " + c, c);
        }
      }
    });
  }

  @Test
  void manyErrorsOnOneLongLine() {
    String doc = "values:\n  a: &a x\n  b: [" + String.join(",", java.util.Collections.nCopies(100_000, "*a")) + "]\n";
    EnvironmentException e = openFails("gen/aliases", memory("gen/aliases", doc));
    assertThat(e.getMessage().length()).isLessThan(1_000_000);
    assertNamesEnvironmentAndPositions(e, "gen/aliases");
  }

  // ---------------------------------------------------------------- limits and their overrides

  @Test
  void aLowerMaxDepthRejectsADocumentTheDefaultAccepts() {
    String doc = "values:\n  a: " + "[".repeat(20) + "1" + "]".repeat(20) + "\n";
    Supplier<Environment.Builder> b = memory("lim/depth", doc);
    assertThat(b.get().open("lim/depth").find("a").orElseThrow()).isInstanceOf(EscValue.Arr.class);

    EnvironmentException e = openFails("lim/depth",
        () -> memory("lim/depth", doc).get().limits(EvalLimits.defaults().withMaxDepth(10)));
    assertLimit(e, "lim/depth", "nested more than 10 levels deep", "EvalLimits.maxDepth");
  }

  @Test
  void aLowerMaxDocumentBytesRejectsADocumentTheDefaultAccepts() {
    String doc = "values:\n  a: \"" + "x".repeat(4_000) + "\"\n";
    assertThat(memory("lim/size", doc).get().open("lim/size").getString("a")).hasSize(4_000);

    EnvironmentException e = openFails("lim/size",
        () -> memory("lim/size", doc).get().limits(EvalLimits.defaults().withMaxDocumentBytes(1024)));
    assertLimit(e, "lim/size", "more than the limit of 1,024 bytes", "EvalLimits.maxDocumentBytes");
  }

  @Test
  void aLowerMaxNodesRejectsADocumentTheDefaultAccepts() {
    StringBuilder doc = new StringBuilder("values:\n");
    for (int i = 0; i < 100; i++) {
      doc.append("  k").append(i).append(": ").append(i).append('\n');
    }
    assertThat(memory("lim/nodes", doc.toString()).get().open("lim/nodes").getInt("k99")).isEqualTo(99);

    EnvironmentException e = openFails("lim/nodes",
        () -> memory("lim/nodes", doc.toString()).get().limits(EvalLimits.defaults().withMaxNodes(50)));
    assertLimit(e, "lim/nodes", "more than 50 YAML nodes", "EvalLimits.maxNodes");
  }

  @Test
  void aLowerMaxImportDepthRejectsAChainTheDefaultAccepts() {
    Map<String, String> docs = importChain(6);
    assertThat(builder().store(EnvironmentStore.inMemory(docs)).open("chain/e0").getInt("end")).isEqualTo(1);

    EnvironmentException e = openFails("chain/e0", () -> builder().store(EnvironmentStore.inMemory(docs))
        .limits(EvalLimits.defaults().withMaxImportDepth(3)));
    assertThat(e.getMessage()).contains("imports are nested more than 3 levels deep").contains("EvalLimits.maxImportDepth");
  }

  @Test
  void aLowerTimeoutStopsASlowProvider() {
    Provider slow = new Provider() {
      @Override
      public String name() {
        return "slow";
      }

      @Override
      public EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProviderException("interrupted");
        }
        return EscValue.Str.of("late");
      }
    };
    String doc = "values:\n  a:\n    fn::open::slow: {}\n";
    EnvironmentException e = openFails("lim/slow", () -> memory("lim/slow", doc).get().provider(slow)
        .limits(EvalLimits.defaults().withTimeout(Duration.ofMillis(300))));
    assertThat(e.getMessage()).contains("lim/slow:3:5: error: ").contains("did not finish within the open timeout");
  }

  @Test
  void limitsMustBePositive() {
    EvalLimits d = EvalLimits.defaults();
    assertThatThrownBy(() -> d.withMaxDepth(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
    assertThatThrownBy(() -> d.withMaxDocumentBytes(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDocumentBytes");
    assertThatThrownBy(() -> d.withMaxNodes(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxNodes");
    assertThatThrownBy(() -> d.withMaxImportDepth(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxImportDepth");
    assertThatThrownBy(() -> d.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThat(d.maxDocumentBytes()).isEqualTo(8 << 20);
    assertThat(d.maxDepth()).isEqualTo(256);
    assertThat(d.maxImportDepth()).isEqualTo(64);
  }

  // ---------------------------------------------------------------- helpers

  private static Environment.Builder builder() {
    return Environment.builder().noProviderDiscovery();
  }

  private static Supplier<Environment.Builder> memory(String name, String doc) {
    return () -> builder().store(EnvironmentStore.inMemory(Map.of(name, doc)));
  }

  /** A store over raw bytes (the in-memory store takes text), falling back to the corpus. */
  private static EnvironmentStore bytesStore(String name, byte[] bytes, String... fromCorpus) {
    return new EnvironmentStore() {
      @Override
      public Optional<Document> load(String n) throws IOException {
        if (n.equals(name)) {
          return Optional.of(new Document(n, bytes, "bytes:" + n));
        }
        return List.of(fromCorpus).contains(n) ? CORPUS.load(n) : Optional.empty();
      }

      @Override
      public String description() {
        return "bytes";
      }
    };
  }

  private static String fiftyMegabytes() {
    StringBuilder sb = new StringBuilder(50 * 1024 * 1024 + 64);
    sb.append("values:\n");
    String line = "  k%08d: \"some value that fills the document up to fifty megabytes\"\n";
    for (int i = 0; sb.length() < 50 * 1024 * 1024; i++) {
      sb.append(String.format(java.util.Locale.ROOT, line, i));
    }
    return sb.toString();
  }

  private static Map<String, String> importChain(int length) {
    Map<String, String> docs = new LinkedHashMap<>();
    for (int i = 0; i < length; i++) {
      docs.put("chain/e" + i, "imports:\n  - chain/e" + (i + 1) + "\nvalues:\n  v" + i + ": " + i + "\n");
    }
    docs.put("chain/e" + length, "values:\n  end: 1\n");
    return docs;
  }

  /** Opens under the hang guard and returns the exception, failing on anything else. */
  private static EnvironmentException openFails(String name, Supplier<Environment.Builder> builder) {
    Throwable t = assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> builder.get().open(name)));
    assertThat(t).as("opening %s", name).isInstanceOf(EnvironmentException.class);
    return (EnvironmentException) t;
  }

  private static void assertNamesEnvironmentAndPositions(EnvironmentException e, String name) {
    assertThat(e.environment()).isEqualTo(name);
    assertThat(e.getMessage()).as("the message names the environment").contains(name);
    assertThat(e.errors()).as(e.getMessage()).isNotEmpty();
    // the message shows the first 100 diagnostics in order and counts the rest
    List<Diagnostic> all = e.diagnostics();
    if (all.size() > 100) {
      assertThat(e.getMessage()).contains("... and " + (all.size() - 100) + " more");
    }
    for (int i = 0; i < all.size(); i++) {
      Diagnostic d = all.get(i);
      if (!d.isError()) {
        continue;
      }
      assertThat(d.environment()).as("environment of %s", d).isNotEmpty();
      if (i < 100) {
        assertThat(e.getMessage()).contains(d.headline());
      }
      if (d.start().isKnown()) {
        assertThat(d.start().column()).isPositive();
      }
    }
  }

  private static void assertLimit(EnvironmentException e, String name, String summary, String option) {
    assertNamesEnvironmentAndPositions(e, name);
    assertThat(e.errors()).anySatisfy(d -> assertThat(d.summary()).contains(summary));
    assertThat(e.getMessage()).contains(summary).contains(option);
  }
}

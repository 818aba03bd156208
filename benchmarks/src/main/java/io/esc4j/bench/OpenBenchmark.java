package io.esc4j.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.esc4j.Environment;
import io.esc4j.OpenEnvironment;
import io.esc4j.spi.EnvironmentStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Figure 1 and 5: the warm time to open an environment against the time Jackson alone takes to
 * parse the same YAML bytes ({@code YAMLMapper.readTree} of every document), in the same run; and,
 * to show how much of either is the YAML scanner itself, Jackson's streaming parser reading every
 * token and its text without building anything.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class OpenBenchmark {
  /** Which environment: reference bench (reference-pooled: its provider on the pool), synthetic, flat-N or imports-N. */
  @Param({"reference", "synthetic-10000x20"})
  public String doc;

  private Environment.Builder builder;
  private String root;
  private List<byte[]> bytes;
  private YAMLMapper yaml;

  /** Builds the documents. */
  @Setup(Level.Trial)
  public void setup() {
    Map<String, String> docs = documents(doc);
    root = docs.containsKey("env") ? "env" : "root/env";
    bytes = new ArrayList<>();
    docs.values().forEach(t -> bytes.add(t.getBytes(StandardCharsets.UTF_8)));
    yaml = new YAMLMapper();
    builder = builderFor(doc, docs);
  }

  static Map<String, String> documents(String doc) {
    if (doc.equals("reference") || doc.equals("reference-pooled")) {
      return Documents.referenceBench(Path.of(System.getProperty("esc.shared", "../shared")));
    }
    if (doc.startsWith("synthetic-")) {
      String[] p = doc.substring("synthetic-".length()).split("x");
      return Documents.synthetic(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }
    if (doc.startsWith("flat-")) {
      return Documents.flat(Integer.parseInt(doc.substring("flat-".length())));
    }
    if (doc.startsWith("imports-")) {
      return Documents.synthetic(10_000, Integer.parseInt(doc.substring("imports-".length())));
    }
    throw new IllegalArgumentException("unknown document set " + doc);
  }

  /**
   * The builder that opens a document set: {@code reference-pooled} is the reference bench with
   * its {@code bench} provider left on the provider threads ({@link Documents#BENCH_POOLED}).
   */
  static Environment.Builder builderFor(String doc, Map<String, String> docs) {
    return Environment.builder()
        .store(EnvironmentStore.inMemory(docs))
        .noProviderDiscovery()
        .provider(doc.equals("reference-pooled") ? Documents.BENCH_POOLED : Documents.BENCH)
        .decrypter(Documents.ROT128);
  }

  /** esc4j: open (parse, evaluate, export). */
  @Benchmark
  public OpenEnvironment open() {
    return builder.open(root);
  }

  /** Jackson's streaming parser alone: every token and its text, no tree (the YAML library's floor). */
  @Benchmark
  public int jacksonTokens() throws IOException {
    int n = 0;
    for (byte[] b : bytes) {
      try (JsonParser p = yaml.getFactory().createParser(b)) {
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
          if (t.isScalarValue() || t == JsonToken.FIELD_NAME) {
            n += p.getText().length();
          }
        }
      }
    }
    return n;
  }

  /** Jackson alone: parse every document into a tree. */
  @Benchmark
  public int jacksonParse() throws IOException {
    int n = 0;
    for (byte[] b : bytes) {
      JsonNode t = yaml.readTree(b);
      n += t.size();
    }
    return n;
  }
}

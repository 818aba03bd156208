package io.esc4j.bench;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.esc4j.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figure 1 as paired blocks: in one JVM, the open and Jackson's {@code readTree} of the same
 * bytes alternate in blocks of fixed duration, and each ratio is taken between adjacent blocks.
 * On a shared machine whose speed drifts over seconds (JMH forks run one benchmark after the
 * other, so their ratio mixes two moments), the ratio of neighbours is the steadier figure.
 * {@code java -Xms1g -Xmx1g -Desc.shared=../shared -cp benchmarks/target/benchmarks.jar
 * io.esc4j.bench.PairedRatio [quick] DOC...}; {@link Figures} runs it in a child JVM.
 */
public final class PairedRatio {
  private PairedRatio() {}

  /**
   * Prints one line per document set.
   *
   * @param args {@code quick} (optional), then the document sets ({@code reference}, ...)
   * @throws IOException when Jackson fails
   */
  public static void main(String[] args) throws IOException {
    boolean quick = args.length > 0 && args[0].equals("quick");
    List<String> docs = new ArrayList<>(Arrays.asList(args).subList(quick ? 1 : 0, args.length));
    int warmup = quick ? 8 : 10;
    int pairs = quick ? 12 : 25;
    long blockNanos = 300_000_000L;
    System.out.printf(Locale.ROOT, "%-20s %10s %13s %14s %15s%n", "environment", "open (us)", "jackson (us)",
        "ratio median", "(q1 - q3)");
    Map<String, double[]> medians = new java.util.LinkedHashMap<>();
    for (String doc : docs) {
      Map<String, String> texts = OpenBenchmark.documents(doc);
      String root = texts.containsKey("env") ? "env" : "root/env";
      Environment.Builder builder = OpenBenchmark.builderFor(doc, texts);
      List<byte[]> bytes = new ArrayList<>();
      texts.values().forEach(t -> bytes.add(t.getBytes(StandardCharsets.UTF_8)));
      YAMLMapper yaml = new YAMLMapper();
      double[] open = new double[pairs];
      double[] jackson = new double[pairs];
      double[] ratio = new double[pairs];
      long sink = 0;
      for (int k = -warmup; k < pairs; k++) {
        long start = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - start < blockNanos) {
          sink += builder.open(root).values().properties().size();
          n++;
        }
        double o = (System.nanoTime() - start) / 1e3 / n;
        start = System.nanoTime();
        n = 0;
        while (System.nanoTime() - start < blockNanos) {
          for (byte[] b : bytes) {
            sink += yaml.readTree(b).size();
          }
          n++;
        }
        double j = (System.nanoTime() - start) / 1e3 / n;
        if (k >= 0) {
          open[k] = o;
          jackson[k] = j;
          ratio[k] = o / j;
        }
      }
      Arrays.sort(open);
      Arrays.sort(jackson);
      Arrays.sort(ratio);
      System.out.printf(Locale.ROOT, "%-20s %10.0f %13.0f %13.2fx %7.2f - %.2f%s%n", doc, open[pairs / 2],
          jackson[pairs / 2], ratio[pairs / 2], ratio[pairs / 4], ratio[3 * pairs / 4], sink == 42 ? " " : "");
      System.out.flush();
      medians.put(doc, new double[] {open[pairs / 2], jackson[pairs / 2], ratio[pairs / 2]});
    }
    printGrowth(medians);
  }

  /**
   * Figure 5 from the paired medians: for each series of sets that differ only in their size
   * ({@code flat-1000}, {@code flat-10000}, ...), how the open and Jackson's parse grow against the
   * smallest. Jackson's parse grows linearly, so an open that grows linearly keeps its ratio.
   */
  private static void printGrowth(Map<String, double[]> medians) {
    Map<String, List<String>> series = new java.util.LinkedHashMap<>();
    for (String doc : medians.keySet()) {
      int dash = doc.lastIndexOf('-');
      if (dash > 0 && doc.substring(dash + 1).chars().allMatch(Character::isDigit)) {
        series.computeIfAbsent(doc.substring(0, dash), k -> new ArrayList<>()).add(doc);
      }
    }
    for (List<String> s : series.values()) {
      if (s.size() < 2) {
        continue;
      }
      double[] first = medians.get(s.get(0));
      StringBuilder sb = new StringBuilder("growth:");
      for (String doc : s) {
        double[] m = medians.get(doc);
        sb.append(String.format(Locale.ROOT, "  %s: open x%.1f, jackson x%.1f, ratio %.2fx;", doc, m[0] / first[0],
            m[1] / first[1], m[2]));
      }
      System.out.println(sb);
    }
  }
}

package io.esc4j.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Prints the benchmark figures of docs/performance.md as ratios taken in one run:
 * {@code java -cp benchmarks/target/benchmarks.jar io.esc4j.bench.Figures [quick]}.
 */
public final class Figures {
  private Figures() {}

  /**
   * Runs the benchmarks and prints the figures.
   *
   * @param args {@code quick} for fewer iterations
   * @throws RunnerException when JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    boolean quick = args.length > 0 && args[0].equals("quick");
    List<String> docs = List.of("reference", "reference-pooled", "synthetic-10000x20", "flat-1000", "flat-10000", "flat-100000",
        "imports-1", "imports-10", "imports-100");
    Options opt = new OptionsBuilder()
        .include(OpenBenchmark.class.getSimpleName())
        .param("doc", docs.toArray(new String[0]))
        .warmupIterations(quick ? 2 : 3)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(quick ? 3 : 5)
        .measurementTime(TimeValue.seconds(1))
        .forks(1)
        .jvmArgsAppend("-Desc.shared=" + System.getProperty("esc.shared", "../shared"))
        .build();
    Collection<RunResult> results = new Runner(opt).run();
    Map<String, double[]> byDoc = new LinkedHashMap<>();
    for (RunResult r : results) {
      String doc = r.getParams().getParam("doc");
      String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
      double[] v = byDoc.computeIfAbsent(doc, k -> new double[6]);
      int at = switch (method) {
        case "open" -> 0;
        case "jacksonParse" -> 2;
        default -> 4;
      };
      v[at] = r.getPrimaryResult().getScore();
      v[at + 1] = r.getPrimaryResult().getScoreError();
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-20s %16s %16s %8s %16s %9s", "environment", "open (us)", "jackson (us)",
        "ratio", "tokens (us)", "x tokens"));
    for (String d : docs) {
      double[] v = byDoc.get(d);
      if (v == null) {
        continue;
      }
      lines.add(String.format(Locale.ROOT, "%-20s %9.0f ±%5.0f %9.0f ±%5.0f %7.2fx %9.0f ±%5.0f %8.2fx", d, v[0], v[1],
          v[2], v[3], v[0] / v[2], v[4], v[5], v[0] / v[4]));
    }
    System.out.println();
    System.out.println("== Figure 1 and 5: warm open vs Jackson parsing the same bytes (average time per op)");
    System.out.println("   ratio = open / jackson readTree (target <= 1.5x); tokens = Jackson's streaming parser alone");
    lines.forEach(System.out::println);
    System.out.println();
    System.out.println("== Figure 1, paired: open and readTree alternating in 300 ms blocks in one JVM (-Xms1g -Xmx1g),");
    System.out.println("   ratio of each adjacent pair (median and quartiles; steadier than the JMH ratio on a shared machine)");
    System.out.flush();
    pairedRatio(quick, "reference", "reference-pooled", "synthetic-10000x20", "flat-10000");
    System.out.println();
    System.out.println("== Figure 5, paired: growth of the open against Jackson's parse of the same bytes, measured as");
    System.out.println("   above (linear growth keeps the ratio; a square would multiply it by 10 at each step)");
    System.out.flush();
    pairedRatio(quick, "flat-1000", "flat-10000", "flat-100000", "imports-1", "imports-10", "imports-100");
    System.out.println();
    System.out.println("== Figure 5 from JMH: growth (time relative to the smallest of each series)");
    for (String[] series : new String[][] {{"flat-1000", "flat-10000", "flat-100000"},
        {"imports-1", "imports-10", "imports-100"}}) {
      double[] first = byDoc.get(series[0]);
      if (first == null) {
        continue;
      }
      StringBuilder sb = new StringBuilder();
      for (String d : series) {
        double[] v = byDoc.get(d);
        if (v != null) {
          sb.append(String.format(Locale.ROOT, "  %s: open x%.1f, jackson x%.1f;", d, v[0] / first[0], v[2] / first[2]));
        }
      }
      System.out.println(sb);
    }
  }

  /** Runs {@link PairedRatio} in a child JVM with the heap of the JMH forks; its output is ours. */
  private static void pairedRatio(boolean quick, String... docs) {
    List<String> cmd = new ArrayList<>(List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms1g", "-Xmx1g",
        "-Desc.shared=" + System.getProperty("esc.shared", "../shared"),
        "-cp", System.getProperty("java.class.path"), PairedRatio.class.getName()));
    if (quick) {
      cmd.add("quick");
    }
    cmd.addAll(List.of(docs));
    try {
      int code = new ProcessBuilder(cmd).inheritIO().start().waitFor();
      if (code != 0) {
        System.out.println("(PairedRatio exited with " + code + ")");
      }
    } catch (java.io.IOException e) {
      System.out.println("(PairedRatio did not start: " + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

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
    List<String> docs = List.of("reference", "synthetic-10000x20", "flat-1000", "flat-10000", "flat-100000",
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
      double[] v = byDoc.computeIfAbsent(doc, k -> new double[4]);
      double score = r.getPrimaryResult().getScore();
      double err = r.getPrimaryResult().getScoreError();
      if (method.equals("open")) {
        v[0] = score;
        v[1] = err;
      } else {
        v[2] = score;
        v[3] = err;
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-20s %14s %14s %8s", "environment", "open (us)", "jackson (us)", "ratio"));
    for (String d : docs) {
      double[] v = byDoc.get(d);
      if (v == null) {
        continue;
      }
      lines.add(String.format(Locale.ROOT, "%-20s %8.0f ±%4.0f %8.0f ±%4.0f %7.2fx", d, v[0], v[1], v[2], v[3], v[0] / v[2]));
    }
    System.out.println();
    System.out.println("== Figure 1 and 5: warm open vs Jackson parsing the same bytes (average time per op)");
    lines.forEach(System.out::println);
  }
}

package io.esc4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figure 4: cold start. Wall time and peak RSS of whole processes, each run {@code runs} times
 * after one warm-up, interleaved so that machine noise hits every command alike; medians:
 *
 * <ul>
 *   <li>a bare {@code java} hello world (a directory holding only {@link Hello});
 *   <li>{@code bin/esc run --dir examples/environments myapp/dev -- true};
 *   <li>{@code bin/esc run} of an environment with aws-login + aws-secrets against esc-testkit
 *       (started in this process by {@link LocalAwsMain}, no latency);
 *   <li>{@link MinimalSdk}, the AWS SDK v2 making the same calls, with plain {@code java} and with
 *       bin/esc's JVM options.
 * </ul>
 *
 * <p>Peak RSS comes from {@code /usr/bin/time} ({@code %M}) when it exists. Run from the
 * repository root: {@code java -cp benchmarks/target/benchmarks.jar io.esc4j.bench.ColdStart [quick]}.
 */
public final class ColdStart {
  private ColdStart() {}

  record Command(String name, List<String> argv, Map<String, String> env) {}

  /**
   * Runs figure 4.
   *
   * @param args {@code quick} for fewer runs
   * @throws Exception when a command cannot run
   */
  public static void main(String[] args) throws Exception {
    boolean quick = args.length > 0 && args[0].equals("quick");
    int runs = quick ? 5 : 11;
    Path root = Path.of(System.getProperty("esc.root", ".")).toAbsolutePath().normalize();
    Path esc = root.resolve("bin/esc");
    if (!Files.isExecutable(esc) || !Files.isRegularFile(root.resolve("esc-cli/target/esc.jar"))) {
      throw new IllegalStateException("run from the repository root after building esc-cli (no " + esc + " or esc.jar)");
    }
    String javaHome = System.getProperty("java.home");
    String java = Path.of(javaHome, "bin", "java").toString();
    Path tmp = Files.createTempDirectory("esc-coldstart");
    Path hello = tmp.resolve("hello");
    Path helloClass = hello.resolve("io/esc4j/bench/Hello.class");
    Files.createDirectories(helloClass.getParent());
    try (InputStream in = ColdStart.class.getResourceAsStream("Hello.class")) {
      Files.write(helloClass, in.readAllBytes());
    }
    String jar = System.getProperty("java.class.path");
    boolean time = Files.isExecutable(Path.of("/usr/bin/time"));

    try (LocalAwsMain.Started aws = LocalAwsMain.start(tmp.resolve("aws"))) {
      Map<String, String> awsEnv = new LinkedHashMap<>();
      for (String v : aws.variables()) {
        int eq = v.indexOf('=');
        awsEnv.put(v.substring(0, eq), v.substring(eq + 1));
      }
      Map<String, String> plain = Map.of("JAVA_HOME", javaHome);
      Map<String, String> escAws = new LinkedHashMap<>(awsEnv);
      escAws.put("JAVA_HOME", javaHome);
      List<Command> commands = List.of(
          new Command("java hello world", List.of(java, "-cp", hello.toString(), "io.esc4j.bench.Hello"), plain),
          new Command("bin/esc run myapp/dev (local)", List.of(esc.toString(), "run", "--dir",
              root.resolve("examples/environments").toString(), "myapp/dev", "--", "true"), plain),
          new Command("bin/esc run aws-login + aws-secrets", List.of(esc.toString(), "run", "--dir",
              aws.environments().toString(), "--oidc-token-file", aws.token().toString(), "acme/bench/aws", "--",
              "true"), escAws),
          new Command("minimal SDK v2 program (java)", List.of(java, "-cp", jar, "io.esc4j.bench.MinimalSdk"), awsEnv),
          new Command("minimal SDK v2, bin/esc's JVM options", List.of(java, "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xshare:auto",
              "-cp", jar, "io.esc4j.bench.MinimalSdk"), awsEnv));

      Map<String, double[]> wall = new LinkedHashMap<>();
      Map<String, double[]> rss = new LinkedHashMap<>();
      for (Command c : commands) {
        wall.put(c.name(), new double[runs]);
        rss.put(c.name(), new double[runs]);
      }
      // warm-up: the page cache, and bin/esc's class-data archive when it is missing or older than the jar
      String archivedBy = "an earlier run (it was newer than the jar)";
      for (int w = 0; w < 2; w++) {
        for (Command c : commands) {
          long before = archiveStamp(root);
          run(c, time, tmp);
          if (archiveStamp(root) != before) {
            archivedBy = "the warm-up run of \"" + c.name() + "\" (the jar was newer)";
          }
        }
      }
      for (int i = 0; i < runs; i++) {
        for (Command c : commands) {
          double[] r = run(c, time, tmp);
          wall.get(c.name())[i] = r[0];
          rss.get(c.name())[i] = r[1];
        }
      }
      double helloMs = median(wall.get(commands.get(0).name()));
      double sdkMs = median(wall.get(commands.get(3).name()));
      System.out.println();
      System.out.printf(Locale.ROOT, "== Figure 4: cold start (whole processes, medians of %d runs, %s)%n", runs,
          Runtime.version());
      System.out.printf(Locale.ROOT, "%-40s %10s %9s %9s %13s%n", "command", "wall (ms)", "x hello", "x SDK",
          "peak RSS (MB)");
      for (Command c : commands) {
        double w = median(wall.get(c.name()));
        double m = median(rss.get(c.name()));
        System.out.printf(Locale.ROOT, "%-40s %10.0f %8.2fx %8.2fx %13s%n", c.name(), w, w / helloMs, w / sdkMs,
            time ? String.format(Locale.ROOT, "%.0f", m / 1024) : "n/a");
      }
      System.out.println("bin/esc's class-data archive (trained by 'esc __train-cds' after a build, local and AWS paths) came from "
          + archivedBy);
      double local = median(wall.get(commands.get(1).name()));
      double escAwsMs = median(wall.get(commands.get(2).name()));
      System.out.printf(Locale.ROOT, "bin/esc local / hello = %.2fx (target <= 3x); bin/esc aws / minimal SDK = %.2fx"
          + " (target <= 1x)%n", local / helloMs, escAwsMs / sdkMs);
    }
  }

  /** The newest modification time of bin/esc's class-data archives, 0 when there is none. */
  static long archiveStamp(Path root) throws IOException {
    long newest = 0;
    try (var files = Files.newDirectoryStream(root.resolve("esc-cli/target"), "esc-*.jsa")) {
      for (Path f : files) {
        newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
      }
    }
    return newest;
  }

  /** Runs a command once: wall milliseconds and peak RSS in KiB (0 without /usr/bin/time). */
  static double[] run(Command c, boolean time, Path tmp) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    Path out = tmp.resolve("time.out");
    if (time) {
      argv.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", out.toString()));
    }
    argv.addAll(c.argv());
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().putAll(c.env());
    long t0 = System.nanoTime();
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    int rc = p.waitFor();
    double ms = (System.nanoTime() - t0) / 1e6;
    if (rc != 0) {
      throw new IllegalStateException(c.name() + " exited with " + rc + ": "
          + new String(output, StandardCharsets.UTF_8));
    }
    double kb = 0;
    if (time) {
      String[] lines = Files.readString(out).trim().split("\n");
      kb = Double.parseDouble(lines[lines.length - 1].trim());
    }
    return new double[] {ms, kb};
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}

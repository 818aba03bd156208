package io.esc4j.bench;

import io.esc4j.OpenEnvironment;
import io.esc4j.aws.internal.AwsLoginCache;
import io.esc4j.testkit.Operation;
import io.esc4j.testkit.RequestRecord;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Figures 2 and 3: provider round trips and repeated opens, against esc-testkit in this process:
 * {@code java -cp benchmarks/target/benchmarks.jar io.esc4j.bench.ProviderFigures [quick]}.
 *
 * <p>Figure 2 opens an environment with one {@code aws-login} (OIDC), 100 secrets and 50
 * parameters with 20 ms of latency on every request, login cache off, and compares it in the same
 * run with the baseline (the AWS SDK v2 after {@code AssumeRoleWithWebIdentity}, one {@code
 * GetSecretValue} / {@code GetParameter} per value, sequentially) and with the limit, 2 round
 * trips. Figure 3 opens the same environment twice with the login cache on and counts the STS
 * calls of the second open.
 */
public final class ProviderFigures {
  static final Duration LATENCY = Duration.ofMillis(20);

  private ProviderFigures() {}

  /**
   * Runs figures 2 and 3.
   *
   * @param args {@code quick} for fewer repetitions
   */
  public static void main(String[] args) {
    boolean quick = args.length > 0 && args[0].equals("quick");
    try (AwsFixture f = new AwsFixture(100, 50)) {
      figure2(f, quick);
      figure3(f, quick);
    }
  }

  static void figure2(AwsFixture f, boolean quick) {
    int runs = quick ? 11 : 21;
    int baselineRuns = quick ? 3 : 5;
    SdkHttpClient http = UrlConnectionHttpClient.create();

    // warm up both sides without latency (class loading, JIT), then measure with it
    f.latency(Duration.ZERO);
    for (int i = 0; i < 30; i++) {
      esc4jOpen(f);
      baseline(f, http);
    }
    Warmup warm = warmUntilJitIdle(f, 20, 100, quick ? 40 : 90);
    double[] floor = new double[runs];
    for (int i = 0; i < runs; i++) {
      floor[i] = esc4jOpen(f);
    }

    f.latency(LATENCY);
    // with latency some code takes other branches (waits, the emulator's timed answers), and the JIT
    // recompiles it: without this the first half-second of the measured opens shared the cores with
    // about 0.5 s of compiling
    Warmup warmLatency = warmUntilJitIdle(f, 5, 10, quick ? 20 : 40);
    double[] esc = new double[runs];
    List<Map<Operation, Integer>> calls = new ArrayList<>();
    List<Integer> waves = new ArrayList<>();
    long jit0 = jitMillis();
    long wall0 = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      f.server.clearRequests();
      esc[i] = esc4jOpen(f);
      List<RequestRecord> log = f.server.requests();
      calls.add(count(log));
      waves.add(waves(log));
    }
    long measuredJit = jitMillis() - jit0;
    long measuredWall = (System.nanoTime() - wall0) / 1_000_000;
    double[] base = new double[baselineRuns];
    Map<Operation, Integer> baseCalls = null;
    for (int i = 0; i < baselineRuns; i++) {
      f.server.clearRequests();
      base[i] = baseline(f, http);
      baseCalls = count(f.server.requests());
    }
    f.latency(Duration.ZERO);
    http.close();

    double limit = 2 * LATENCY.toNanos() / 1e6;
    double e = median(esc);
    double b = median(base);
    System.out.println();
    System.out.printf(Locale.ROOT, "== Figure 2: provider round trips (1 aws-login, %d secrets, %d parameters, %d ms"
        + " per request; medians of %d / %d runs)%n", f.secrets, f.parameters, LATENCY.toMillis(), runs, baselineRuns);
    System.out.printf(Locale.ROOT, "%-44s %10s %8s  %s%n", "", "time (ms)", "x limit", "AWS calls");
    System.out.printf(Locale.ROOT, "%-44s %10.1f %7.2fx  %s%n", "limit: 2 round trips", limit, 1.0,
        "1 STS + batched, in parallel");
    int[] w = waves.stream().mapToInt(Integer::intValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "%-44s %10.1f %7.2fx  %s; request waves: median %d, max %d%n",
        "esc4j open (login cache off)", e, e / limit, describe(calls.get(calls.size() - 1)), w[w.length / 2],
        w[w.length - 1]);
    System.out.printf(Locale.ROOT, "%-44s %10.1f %7.2fx  %s%n", "baseline: SDK v2, one call per value, sequential",
        b, b / limit, describe(baseCalls));
    System.out.printf(Locale.ROOT, "%-44s %10.1f %7s  (no injected latency: esc4j's own cost)%n",
        "esc4j open, 0 ms latency", median(floor), "");
    System.out.printf(Locale.ROOT, "esc4j / limit = %.2fx (target <= 1.5x); baseline / esc4j = %.1fx (target >= 20x)%n",
        e / limit, b / e);
    System.out.printf(Locale.ROOT, "warm-up: 30 opens and baselines, then until the JIT was idle: %s without latency,"
        + " %s with; JIT compiling during the measured opens: %d ms in %d ms%n", warm, warmLatency, measuredJit,
        measuredWall);
  }

  /** How an esc4j warm-up ended. */
  record Warmup(int opens, boolean idle, double seconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d opens (%.1f s%s)", opens, seconds, idle ? "" : ", time limit: JIT not idle");
    }
  }

  /**
   * Opens (at the latency set now) in rounds of {@code round} until the JIT compilers were busy for
   * less than 5 % of a round's wall time, at least {@code minOpens}, at most {@code maxSeconds}. The
   * 30 opens above are not enough on 2 cores: the compilers then still take about half a core for
   * tens of seconds, the same cores as the measured opens (docs/performance.md, figure 2).
   */
  static Warmup warmUntilJitIdle(AwsFixture f, int round, int minOpens, int maxSeconds) {
    long start = System.nanoTime();
    int opens = 0;
    while (true) {
      long jit = jitMillis();
      long t = System.nanoTime();
      for (int i = 0; i < round; i++) {
        esc4jOpen(f);
      }
      opens += round;
      double wallMs = (System.nanoTime() - t) / 1e6;
      double seconds = (System.nanoTime() - start) / 1e9;
      if (opens >= minOpens && jitMillis() - jit < 0.05 * wallMs) {
        return new Warmup(opens, true, seconds);
      }
      if (seconds >= maxSeconds) {
        return new Warmup(opens, false, seconds);
      }
    }
  }

  /** Milliseconds the JIT compilers have spent so far, or 0 when the JVM does not say. */
  static long jitMillis() {
    CompilationMXBean c = ManagementFactory.getCompilationMXBean();
    return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
  }

  static void figure3(AwsFixture f, boolean quick) {
    int pairs = quick ? 9 : 21;
    f.latency(Duration.ZERO);
    for (int i = 0; i < 10; i++) {
      AwsLoginCache.shared().clear();
      open(f, true);
      open(f, true);
    }
    f.latency(LATENCY);
    double[] first = new double[pairs];
    double[] second = new double[pairs];
    int firstSts = 0;
    int secondSts = 0;
    for (int i = 0; i < pairs; i++) {
      AwsLoginCache.shared().clear();
      f.server.clearRequests();
      first[i] = open(f, true);
      firstSts += f.server.requests(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY).size();
      f.server.clearRequests();
      second[i] = open(f, true);
      secondSts += f.server.requests(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY).size();
    }
    f.latency(Duration.ZERO);
    double a = median(first);
    double b = median(second);
    System.out.println();
    System.out.printf(Locale.ROOT, "== Figure 3: repeated opens, login cache on (%d ms per request; medians of %d pairs)%n",
        LATENCY.toMillis(), pairs);
    System.out.printf(Locale.ROOT, "%-28s %10s %8s %18s%n", "", "time (ms)", "x first", "STS calls per open");
    System.out.printf(Locale.ROOT, "%-28s %10.1f %7.2fx %18.1f%n", "first open", a, 1.0, firstSts / (double) pairs);
    System.out.printf(Locale.ROOT, "%-28s %10.1f %7.2fx %18.1f%n", "second open (same process)", b, b / a,
        secondSts / (double) pairs);
    System.out.printf(Locale.ROOT, "second open: %d STS calls in %d opens (target 0)%n", secondSts, pairs);
  }

  /** One esc4j open, login cache off; milliseconds. */
  static double esc4jOpen(AwsFixture f) {
    return open(f, false);
  }

  static double open(AwsFixture f, boolean loginCache) {
    long t0 = System.nanoTime();
    OpenEnvironment env = f.builder(loginCache).open(AwsFixture.ENV);
    double ms = (System.nanoTime() - t0) / 1e6;
    if (env.find("aws.secrets.s" + (f.secrets - 1)).isEmpty()) {
      throw new IllegalStateException("the open returned no secrets");
    }
    return ms;
  }

  /**
   * What applications do today (Spring Cloud AWS's property sources): log in with the SDK's STS
   * client, then one GetSecretValue / GetParameter per value, one after the other; milliseconds.
   */
  static double baseline(AwsFixture f, SdkHttpClient http) {
    long t0 = System.nanoTime();
    Region region = Region.of(AwsFixture.REGION);
    String token = f.token();
    Credentials c;
    try (StsClient sts = StsClient.builder().region(region).endpointOverride(f.server.endpoint()).httpClient(http)
        .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
      c = sts.assumeRoleWithWebIdentity(r -> r.roleArn(AwsFixture.ROLE).roleSessionName("baseline")
          .webIdentityToken(token).durationSeconds(3600)).credentials();
    }
    StaticCredentialsProvider creds = StaticCredentialsProvider.create(
        AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    int n = 0;
    try (SecretsManagerClient sm = SecretsManagerClient.builder().region(region).endpointOverride(f.server.endpoint())
        .httpClient(http).credentialsProvider(creds).build();
        SsmClient ssm = SsmClient.builder().region(region).endpointOverride(f.server.endpoint()).httpClient(http)
            .credentialsProvider(creds).build()) {
      for (int i = 0; i < f.secrets; i++) {
        String id = AwsFixture.secretId(i);
        n += sm.getSecretValue(b -> b.secretId(id)).secretString().length();
      }
      for (int i = 0; i < f.parameters; i++) {
        String name = AwsFixture.parameterName(i);
        n += ssm.getParameter(b -> b.name(name).withDecryption(true)).parameter().value().length();
      }
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    if (n == 0) {
      throw new IllegalStateException("no values");
    }
    return ms;
  }

  static Map<Operation, Integer> count(List<RequestRecord> log) {
    Map<Operation, Integer> m = new EnumMap<>(Operation.class);
    for (RequestRecord r : log) {
      if (r.operation() != null) {
        m.merge(r.operation(), 1, Integer::sum);
      }
    }
    return m;
  }

  static String describe(Map<Operation, Integer> m) {
    if (m == null) {
      return "?";
    }
    int total = m.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder sb = new StringBuilder().append(total).append(" (");
    boolean first = true;
    for (Map.Entry<Operation, Integer> e : m.entrySet()) {
      sb.append(first ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().wireName());
      first = false;
    }
    return sb.append(')').toString();
  }

  /**
   * How many waves the requests came in: a request that arrives later than the latency after the
   * first request of the current wave had to wait for an earlier answer, so it starts a new wave.
   */
  static int waves(List<RequestRecord> log) {
    List<RequestRecord> sorted = new ArrayList<>(log);
    sorted.sort(Comparator.comparing(RequestRecord::time));
    int waves = 0;
    java.time.Instant start = null;
    for (RequestRecord r : sorted) {
      if (start == null || !r.time().isBefore(start.plus(LATENCY.multipliedBy(9).dividedBy(10)))) {
        waves++;
        start = r.time();
      }
    }
    return waves;
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}

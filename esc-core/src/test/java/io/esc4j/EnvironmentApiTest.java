package io.esc4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import io.esc4j.spi.ProviderException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public API end to end, through exported types only. */
class EnvironmentApiTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  private static final String BASE = """
      values:
        db:
          host: db.internal
          port: 5432
        region: eu-west-1
      """;

  private static final String DEV = """
      imports:
        - myapp/base
      values:
        db:
          port: 6432
          name: app
        url: "postgres://${db.host}:${db.port}/${db.name}"
      """;

  // ---------------------------------------------------------------- stores

  @Test
  void opensFromADirectoryStore(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("myapp"));
    Files.writeString(dir.resolve("myapp/base.yaml"), BASE);
    Files.writeString(dir.resolve("myapp/dev.yml"), DEV); // .yml works too
    try (OpenEnvironment env = builder().store(EnvironmentStore.directory(dir)).open("myapp/dev")) {
      assertMergedDev(env);
    }
  }

  @Test
  void opensFromAClasspathStore() {
    try (OpenEnvironment env = builder().store(EnvironmentStore.classpath("api", getClass().getClassLoader()))
        .open("myapp/dev")) {
      assertMergedDev(env);
    }
    try (OpenEnvironment env = builder().store(EnvironmentStore.classpath("api/")).open("myapp/dev")) {
      assertMergedDev(env);
    }
  }

  @Test
  void opensFromAnInMemoryStore() {
    try (OpenEnvironment env = builder().store(memory()).open("myapp/dev")) {
      assertMergedDev(env);
    }
  }

  private static void assertMergedDev(OpenEnvironment env) {
    assertThat(env.name()).isEqualTo("myapp/dev");
    assertThat(env.getString("db.host")).isEqualTo("db.internal"); // from the import
    assertThat(env.getInt("db.port")).isEqualTo(6432); // overridden
    assertThat(env.getString("db.name")).isEqualTo("app"); // added
    assertThat(env.getString("region")).isEqualTo("eu-west-1");
    assertThat(env.getString("url")).isEqualTo("postgres://db.internal:6432/app");
    assertThat(env.values().properties().keySet()).containsExactly("db", "region", "url");
    assertThat(env.toJson(Redaction.REDACT)).isEqualTo(
        "{\"db\":{\"host\":\"db.internal\",\"name\":\"app\",\"port\":6432},\"region\":\"eu-west-1\","
            + "\"url\":\"postgres://db.internal:6432/app\"}");
    assertThat(env.warnings()).isEmpty();
  }

  @Test
  void aMissingEnvironmentNamesItselfAndTheStore(@TempDir Path dir) {
    assertThatThrownBy(() -> builder().store(EnvironmentStore.directory(dir)).open("myapp/nope"))
        .isInstanceOf(EnvironmentException.class)
        .hasMessageContaining("myapp/nope")
        .hasMessageContaining(dir.toString())
        .satisfies(e -> assertThat(((EnvironmentException) e).environment()).isEqualTo("myapp/nope"));
    assertThatThrownBy(() -> builder().store(memory()).open("../etc/passwd")).isInstanceOf(EnvironmentException.class);
  }

  @Test
  void theDefaultStoreIsTheEnvironmentsDirectory() {
    Assumptions.assumeTrue(System.getenv(Environment.DIR_VARIABLE) == null);
    assertThat(Environment.defaultStore().description()).isEqualTo("directory environments");
    assertThatThrownBy(() -> Environment.open("no-such-project/no-such-env"))
        .isInstanceOf(EnvironmentException.class)
        .hasMessageContaining("no-such-project/no-such-env")
        .hasMessageContaining("directory environments");
  }

  // ---------------------------------------------------------------- typed getters

  @Test
  void typedGetters() {
    String doc = """
        values:
          s: text
          i: 42
          big: 9223372036854775808
          neg: -7
          dec: 1.50
          t: true
          n: null
          list: [a, b, {c: d}]
          obj: {"app.kubernetes.io/name": web}
          secret: {fn::secret: hunter2}
        """;
    try (OpenEnvironment env = open(doc)) {
      assertThat(env.getString("s")).isEqualTo("text");
      assertThat(env.getString("i")).isEqualTo("42");
      assertThat(env.getString("t")).isEqualTo("true");
      assertThat(env.getString("n")).isEmpty();
      assertThat(env.getInt("i")).isEqualTo(42);
      assertThat(env.getLong("neg")).isEqualTo(-7L);
      assertThat(env.getDecimal("dec")).isEqualByComparingTo(new BigDecimal("1.5"));
      assertThat(env.getDecimal("big")).isEqualTo(new BigDecimal("9223372036854775808"));
      assertThat(env.getBoolean("t")).isTrue();
      assertThat(env.getString("list[1]")).isEqualTo("b");
      assertThat(env.getString("list[2].c")).isEqualTo("d");
      assertThat(env.getString("obj[\"app.kubernetes.io/name\"]")).isEqualTo("web");
      assertThat(env.getSecret("secret").reveal()).isEqualTo("hunter2");
      assertThat(env.getSecret("s").reveal()).isEqualTo("text");
      assertThat(env.get("list")).isInstanceOf(EscValue.Arr.class);
      assertThat(env.get("secret").secret()).isTrue();
      assertThat(env.find("list[9]")).isEmpty();
      assertThat(env.find("s.deeper")).isEmpty();
      assertThat(env.find("nope")).isEmpty();
    }
  }

  @Test
  void typedGetterErrorsNameTheEnvironmentAndThePath() {
    String doc = """
        values:
          s: text
          big: 9223372036854775808
          dec: 1.5
          list: [a]
          secret: {fn::secret: hunter2}
        """;
    try (OpenEnvironment env = open(doc)) {
      assertGetterError(() -> env.get("missing"), "no value at \"missing\"");
      assertGetterError(() -> env.getString("list"), "the value at \"list\" is an array, not a string, number, boolean or null");
      assertGetterError(() -> env.getString("secret"), "getSecret(\"secret\")");
      assertGetterError(() -> env.getInt("s"), "the value at \"s\" is a string, not a number");
      assertGetterError(() -> env.getInt("big"), "not an int");
      assertGetterError(() -> env.getLong("big"), "not an integer");
      assertGetterError(() -> env.getInt("dec"), "not an int");
      assertGetterError(() -> env.getBoolean("s"), "not a boolean");
      assertGetterError(() -> env.getDecimal("list"), "not a number");
      assertGetterError(() -> env.getSecret("list"), "not a string, number, boolean or null");
      assertGetterError(() -> env.getString("list[3]"), "no value at \"list[3]\"");
      assertThatThrownBy(() -> env.find("list[")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static void assertGetterError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String fragment) {
    assertThatThrownBy(call)
        .isInstanceOf(EnvironmentException.class)
        .hasMessageStartingWith("app/env: error: ")
        .hasMessageContaining(fragment);
  }

  // ---------------------------------------------------------------- imports and merging

  @Test
  void importsMergeAndStayReachable() {
    Map<String, String> docs = new LinkedHashMap<>();
    docs.put("myapp/base", BASE);
    docs.put("myapp/other", "values:\n  region: us-east-1\n  extra: {k: v}\n");
    docs.put("myapp/dev", """
        imports:
          - myapp/base
          - myapp/other: {merge: false}
        values:
          db: {port: 1}
          basePort: ${imports["myapp/base"].db.port}
          otherRegion: ${imports["myapp/other"].region}
          inline: ${environments.myapp.other.extra.k}
        """);
    try (OpenEnvironment env = builder().store(EnvironmentStore.inMemory(docs)).open("myapp/dev")) {
      assertThat(env.getInt("db.port")).isEqualTo(1);
      assertThat(env.getString("db.host")).isEqualTo("db.internal");
      assertThat(env.getString("region")).isEqualTo("eu-west-1"); // "other" is not merged
      assertThat(env.find("extra")).isEmpty();
      assertThat(env.getInt("basePort")).isEqualTo(5432);
      assertThat(env.getString("otherRegion")).isEqualTo("us-east-1");
      assertThat(env.getString("inline")).isEqualTo("v");
    }
  }

  @Test
  void errorsArePrintedLikeACompiler() {
    String doc = """
        values:
          db:
            password: x
          url: ${db.pasword}
          other: ${missing}
        """;
    assertThatThrownBy(() -> open(doc))
        .isInstanceOf(EnvironmentException.class)
        .satisfies(t -> {
          EnvironmentException e = (EnvironmentException) t;
          assertThat(e.environment()).isEqualTo("app/env");
          assertThat(e.errors()).hasSize(2);
          assertThat(e.getMessage()).startsWith(String.join("\n",
              "app/env:4:12: error: unknown property \"pasword\"; did you mean \"password\"?",
              " 4 |   url: ${db.pasword}",
              "   | " + " ".repeat(11) + "^".repeat(8),
              "app/env:5:12: error: unknown property \"missing\"",
              " 5 |   other: ${missing}",
              "   | " + " ".repeat(11) + "^".repeat(7)));
          Diagnostic d = e.errors().get(0);
          assertThat(d.start().line()).isEqualTo(4);
          assertThat(d.start().column()).isEqualTo(12);
          assertThat(d.start().offset()).isEqualTo("values:\n  db:\n    password: x\n  url: ${db".length());
          assertThat(d.severity()).isEqualTo(Diagnostic.Severity.ERROR);
        });
  }

  // ---------------------------------------------------------------- variables, files, child processes

  @Test
  void environmentVariablesAndFiles() {
    String doc = """
        values:
          password: {fn::secret: hunter2}
          environmentVariables:
            STRING: text
            NUMBER: 5432
            DECIMAL: 1.50
            BOOL: false
            EMPTY: null
            OBJECT: {b: 2, a: [1, "x"]}
            LIST: [1, 2]
            SECRET: ${password}
            SECRET_INSIDE: {p: "${password}"}
          files:
            CONFIG_FILE: "line1\\nline2\\n"
            SECRET_FILE: ${password}
        """;
    try (OpenEnvironment env = open(doc)) {
      Map<String, Variable> vars = env.environmentVariables();
      assertThat(vars.keySet()).containsExactly("BOOL", "DECIMAL", "EMPTY", "LIST", "NUMBER", "OBJECT", "SECRET",
          "SECRET_INSIDE", "STRING");
      assertThat(vars.get("STRING")).isEqualTo(new Variable("text", false));
      assertThat(vars.get("NUMBER")).isEqualTo(new Variable("5432", false));
      assertThat(vars.get("DECIMAL").value()).isEqualTo("1.5"); // the reference's number text
      assertThat(vars.get("BOOL")).isEqualTo(new Variable("false", false));
      assertThat(vars.get("EMPTY")).isEqualTo(new Variable("", false));
      assertThat(vars.get("OBJECT")).isEqualTo(new Variable("{\"a\":[1,\"x\"],\"b\":2}", false));
      assertThat(vars.get("LIST")).isEqualTo(new Variable("[1,2]", false));
      assertThat(vars.get("SECRET")).isEqualTo(new Variable("hunter2", true));
      assertThat(vars.get("SECRET").toString()).isEqualTo("[secret]");
      assertThat(vars.get("SECRET_INSIDE")).isEqualTo(new Variable("{\"p\":\"hunter2\"}", true));
      assertThat(vars.get("STRING").toString()).isEqualTo("text");

      Map<String, Variable> files = env.files();
      assertThat(files.keySet()).containsExactly("CONFIG_FILE", "SECRET_FILE");
      assertThat(files.get("CONFIG_FILE")).isEqualTo(new Variable("line1\nline2\n", false));
      assertThat(files.get("SECRET_FILE")).isEqualTo(new Variable("hunter2", true));
    }
    try (OpenEnvironment env = open("values:\n  a: 1\n")) {
      assertThat(env.environmentVariables()).isEmpty();
      assertThat(env.files()).isEmpty();
    }
  }

  @Test
  void applyToGivesAChildProcessTheVariablesAndPrivateFiles() throws Exception {
    String doc = """
        values:
          token: {fn::secret: s3cr3t-token}
          environmentVariables:
            VAR: hello-from-esc
            TOKEN: ${token}
          files:
            FILE_VAR: "file content ${token}\\n"
        """;
    OpenEnvironment env = open(doc);
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "cat \"$FILE_VAR\"; echo $VAR; echo $TOKEN");
    assertThat(env.applyTo(pb)).isSameAs(pb);
    Path file = Path.of(pb.environment().get("FILE_VAR"));
    assertThat(file).exists().hasContent("file content s3cr3t-token");
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }
    pb.redirectErrorStream(true);
    String output = assertTimeoutPreemptively(HANG_GUARD, () -> {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      return out;
    });
    assertThat(output).isEqualTo("file content s3cr3t-token\nhello-from-esc\ns3cr3t-token\n");

    env.close();
    assertThat(file).doesNotExist();
    assertThat(file.getParent()).doesNotExist();
    env.close(); // idempotent
  }

  @Test
  void eachApplyToWritesItsFilesToANewDirectoryNamedAfterTheirVariables() throws Exception {
    String doc = """
        values:
          files:
            KUBECONFIG: "apiVersion: v1\\n"
            odd/name: with a slash
        """;
    try (OpenEnvironment env = open(doc)) {
      ProcessBuilder first = env.applyTo(new ProcessBuilder("true"));
      ProcessBuilder second = env.applyTo(new ProcessBuilder("true"));
      Path kube = Path.of(first.environment().get("KUBECONFIG"));
      Path odd = Path.of(first.environment().get("odd/name"));
      assertThat(kube.getFileName()).hasToString("KUBECONFIG");
      assertThat(kube).hasContent("apiVersion: v1\n");
      assertThat(odd.getParent()).isEqualTo(kube.getParent());
      assertThat(odd.getFileName().toString()).matches("file-[0-9]+");
      assertThat(odd).hasContent("with a slash");
      Path again = Path.of(second.environment().get("KUBECONFIG"));
      assertThat(again.getParent()).isNotEqualTo(kube.getParent());
      assertThat(kube.getParent().getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
      env.close();
      assertThat(kube.getParent()).doesNotExist();
      assertThat(again.getParent()).doesNotExist();
    }
  }

  /**
   * close() removes the private directory with whatever a child left in it (a subdirectory, a
   * link to a directory outside), and never follows a link out of it.
   */
  @Test
  void closeRemovesWhatAChildLeftInThePrivateDirectoryWithoutFollowingLinks(@TempDir Path outside)
      throws Exception {
    Path keep = Files.writeString(outside.resolve("keep.txt"), "not esc's");
    OpenEnvironment env = open("""
        values:
          files:
            CONFIG: some content
        """);
    Path dir = Path.of(env.applyTo(new ProcessBuilder("true")).environment().get("CONFIG")).getParent();
    Files.createDirectories(dir.resolve("cache/deeper"));
    Files.writeString(dir.resolve("cache/deeper/left.txt"), "left behind");
    Files.createSymbolicLink(dir.resolve("link-out"), outside);
    env.close();
    assertThat(dir).doesNotExist();
    assertThat(keep).exists().hasContent("not esc's");
    assertThat(outside).isDirectory();
  }

  // ---------------------------------------------------------------- check

  @Test
  void checkReturnsDiagnosticsWithoutThrowingOrCallingProviders() {
    Counting counting = new Counting("counted");
    String doc = """
        values:
          creds: {fn::open::counted: {role: admin}}
          user: ${creds.user}
          bad: ${missing}
        """;
    CheckResult r = builder().store(EnvironmentStore.inMemory(Map.of("app/env", doc))).provider(counting).check("app/env");
    assertThat(counting.calls.get()).isZero();
    assertThat(r.environment()).isEqualTo("app/env");
    assertThat(r.hasErrors()).isTrue();
    assertThat(r.diagnostics()).filteredOn(Diagnostic::isError).singleElement()
        .satisfies(d -> assertThat(d.headline()).isEqualTo("app/env:4:10: error: unknown property \"missing\""));
    assertThat(r.rendered()).contains("app/env:4:10: error: unknown property \"missing\"");
    EscValue.Obj values = r.values().orElseThrow();
    assertThat(values.properties().get("creds").isUnknown()).isTrue();
    assertThat(values.properties().get("user").isUnknown()).isTrue();

    CheckResult missing = builder().store(memory()).check("myapp/nope");
    assertThat(missing.hasErrors()).isTrue();
    assertThat(missing.rendered()).contains("myapp/nope");

    CheckResult clean = builder().store(memory()).check("myapp/dev");
    assertThat(clean.hasErrors()).as(clean.rendered()).isFalse();
    assertThat(clean.values().orElseThrow().toJson(Redaction.REDACT)).contains("\"url\":\"postgres://db.internal:6432/app\"");
  }

  /**
   * Columns of an accessor inside an interpolation count display columns of the text before it:
   * one per ASCII byte, one for an accented letter (two UTF-8 bytes), two for a wide character.
   */
  @Test
  void interpolationAccessorColumnsCountDisplayColumnsOfThePrefix() {
    String doc = """
        values:
          a: {b: 1}
          ascii: xy ${a..b}
          accent: \u00e9y ${a..b}
          wide: \u65e5y ${a..b}
        """;
    CheckResult r = builder().store(EnvironmentStore.inMemory(Map.of("app/env", doc))).check("app/env");
    assertThat(r.diagnostics()).extracting(Diagnostic::headline).filteredOn(h -> h.contains("must not be empty"))
        .containsExactly(
            "app/env:3:16: error: property name must not be empty",
            "app/env:4:17: error: property name must not be empty",
            "app/env:5:16: error: property name must not be empty");
  }

  // ---------------------------------------------------------------- providers

  @Test
  void providersRegisteredOnTheBuilderNeedNoServiceLoader() {
    Provider echo = new Provider() {
      @Override
      public String name() {
        return "echo";
      }

      @Override
      public EscValue open(EscValue.Obj inputs, ProviderContext context) {
        Map<String, EscValue> out = new LinkedHashMap<>(inputs.properties());
        out.put("root", EscValue.Str.of(context.rootEnvironment()));
        out.put("current", EscValue.Str.of(context.currentEnvironment()));
        out.put("org", EscValue.Str.of(context.organization().orElse("-")));
        out.put("user", EscValue.Str.of(context.user().orElse("-")));
        return EscValue.Obj.of(out);
      }
    };
    Map<String, String> docs = new LinkedHashMap<>();
    docs.put("myapp/base", "values:\n  fromBase: {fn::open::echo: {x: 1}}\n");
    docs.put("myapp/dev", """
        imports: [myapp/base]
        values:
          mine: {fn::open: {provider: echo, inputs: {y: "${context.pulumi.organization.login}"}}}
        """);
    try (OpenEnvironment env = builder().store(EnvironmentStore.inMemory(docs)).provider(echo)
        .context(EvalContext.organization("acme").user("alice")).open("myapp/dev")) {
      assertThat(env.getInt("fromBase.x")).isEqualTo(1);
      assertThat(env.getString("fromBase.root")).isEqualTo("myapp/dev");
      assertThat(env.getString("fromBase.current")).isEqualTo("myapp/base");
      assertThat(env.getString("mine.y")).isEqualTo("acme");
      assertThat(env.getString("mine.current")).isEqualTo("myapp/dev");
      assertThat(env.getString("mine.org")).isEqualTo("acme");
      assertThat(env.getString("mine.user")).isEqualTo("alice");
    }
    assertThatThrownBy(() -> builder().provider(echo).provider(echo)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("echo");
    assertThatThrownBy(() -> builder().store(memory()).store(memory())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void providersOfOneOpenRunConcurrently() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Provider first = new Rendezvous("first", bothStarted);
    Provider second = new Rendezvous("second", bothStarted);
    String doc = """
        values:
          a: {fn::open::first: {}}
          b: {fn::open::second: {}}
          both: "${a.who}+${b.who}"
        """;
    try (OpenEnvironment env = assertTimeoutPreemptively(HANG_GUARD,
        () -> builder().store(EnvironmentStore.inMemory(Map.of("app/env", doc))).provider(first).provider(second)
            .open("app/env"))) {
      assertThat(env.getString("both")).isEqualTo("first+second");
    }
  }

  @Test
  void eachOpenRunsOnceHoweverOftenItIsReferenced() {
    Counting counting = new Counting("counted");
    StringBuilder doc = new StringBuilder("values:\n  creds: {fn::open::counted: {role: admin}}\n");
    for (int i = 0; i < 20; i++) {
      doc.append("  r").append(i).append(": ${creds.user}\n");
    }
    doc.append("  all: \"${creds.user}-${creds.role}-${creds}\"\n");
    doc.append("  environmentVariables:\n    USER: ${creds.user}\n");
    try (OpenEnvironment env = builder().store(EnvironmentStore.inMemory(Map.of("app/env", doc.toString())))
        .provider(counting).open("app/env")) {
      assertThat(env.getString("r19")).isEqualTo("u1");
      assertThat(counting.calls.get()).isEqualTo(1);
      try (OpenEnvironment again = env.reopen()) {
        assertThat(again.getString("r0")).isEqualTo("u2");
        assertThat(counting.calls.get()).isEqualTo(2);
      }
    }
  }

  @Test
  void aProviderErrorIsADiagnosticAtTheCallSite() {
    Provider failing = new Provider() {
      @Override
      public String name() {
        return "failing";
      }

      @Override
      public EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException {
        throw new ProviderException("sts:AssumeRole: AccessDenied", null, false, "allow the role to be assumed");
      }
    };
    String doc = "values:\n  creds:\n    fn::open::failing: {}\n  user: ${creds.user}\n";
    assertThatThrownBy(() -> builder().store(EnvironmentStore.inMemory(Map.of("app/env", doc))).provider(failing)
        .open("app/env"))
        .isInstanceOf(EnvironmentException.class)
        .hasMessageStartingWith("app/env:3:5: error: sts:AssumeRole: AccessDenied")
        .hasMessageContaining("fix: allow the role to be assumed")
        .satisfies(t -> assertThat(((EnvironmentException) t).errors()).hasSize(1));
  }

  // ---------------------------------------------------------------- helpers

  private static Environment.Builder builder() {
    return Environment.builder().noProviderDiscovery();
  }

  private static EnvironmentStore memory() {
    return EnvironmentStore.inMemory(Map.of("myapp/base", BASE, "myapp/dev", DEV));
  }

  private static OpenEnvironment open(String doc) {
    return builder().store(EnvironmentStore.inMemory(Map.of("app/env", doc))).open("app/env");
  }

  /** Waits until every provider sharing the latch has started: fails if they run one after another. */
  private static final class Rendezvous implements Provider {
    private final String name;
    private final CountDownLatch latch;

    Rendezvous(String name, CountDownLatch latch) {
      this.name = name;
      this.latch = latch;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException {
      latch.countDown();
      try {
        if (!latch.await(15, TimeUnit.SECONDS)) {
          throw new ProviderException("provider \"" + name + "\" waited alone: providers ran one after another");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException("interrupted");
      }
      return EscValue.Obj.of(Map.of("who", EscValue.Str.of(name)));
    }
  }

  /** Counts its calls; returns user u1, u2, ... */
  private static final class Counting implements Provider {
    private final String name;
    final AtomicInteger calls = new AtomicInteger();

    Counting(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public EscValue open(EscValue.Obj inputs, ProviderContext context) {
      int n = calls.incrementAndGet();
      Map<String, EscValue> out = new LinkedHashMap<>(inputs.properties());
      out.put("user", EscValue.Str.of("u" + n));
      return EscValue.Obj.of(out);
    }
  }
}

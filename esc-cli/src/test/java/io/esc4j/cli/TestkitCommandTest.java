package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code esc testkit run} and {@code esc testkit serve} on the bundled fixture and the aws/demo
 * example: the README's quick start, end to end, with no AWS account.
 */
class TestkitCommandTest {
  /** The repository root (the tests run in esc-cli/). */
  static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();

  /** The database URL the example builds from the fixture's Secrets Manager secret demo/db. */
  static final String DATABASE_URL = "postgres://demo_app:demo-db-password-7Qx2@db.demo.internal:5432/demo";

  /** Secret plaintexts of the fixture: none may be printed. */
  static final List<String> PLAINTEXTS = List.of("demo-db-password-7Qx2", "demo-api-key-current-2",
      "demo-signing-key-Lm42", DATABASE_URL);

  /** The README's main-job command, after {@code bin/esc}. */
  static final String[] QUICKSTART = {"testkit", "run", "--fixture", "examples/testkit.yaml",
      "--dir", "examples/environments", "acme/aws/demo", "--", "sh", "examples/aws-demo.sh"};

  @Test
  void theQuickStartLogsInWithOidcReadsSecretsAndParametersAndRunsTheChild() throws Exception {
    Cli.Result r = run(Map.of(), QUICKSTART).assertCode(0);

    assertThat(r.out()).contains(
        "APP_NAME=demo AWS_REGION=us-east-1\n",
        "AWS_ACCESS_KEY_ID=[secret]\n",
        "AWS_SECRET_ACCESS_KEY=[secret]\n",
        "AWS_SESSION_TOKEN=[secret]\n",
        "DATABASE_URL=[secret] (" + DATABASE_URL.length() + " characters, cksum " + cksum(DATABASE_URL) + ")\n",
        "API_KEY=[secret] LOG_LEVEL=[secret] APP_HOSTS=[secret]\n");
    for (String p : PLAINTEXTS) {
      assertThat(r.out() + r.err()).doesNotContain(p);
    }
  }

  @Test
  void theChildGetsTheRealValuesAndTheEndpoint() throws Exception {
    String script = "test \"$DATABASE_URL\" = '" + DATABASE_URL + "' && echo url-ok;"
        + " test \"$API_KEY\" = demo-api-key-current-2 && echo api-key-ok;"
        + " test \"$SIGNING_KEY\" = demo-signing-key-Lm42 && echo signing-key-ok;"
        + " test \"$APP_HOSTS\" = '[\"a.demo.internal\",\"b.demo.internal\"]' && echo hosts-ok;"
        + " case \"$AWS_ACCESS_KEY_ID\" in ASIA*) echo session-key-ok;; esac;"
        + " case \"$AWS_ENDPOINT_URL\" in http://127.0.0.1:*) echo endpoint-ok;; esac";
    Cli.Result r = run(Map.of(), "testkit", "run", "-f", "examples/testkit.yaml", "--dir", "examples/environments",
        "acme/aws/demo", "--", "sh", "-c", script).assertCode(0);
    assertThat(r.out().lines()).containsExactly(
        "url-ok", "api-key-ok", "signing-key-ok", "hosts-ok", "session-key-ok", "endpoint-ok");
  }

  @Test
  void theRolesTrustConditionsAreEnforced() throws Exception {
    // organization "other": the token's audience is aws:other, the role wants aws:acme
    Cli.Result r = run(Map.of(), "testkit", "run", "--fixture", "examples/testkit.yaml", "--dir",
        "examples/environments", "other/aws/demo", "--", "true").assertCode(1);
    assertThat(r.err())
        .contains("aws-login: sts:AssumeRoleWithWebIdentity: AccessDenied")
        .contains("aud=\"aws:other\"");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aMissingFixtureIsAUsageError() throws Exception {
    Cli.Result r = run(Map.of(), "testkit", "run", "--fixture", "examples/nope.yaml", "--dir",
        "examples/environments", "acme/aws/demo", "--", "true").assertCode(2);
    assertThat(r.err()).contains("esc: no fixture at ").contains("nope.yaml");
  }

  @Test
  void serveRunsUntilStoppedAndPrintsWhatEscRunNeeds(@TempDir Path tmp) throws Exception {
    Path envFile = tmp.resolve("testkit.env");
    ProcessBuilder pb = Cli.builder(Map.of(), "testkit", "serve", "--fixture", "examples/testkit.yaml",
        "--env-file", envFile.toString()).directory(ROOT.toFile());
    pb.redirectError(tmp.resolve("serve.err").toFile());
    Process serve = pb.start();
    try {
      // the variables, read as they are printed: no sleeping, no polling
      Map<String, String> vars = new HashMap<>();
      BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = out.readLine()) != null && !line.startsWith("# then:"); ) {
        if (line.startsWith("export ")) {
          String[] kv = line.substring("export ".length()).split("=", 2);
          vars.put(kv[0], kv[1]);
        }
      }
      assertThat(vars).containsOnlyKeys("AWS_ENDPOINT_URL", "ESC_OIDC_ISSUER", "ESC_OIDC_PRIVATE_KEY_FILE");
      assertThat(vars.get("AWS_ENDPOINT_URL")).startsWith("http://127.0.0.1:");
      Path key = Path.of(vars.get("ESC_OIDC_PRIVATE_KEY_FILE"));
      assertThat(key).exists();
      assertThat(Files.getPosixFilePermissions(key))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      assertThat(Files.readString(envFile)).contains("export AWS_ENDPOINT_URL=" + vars.get("AWS_ENDPOINT_URL"));

      // esc run, a separate process, configured only by those variables
      Cli.Result r = run(vars, "run", "--dir", "examples/environments", "acme/aws/demo", "--", "sh",
          "examples/aws-demo.sh").assertCode(0);
      assertThat(r.out()).contains("AWS_SESSION_TOKEN=[secret]\n",
          "DATABASE_URL=[secret] (" + DATABASE_URL.length() + " characters, cksum " + cksum(DATABASE_URL) + ")\n");

      serve.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook stops the server and removes the key
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(key).doesNotExist();
      assertThat(envFile).doesNotExist();
      String log = Files.readString(tmp.resolve("serve.err"));
      assertThat(log).contains(" AssumeRoleWithWebIdentity 200 OK", " secretsmanager.BatchGetSecretValue 200 OK",
          " AmazonSSM.GetParameters 200 OK", "esc testkit: stopped");
      for (String p : PLAINTEXTS) {
        assertThat(log).doesNotContain(p);
      }
    } finally {
      serve.destroyForcibly();
    }
  }

  private static Cli.Result run(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = Cli.builder(env, args).directory(ROOT.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    Cli.Collector out = new Cli.Collector(p.getInputStream());
    Cli.Collector err = new Cli.Collector(p.getErrorStream());
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("esc did not end: " + pb.command());
    }
    return new Cli.Result(p.exitValue(), out.text(), err.text());
  }

  /** The POSIX cksum of a string, from the system's cksum (as the example script computes it). */
  private static String cksum(String s) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", "printf %s \"$1\" | cksum | cut -d' ' -f1", "sh", s).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).isZero();
    return out;
  }
}

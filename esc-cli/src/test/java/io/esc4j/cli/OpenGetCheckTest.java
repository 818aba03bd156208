package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code esc open}, {@code esc get} and {@code esc check} through the real jar. */
class OpenGetCheckTest {
  static final ObjectMapper JSON = new ObjectMapper();
  /** A secret with everything quoting must get right. */
  static final String TRICKY = "it's \"q\" $HOME `id` a\\b";

  @TempDir Path dir;
  @TempDir Path scratch;

  @BeforeEach
  void environments() {
    Cli.example(dir);
    Cli.write(dir, "q/tricky",
        "values:",
        "  s:",
        "    fn::secret: " + JSON.valueToTree(TRICKY),
        "  multi:",
        "    fn::secret: \"line1\\nline2 'x'\"",
        "  environmentVariables:",
        "    TRICKY: ${s}",
        "    MULTI: ${multi}",
        "    NUM: 42",
        "    OBJ: {a: [1, true]}",
        "    EMPTY: null");
  }

  private Cli.Result esc(String cmd, String... args) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(cmd, "--dir", dir.toString()));
    all.addAll(java.util.List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void openPrintsEvaluatedValuesWithSecretsAsJson() throws Exception {
    JsonNode v = JSON.readTree(esc("open", "myapp/dev").assertCode(0).out());
    assertThat(v.at("/db/password").asText()).isEqualTo(RunCommandTest.PASSWORD);
    assertThat(v.at("/db/url").asText()).isEqualTo("postgres://myapp@localhost:5432/myapp");
    assertThat(v.at("/db/port").asInt()).isEqualTo(5432);
    assertThat(v.at("/features/maxUsers").asInt()).isEqualTo(50);
    assertThat(v.at("/app/region").asText()).isEqualTo("eu-west-1");
    assertThat(v.at("/environmentVariables/DATABASE_PASSWORD").asText()).isEqualTo(RunCommandTest.PASSWORD);
  }

  @Test
  void openWithAPathAndFormats() throws Exception {
    assertThat(esc("open", "myapp/dev", "db.password", "--format", "string").assertCode(0).out())
        .isEqualTo(RunCommandTest.PASSWORD + "\n");
    assertThat(esc("open", "myapp/dev", "db.port", "-f", "string").assertCode(0).out()).isEqualTo("5432\n");
    assertThat(JSON.readTree(esc("open", "myapp/dev", "features").assertCode(0).out()))
        .isEqualTo(JSON.readTree("{\"beta\":true,\"maxUsers\":50}"));
    String yaml = esc("open", "myapp/dev", "db", "--format", "yaml").assertCode(0).out();
    assertThat(yaml).contains("host: localhost", "password: " + RunCommandTest.PASSWORD, "port: 5432");
    Cli.Result r = esc("open", "myapp/dev", "db.nope").assertCode(1);
    assertThat(r.err()).contains("db.nope");
    esc("open", "myapp/dev", "--format", "xml").assertCode(2);
    r = esc("open", "myapp/dev", "db", "--format", "dotenv").assertCode(2);
    assertThat(r.err()).contains("takes no PATH");
  }

  @Test
  void getHidesSecretsUnlessAsked() throws Exception {
    Cli.Result r = esc("get", "myapp/dev").assertCode(0);
    assertThat(r.out()).doesNotContain(RunCommandTest.PASSWORD);
    JsonNode v = JSON.readTree(r.out());
    assertThat(v.at("/db/password").asText()).isEqualTo("[secret]");
    assertThat(v.at("/db/host").asText()).isEqualTo("localhost");
    assertThat(esc("get", "myapp/dev", "db.password", "-f", "string").assertCode(0).out()).isEqualTo("[secret]\n");
    assertThat(esc("get", "myapp/dev", "db.password", "-f", "string", "--show-secrets").assertCode(0).out())
        .isEqualTo(RunCommandTest.PASSWORD + "\n");
    assertThat(esc("get", "myapp/dev", "--format", "dotenv").assertCode(0).out())
        .contains("DATABASE_PASSWORD=\"[secret]\"\n").contains("APP_NAME=\"myapp\"\n")
        .doesNotContain(RunCommandTest.PASSWORD);
    assertThat(esc("get", "myapp/dev", "--format", "shell").assertCode(0).out())
        .contains("export DATABASE_PASSWORD='[secret]'\n").doesNotContain(RunCommandTest.PASSWORD);
  }

  @Test
  void dotenvQuotesForDoubleQuotedShellStrings() throws Exception {
    String out = esc("open", "q/tricky", "--format", "dotenv").assertCode(0).out();
    assertThat(out).isEqualTo(String.join("\n",
        "EMPTY=\"\"",
        "MULTI=\"line1\\nline2 'x'\"",
        "NUM=\"42\"",
        "OBJ=\"{\\\"a\\\":[1,true]}\"",
        "TRICKY=\"it's \\\"q\\\" \\$HOME \\`id\\` a\\\\b\"") + "\n");
    // a POSIX shell reads the single-line values back exactly (dotenv keeps \n escaped)
    Path f = scratch.resolve("env");
    Files.writeString(f, out.lines().filter(l -> !l.startsWith("MULTI=")).reduce("", (a, b) -> a + b + "\n"));
    Cli.Result r = sh("set -a; . \"$1\"; printf '%s|%s|%s|%s' \"$TRICKY\" \"$NUM\" \"$OBJ\" \"$EMPTY\"", f);
    assertThat(r.out()).isEqualTo(TRICKY + "|42|{\"a\":[1,true]}|");
  }

  @Test
  void shellFormatEvaluatesBackExactly() throws Exception {
    String out = esc("open", "q/tricky", "--format", "shell").assertCode(0).out();
    assertThat(out).contains("export TRICKY='it'\"'\"'s \"q\" $HOME `id` a\\b'\n", "export NUM='42'\n");
    Path f = scratch.resolve("env.sh");
    Files.writeString(f, out);
    Cli.Result r = sh("eval \"$(cat \"$1\")\"; printf '%s|%s|%s' \"$TRICKY\" \"$MULTI\" \"$OBJ\"", f);
    assertThat(r.out()).isEqualTo(TRICKY + "|line1\nline2 'x'|{\"a\":[1,true]}");
  }

  @Test
  void checkPassesACleanEnvironmentWithoutCallingProviders() {
    assertThat(esc("check", "myapp/dev").assertCode(0).out()).isEqualTo("myapp/dev: ok\n");
    // aws-login is not called by check: the endpoint points nowhere and no token source exists
    Cli.write(dir, "acme/aws",
        "values:",
        "  aws:",
        "    login:",
        "      fn::open::aws-login:",
        "        oidc:",
        "          duration: 1h",
        "          roleArn: arn:aws:iam::123456789012:role/esc",
        "          sessionName: esc-check",
        "  environmentVariables:",
        "    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}");
    Cli.Result r = Cli.run(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), null,
        "check", "--dir", dir.toString(), "acme/aws").assertCode(0);
    assertThat(r.out()).isEqualTo("acme/aws: ok\n");
  }

  @Test
  void checkPrintsEveryDiagnosticCompilerStyleAndExits1() throws Exception {
    Path file = Cli.write(dir, "myapp/bad",
        "imports:",
        "  - myapp/base",
        "values:",
        "  a: ${db.hots}",
        "  b:",
        "    fn::toBase64: [1]",
        "  c: ${nothing.here}");
    Cli.Result r = esc("check", "myapp/bad").assertCode(1);
    assertThat(r.out()).contains(file + ":4:").contains(file + ":7:").contains("error:");
    assertThat(r.err()).doesNotContain("\tat ");
    JsonNode j = JSON.readTree(esc("check", "myapp/bad", "--format", "json").assertCode(1).out());
    assertThat(j.get("environment").asText()).isEqualTo("myapp/bad");
    JsonNode d = j.get("diagnostics");
    assertThat(d.size()).isGreaterThanOrEqualTo(3);
    assertThat(d.get(0).get("severity").asText()).isEqualTo("error");
    assertThat(d.get(0).get("file").asText()).isEqualTo(file.toString());
    assertThat(d.get(0).get("line").asInt()).isEqualTo(4);
    assertThat(d.get(0).get("column").asInt()).isPositive();
    assertThat(d.get(0).get("summary").asText()).isNotBlank();
    esc("check", "myapp/bad", "--format", "xml").assertCode(2);
    esc("check", "myapp/none").assertCode(1);
  }

  private static Cli.Result sh(String script, Path arg) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script, "sh", arg.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return new Cli.Result(p.waitFor(), out, err).assertCode(0);
  }
}

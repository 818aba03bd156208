package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code --help} everywhere and {@code esc version}. */
class HelpAndVersionTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "run", "open", "get", "check", "version"})
  void everyCommandHasHelp(String command) {
    String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
    Cli.Result r = Cli.run(args).assertCode(0);
    assertThat(r.out()).startsWith("Usage: esc" + (command.isEmpty() ? "" : " " + command));
    // picocli would print "null" for an unescaped ${...} in a description
    assertThat(r.out()).doesNotContain("null").doesNotContain("${DEFAULT-VALUE}");
    assertThat(Cli.run(command.isEmpty() ? new String[] {"-h"} : new String[] {command, "-h"}).code()).isZero();
    if (!command.isEmpty()) {
      assertThat(Cli.run("help", command).assertCode(0).out()).isEqualTo(r.out());
    }
  }

  @Test
  void runHelpDocumentsTokenSourcesAndInterpolation() {
    String out = Cli.run("run", "--help").assertCode(0).out();
    assertThat(out).contains("--oidc-token-file", "AWS_WEB_IDENTITY_TOKEN_FILE", "ESC_ORGANIZATION", "--org",
        "AWS_ENDPOINT_URL", "${path}", "[secret]", "-i, --interactive");
    assertThat(Cli.run("--help").out()).contains("ESC_ENVIRONMENTS_DIR", "Exit codes");
  }

  @Test
  void versionPrintsTheVersionAndJava() {
    String v = Cli.run("version").assertCode(0).out();
    assertThat(v).matches("esc4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java [^)]+\\)\n");
    assertThat(Cli.run("--version").assertCode(0).out()).isEqualTo(v);
    assertThat(Cli.run("-V").assertCode(0).out()).isEqualTo(v);
  }
}

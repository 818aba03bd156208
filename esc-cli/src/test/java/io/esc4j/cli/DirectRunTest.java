package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@link DirectRun} parses {@code esc run} without picocli: what it recognises must be exactly
 * what picocli makes of the same arguments, and what it leaves to picocli runs the same way there.
 */
class DirectRunTest {
  /** The fields of an {@code esc run} after parsing, comparable. */
  record Parsed(Path dir, String org, String user, Path oidcTokenFile, boolean verbose, boolean interactive,
      String env, List<String> command) {
    static Parsed of(RunCommand r) {
      EnvOptions o = r.options;
      return new Parsed(o.dir, o.org, o.user, o.oidcTokenFile, o.verbose, r.interactive, r.env, r.command);
    }
  }

  /** What picocli makes of {@code args}: the parsed command, or null for a usage error or help. */
  static Parsed picocli(String[] args) {
    CommandLine cl = Esc.commandLine("run");
    String[] a = Esc.runArguments(cl, args);
    if (!Esc.parsesWithoutHelp(cl, a)) {
      return null;
    }
    return Parsed.of(cl.getSubcommands().get("run").getCommand());
  }

  static Stream<List<String>> usualForms() {
    return Stream.of(
        List.of("run", "p/e", "true"),
        List.of("run", "p/e", "--", "true"),
        List.of("run", "--dir", "envs", "p/e", "--", "sh", "-c", "echo $X"),
        List.of("run", "--dir=envs", "o/p/e", "aws", "s3", "ls", "--region", "x"),
        List.of("run", "-i", "p/e", "--", "psql", "$${db.url}"),
        List.of("run", "p/e", "--interactive", "--verbose", "cmd", "-i", "--dir", "x"),
        List.of("run", "--org", "acme", "--user", "ci", "--oidc-token-file", "/t.jwt", "p/e", "--", "true"),
        List.of("run", "--org=", "--dir=", "p/e", "--", "--", "-x"),
        List.of("run", "", "true"),
        List.of("run", "p/e", "@args.txt"));
  }

  @ParameterizedTest
  @MethodSource("usualForms")
  void theUsualFormsAreRecognisedAndParseAsPicocliParsesThem(List<String> args) {
    String[] a = args.toArray(String[]::new);
    RunCommand direct = DirectRun.parse(a);
    assertThat(direct).as("recognised").isNotNull();
    assertThat(Parsed.of(direct)).isEqualTo(picocli(a));
  }

  static Stream<List<String>> leftToPicocli() {
    return Stream.of(
        List.of("run"),
        List.of("run", "p/e"),
        List.of("run", "p/e", "--"),
        List.of("run", "--help"),
        List.of("run", "-h", "p/e", "true"),
        List.of("run", "p/e", "-V", "true"),
        List.of("run", "--version", "p/e", "true"),
        List.of("run", "--bogus", "p/e", "true"),
        List.of("run", "-iv", "p/e", "true"),
        List.of("run", "-i", "-i", "p/e", "true"),
        List.of("run", "--dir", "a", "--dir", "b", "p/e", "true"),
        List.of("run", "--dir", "--org", "p/e", "true"),
        List.of("run", "--dir", "-", "p/e", "true"),
        List.of("run", "--org=-i", "p/e", "true"),
        List.of("run", "--dir=--", "p/e", "true"),
        List.of("run", "--user=--verbose", "p/e", "true"),
        List.of("run", "--dir=-x", "p/e", "true"),
        List.of("run", "--verbose=true", "p/e", "true"),
        List.of("run", "--dir"),
        List.of("run", "--", "p/e", "true"),
        List.of("run", "-", "true"),
        List.of("open", "p/e", "true"),
        List.of("help", "run", "x"));
  }

  @ParameterizedTest
  @MethodSource("leftToPicocli")
  void otherFormsAreLeftToPicocli(List<String> args) {
    assertThat(DirectRun.parse(args.toArray(String[]::new))).isNull();
  }

  /**
   * Generated argument vectors from the tokens {@code esc run} sees: every vector {@link
   * DirectRun} recognises parses to the same fields with picocli, without a usage error or help.
   */
  @Test
  void generatedArgumentsParseAsPicocliParsesThemOrAreLeftToIt() {
    String[] tokens = {"--dir", "envs", "--dir=d2", "--dir=", "--org", "acme", "--org=o2", "--user", "ci",
        "--user=", "--oidc-token-file", "t.jwt", "--oidc-token-file=t2", "--verbose", "--verbose=true", "-i",
        "--interactive", "-iv", "-h", "--help", "-V", "--version", "--", "-", "p/e", "o/p/e", "true", "sh", "-c",
        "echo $X", "@file", "--bogus", "-x", "", "a=b", "$${db.url}", "--org=-i", "--dir=--", "--user=-hx",
        "--dir=-x", "--org=--dir=x", "--dir=x=y"};
    Random random = new Random(20261122L);
    int recognised = 0;
    int leftToPicocliThatItRuns = 0;
    for (int n = 0; n < 20_000; n++) {
      List<String> args = new ArrayList<>(List.of("run"));
      int length = 1 + random.nextInt(8);
      for (int k = 0; k < length; k++) {
        args.add(tokens[random.nextInt(tokens.length)]);
      }
      String[] a = args.toArray(String[]::new);
      RunCommand direct = DirectRun.parse(a);
      Parsed expected = picocli(a);
      if (direct != null) {
        recognised++;
        assertThat(expected).as("picocli parses %s without error or help", args).isNotNull();
        assertThat(Parsed.of(direct)).as("%s", args).isEqualTo(expected);
      } else if (expected != null) {
        leftToPicocliThatItRuns++;
      }
    }
    // both ways are exercised: neither count is an accident of the generator
    assertThat(recognised).isGreaterThan(2_000);
    assertThat(leftToPicocliThatItRuns).isGreaterThan(100);
  }

  @Test
  void aPicocliSystemPropertyLeavesEveryFormToPicocli() {
    String[] usual = {"run", "p/e", "true"};
    assertThat(DirectRun.parse(usual)).isNotNull();
    System.setProperty("picocli.trimQuotes", "true"); // picocli would unquote ENV and CMD's arguments
    try {
      assertThat(DirectRun.parse(usual)).isNull();
    } finally {
      System.clearProperty("picocli.trimQuotes");
    }
  }

  /** {@code --verbose} of esc run prints the stack trace of a failure on both ways. */
  @Test
  void verboseWorksOnBothWays(@TempDir Path tmp) {
    Path envs = Cli.example(tmp.resolve("envs"));
    Cli.write(envs, "myapp/broken", "values:", "  a: ${nope}");
    Cli.Result direct = Cli.run("run", "--verbose", "--dir", envs.toString(), "myapp/broken", "--", "true");
    Cli.Result picocli = Cli.run("run", "--verbose", "--dir", envs.toString(), "--", "myapp/broken", "true");
    assertThat(direct.code()).isEqualTo(picocli.code()).isEqualTo(Esc.ENVIRONMENT_ERROR);
    assertThat(direct.err().lines().findFirst()).isEqualTo(picocli.err().lines().findFirst());
    assertThat(direct.err()).contains("unknown property \"nope\"", "\tat io.esc4j.");
    assertThat(picocli.err()).contains("unknown property \"nope\"", "\tat io.esc4j.");
    // and for the other commands, whose --verbose is theirs too, not the top-level command's
    Cli.Result open = Cli.run("open", "--verbose", "--dir", envs.toString(), "myapp/broken");
    assertThat(open.code()).isEqualTo(Esc.ENVIRONMENT_ERROR);
    assertThat(open.err()).contains("unknown property \"nope\"", "\tat io.esc4j.");
  }

  @Test
  void atFilesAreNotExpandedOnEitherWay(@TempDir Path tmp) {
    Path envs = Cli.example(tmp.resolve("envs"));
    Path at = Cli.write(tmp, "args", "--version");
    String arg = "@" + at;
    // recognised, and left to picocli ('--' before ENV): CMD gets '@FILE' as it was written
    Cli.Result direct = Cli.run("run", "--dir", envs.toString(), "myapp/dev", "--", "echo", arg).assertCode(0);
    Cli.Result picocli = Cli.run("run", "--dir", envs.toString(), "--", "myapp/dev", "echo", arg).assertCode(0);
    assertThat(direct.out()).isEqualTo(arg + "\n");
    assertThat(picocli).isEqualTo(direct);
  }

  static Stream<List<String>> runs() {
    return Stream.of(
        List.of("myapp/dev", "sh", "-c", "echo $APP_NAME; echo $DATABASE_PASSWORD >&2; exit 3"),
        List.of("myapp/missing", "true"),
        List.of("myapp/broken", "true"),
        List.of("myapp/dev", "no-such-command-esc4j"),
        List.of("../etc/passwd", "true"),
        List.of("a/b/c/d", "true"));
  }

  /** The same run, recognised by DirectRun and left to picocli: the same output and exit code. */
  @ParameterizedTest
  @MethodSource("runs")
  void bothWaysPrintAndReturnTheSame(List<String> envAndCommand, @TempDir Path tmp) {
    Path envs = Cli.example(tmp.resolve("envs"));
    Cli.write(envs, "myapp/broken", "values:", "  a: ${nope}");
    List<String> direct = new ArrayList<>(List.of("run", "--dir", envs.toString(), envAndCommand.get(0), "--"));
    direct.addAll(envAndCommand.subList(1, envAndCommand.size()));
    List<String> viaPicocli = new ArrayList<>(List.of("run", "--dir", envs.toString(), "--"));
    viaPicocli.addAll(envAndCommand);
    assertThat(DirectRun.parse(direct.toArray(String[]::new))).isNotNull();
    assertThat(DirectRun.parse(viaPicocli.toArray(String[]::new))).isNull();
    Cli.Result a = Cli.run(Map.of(), null, direct.toArray(String[]::new));
    Cli.Result b = Cli.run(Map.of(), null, viaPicocli.toArray(String[]::new));
    assertThat(a).isEqualTo(b);
    assertThat(a.out() + a.err()).doesNotContain(RunCommandTest.PASSWORD);
  }
}

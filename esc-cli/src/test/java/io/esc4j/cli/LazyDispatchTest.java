package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@link Esc#execute} builds the model of the invoked command only ({@link Esc#commandLine(String)});
 * it must print and return exactly what the full tree ({@link Esc#commandLine()}) does. In-process,
 * for what runs nothing: help, version, usage errors.
 */
class LazyDispatchTest {
  /** What a command line printed and returned. */
  record Outcome(int code, String out, String err) {}

  static Outcome execute(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(Esc.runArguments(cl, args));
    return new Outcome(code, out.toString(), err.toString());
  }

  static Stream<List<String>> argumentsThatRunNothing() {
    List<List<String>> all = new ArrayList<>();
    for (String name : Esc.SUBCOMMANDS.keySet()) {
      all.add(List.of(name, "--help"));
      all.add(List.of(name, "-h"));
      all.add(List.of(name, "-V"));
      all.add(List.of(name, "--bogus"));
      all.add(List.of(name, "-x", "y"));
      if (!name.equals("__train-cds")) {
        all.add(List.of(name)); // usage errors, or a 'missing command' ParameterException from run()
      }
    }
    all.add(List.of("run", "--dir", "d"));
    all.add(List.of("run", "--dir", "d", "p/e"));
    all.add(List.of("run", "--dir", "d", "--oidc-token-file"));
    all.add(List.of("run", "p/e", "--bogus", "--", "true"));
    all.add(List.of("run", "-i", "--help", "p/e", "true"));
    all.add(List.of("open", "p/e", "a", "b", "c"));
    all.add(List.of("check", "p/e", "--format"));
    all.add(List.of("env", "get", "--help"));
    all.add(List.of("env", "nosuch"));
    all.add(List.of("env", "set"));
    all.add(List.of("key", "init", "--bogus"));
    all.add(List.of("testkit", "serve", "--help"));
    all.add(List.of("version", "extra"));
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("argumentsThatRunNothing")
  void oneCommandTreePrintsAndReturnsWhatTheFullTreeDoes(List<String> args) {
    String[] a = args.toArray(String[]::new);
    Outcome full = execute(Esc.commandLine(), a);
    Outcome one = execute(Esc.commandLine(a[0]), a);
    assertThat(one).isEqualTo(full);
    assertThat(full.code()).isIn(0, Esc.USAGE_ERROR);
  }

  @Test
  void subcommandNamesAreThoseOfTheAnnotationsInHelpOrder() {
    CommandLine full = Esc.commandLine();
    List<String> expected = new ArrayList<>(Esc.SUBCOMMANDS.keySet());
    expected.add("help");
    assertThat(full.getSubcommands().keySet()).containsExactlyElementsOf(expected);
    for (String name : Esc.SUBCOMMANDS.keySet()) {
      assertThat(Esc.commandLine(name).getSubcommands().keySet()).containsExactly(name);
    }
  }

  @Test
  void onlyCommandsGetATreeOfTheirOwn() {
    for (String first : List.of("help", "--help", "-h", "-V", "--version", "nosuch", "", "--dir", "RUN")) {
      assertThat(Esc.commandLine(first)).as(first).isNull();
    }
  }

  @Test
  void theOneCommandTreeRunsOnlyWhenTheArgumentsParseWithoutHelp() {
    assertThat(parses("run", "--dir", "d", "p/e", "--", "true")).isTrue();
    assertThat(parses("run", "--dir", "d", "p/e", "sh", "-c", "x")).isTrue();
    assertThat(parses("env", "get", "p/e", "a.b")).isTrue();
    assertThat(parses("version")).isTrue();
    assertThat(parses("run", "--help")).isFalse();
    assertThat(parses("run", "-V")).isFalse();
    assertThat(parses("run", "--bogus", "p/e", "true")).isFalse();
    assertThat(parses("run", "p/e")).isFalse();
    assertThat(parses("env", "get", "--help")).isFalse();
    assertThat(parses("env", "nosuch")).isFalse();
  }

  private static boolean parses(String... args) {
    CommandLine cl = Esc.commandLine(args[0]);
    return Esc.parsesWithoutHelp(cl, Esc.runArguments(cl, args));
  }

  @Test
  void usageErrorsThroughTheJarAreUnchanged() {
    Cli.Result bad = Cli.run("run", "--bogus", "p/e", "true").assertCode(Esc.USAGE_ERROR);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err()).startsWith("Unknown option: '--bogus'").contains("Usage: esc run");
    Cli.Result unknown = Cli.run("nosuch").assertCode(Esc.USAGE_ERROR);
    assertThat(unknown.err()).startsWith("Unmatched argument at index 0: 'nosuch'");
    assertThat(Cli.run("run", "--help").assertCode(0).out()).isEqualTo(Cli.run("help", "run").assertCode(0).out());
  }
}

package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code esc run} through the real jar, with {@code sh} children that print what they see. */
class RunCommandTest {
  static final String PASSWORD = "correct-horse-battery-staple";
  static final String CONFIG = "{\"db\":\"postgres://myapp@localhost:5432/myapp\",\"features\":{\"beta\":true,\"maxUsers\":50}}";

  @TempDir Path dir;
  @TempDir Path scratch;

  @BeforeEach
  void environments() {
    Cli.example(dir);
  }

  private Cli.Result esc(String... args) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("run", "--dir=" + dir));
    all.addAll(java.util.List.of(args));
    return Cli.run(Map.of(), null, all.toArray(String[]::new));
  }

  @Test
  void childSeesVariablesAndAPrivateFileThatIsGoneAfterwards() throws Exception {
    Cli.Result r = esc("myapp/dev", "--", "sh", "-c",
        "echo \"name=$APP_NAME\"; echo \"region=$APP_REGION\"; echo \"url=$DATABASE_URL\"; echo \"features=$FEATURES\";"
            + " echo \"path=$APP_CONFIG\"; echo \"mode=$(stat -c %a \"$APP_CONFIG\")\";"
            + " echo \"dirmode=$(stat -c %a \"$(dirname \"$APP_CONFIG\")\")\"; echo \"content=$(cat \"$APP_CONFIG\")\"")
        .assertCode(0);
    assertThat(r.out()).contains("name=myapp\n", "region=eu-west-1\n",
        "url=postgres://myapp@localhost:5432/myapp\n", "features={\"beta\":true,\"maxUsers\":50}\n",
        "mode=600\n", "dirmode=700\n", "content=" + CONFIG + "\n");
    Path file = Path.of(line(r.out(), "path="));
    assertThat(file).isAbsolute();
    assertThat(file).doesNotExist();
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void exitCodeIsTheChilds() {
    esc("myapp/dev", "--", "sh", "-c", "exit 0").assertCode(0);
    esc("myapp/dev", "--", "sh", "-c", "exit 7").assertCode(7);
    esc("myapp/dev", "--", "sh", "-c", "exit 255").assertCode(255);
  }

  @Test
  void theDoubleDashIsOptional() {
    // as in ESC: esc run org/project/env aws s3 ls; options of CMD stay CMD's
    Cli.Result r = esc("myapp/dev", "sh", "-c", "echo \"$APP_NAME\"; exit 3").assertCode(3);
    assertThat(r.out()).isEqualTo("myapp\n");
    r = Cli.run("run", "myapp/dev", "--dir", dir.toString(), "-i", "sh", "-c", "echo \"$0 $1\"", "-i", "--dir")
        .assertCode(0);
    assertThat(r.out()).isEqualTo("-i --dir\n");
  }

  @Test
  void aMissingCommandIs127() {
    Cli.Result r = esc("myapp/dev", "--", "no-such-command-esc4j").assertCode(127);
    assertThat(r.err()).contains("cannot run \"no-such-command-esc4j\"").doesNotContain("\tat ");
  }

  @Test
  void environmentErrorsExit1WithFileLineColumnAndNoStackTrace() {
    Cli.write(dir, "myapp/broken", "imports:", "  - myapp/base", "values:", "  url: ${db.hots}");
    Cli.Result r = esc("myapp/broken", "--", "sh", "-c", "echo never").assertCode(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(dir.resolve("myapp/broken.yaml") + ":4:")
        .contains("error:").contains("hots")
        .doesNotContain("\tat ").doesNotContain("Exception");
    r = esc("myapp/missing", "--", "true").assertCode(1);
    assertThat(r.err()).contains("myapp/missing").contains("not found").doesNotContain("\tat ");
    r = Cli.run("run", "--dir", dir.resolve("nope").toString(), "myapp/dev", "--", "true").assertCode(1);
    assertThat(r.err()).contains("no environments directory");
  }

  @Test
  void usageErrorsExit2() {
    assertThat(Cli.run("run").code()).isEqualTo(2);
    assertThat(esc("myapp/dev").code()).isEqualTo(2);
    assertThat(esc("--no-such-option", "myapp/dev", "--", "true").code()).isEqualTo(2);
    Cli.Result r = esc("a/b/c/d", "--", "true").assertCode(2);
    assertThat(r.err()).contains("invalid environment name");
    assertThat(Cli.run("frobnicate").code()).isEqualTo(2);
    assertThat(Cli.run().code()).isEqualTo(2);
  }

  @Test
  void stdinIsPassedThrough() {
    Cli.Result r = Cli.run(Map.of(), "first line\nsecond line\n", "run", "--dir", dir.toString(), "myapp/dev", "--",
        "sh", "-c", "read a; echo \"got: $a\"; cat").assertCode(0);
    assertThat(r.out()).isEqualTo("got: first line\nsecond line\n");
  }

  @Test
  void secretsInOutputPrintAsSecretOnStdoutAndStderr() {
    Cli.Result r = esc("myapp/dev", "--", "sh", "-c",
        "echo \"pw=$DATABASE_PASSWORD\"; echo \"err=$DATABASE_PASSWORD\" >&2;"
            + " printf 'split=correct-hor'; printf 'se-batt'; printf 'ery-staple!\\n';"
            + " printf 'twice=%s%s\\n' \"$DATABASE_PASSWORD\" \"$DATABASE_PASSWORD\"; printf 'partial=correct-horse\\n';"
            + " printf 'tail=correct-horse-battery-stapl'").assertCode(0);
    assertThat(r.out()).doesNotContain(PASSWORD)
        .contains("pw=[secret]\n", "split=[secret]!\n", "twice=[secret][secret]\n", "partial=correct-horse\n")
        .endsWith("tail=correct-horse-battery-stapl");
    assertThat(r.err()).contains("err=[secret]").doesNotContain(PASSWORD);
  }

  @Test
  void secretsInALargeOutputAreRedactedEverywhere() {
    // 20000 lines with the secret in each: every chunk boundary of the pipe falls somewhere
    Cli.Result r = esc("myapp/dev", "--", "sh", "-c",
        "i=0; while [ $i -lt 20000 ]; do echo \"$i:$DATABASE_PASSWORD\"; i=$((i+1)); done").assertCode(0);
    assertThat(r.out()).doesNotContain(PASSWORD).doesNotContain("correct-").doesNotContain("-staple");
    assertThat(r.out().split("\n")).hasSize(20000).allMatch(l -> l.endsWith(":[secret]"));
  }

  @Test
  void interactiveDisablesRedaction() {
    Cli.Result r = esc("-i", "myapp/dev", "--", "sh", "-c", "echo \"pw=$DATABASE_PASSWORD\"").assertCode(0);
    assertThat(r.out()).isEqualTo("pw=" + PASSWORD + "\n");
    r = esc("--interactive", "myapp/dev", "--", "sh", "-c", "echo \"pw=$DATABASE_PASSWORD\"").assertCode(0);
    assertThat(r.out()).isEqualTo("pw=" + PASSWORD + "\n");
  }

  @Test
  void referencesInArgumentsAreInterpolated() {
    Cli.Result r = esc("myapp/dev", "--", "sh", "-c", "echo \"$1|$2|$3|$4\"", "_", "${db.url}", "port=${db.port}",
        "$${db.host}", "${features}").assertCode(0);
    assertThat(r.out()).isEqualTo(
        "postgres://myapp@localhost:5432/myapp|port=5432|${db.host}|{\"beta\":true,\"maxUsers\":50}\n");
    // shell syntax the environment does not resolve is left to the shell
    r = esc("myapp/dev", "--", "sh", "-c", "X=abc; echo \"${X:-none} ${#X} ${HOME:+home}\"").assertCode(0);
    assertThat(r.out()).isEqualTo("abc 3 home\n");
    // a secret interpolated into an argument is still redacted in the output
    r = esc("myapp/dev", "--", "echo", "${db.password}").assertCode(0);
    assertThat(r.out()).isEqualTo("[secret]\n");
  }

  @Test
  void filesAreGoneWhenTheChildIsKilledByASignal() throws Exception {
    Cli.Result r = esc("myapp/dev", "--", "sh", "-c", "echo \"path=$APP_CONFIG\"; kill -9 $$").assertCode(128 + 9);
    Path file = Path.of(line(r.out(), "path="));
    assertThat(file).doesNotExist();
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void ctrlCReachesTheChildWhichStillSeesItsFilesThenTheyAreGone() throws Exception {
    // Ctrl-C: the terminal signals the whole foreground process group. setsid makes esc the leader
    // of its own group (the child joins it), and kill -INT -PGID does what the terminal does.
    Path during = scratch.resolve("during");
    ProcessBuilder pb = Cli.builder(Map.of("OUT", during.toString()), "run", "--dir", dir.toString(), "myapp/dev", "--",
        "sh", "-c", "trap 'cat \"$APP_CONFIG\" > \"$OUT\"; exit 3' INT; echo \"path=$APP_CONFIG\"; while :; do sleep 0.1; done")
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.command(withSetsid(pb.command())).start();
    Path file = awaitPath(p);
    assertThat(file).exists();
    signal("-INT", "-" + p.pid());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(3);
    assertThat(Files.readString(during)).isEqualTo(CONFIG);
    assertThat(file).doesNotExist();
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void sigtermIsForwardedAndTheFilesAreGone() throws Exception {
    Path during = scratch.resolve("term");
    Process p = Cli.builder(Map.of("OUT", during.toString()), "run", "--dir", dir.toString(), "myapp/dev", "--", "sh", "-c",
        "trap 'echo term > \"$OUT\"; exit 4' TERM; echo \"path=$APP_CONFIG\"; while :; do sleep 0.1; done")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    Path file = awaitPath(p);
    assertThat(file).exists();
    signal("-TERM", Long.toString(p.pid()));
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(4);
    assertThat(Files.readString(during)).isEqualTo("term\n");
    assertThat(file).doesNotExist();
  }

  private static java.util.List<String> withSetsid(java.util.List<String> cmd) throws Exception {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (sigintIgnored()) {
      // started from a background job of a non-interactive shell (`mvn verify &` in a script):
      // SIGINT is ignored, children inherit that, and a shell cannot trap a signal ignored on
      // entry. GNU env gives the child back the default, as a terminal's foreground job has it.
      out.add("env");
      out.add("--default-signal=INT");
    }
    out.add("setsid");
    out.addAll(cmd);
    return out;
  }

  /** Whether this JVM was started with SIGINT ignored (Linux: the SigIgn mask of /proc/self/status). */
  private static boolean sigintIgnored() throws Exception {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String l : Files.readAllLines(status)) {
      if (l.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(l.substring("SigIgn:".length()).trim(), 16) & (1L << (2 - 1))) != 0;
      }
    }
    return false;
  }

  private static Path awaitPath(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String l = r.readLine();
    assertThat(l).as("first line of the child").startsWith("path=");
    return Path.of(l.substring("path=".length()));
  }

  private static void signal(String sig, String target) throws Exception {
    Process k = new ProcessBuilder("kill", sig, "--", target).inheritIO().start();
    assertThat(k.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(k.exitValue()).isZero();
  }

  static String line(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
        .map(l -> l.substring(prefix.length()))
        .orElseThrow(() -> new AssertionError("no line " + prefix + " in:\n" + out));
  }
}

package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The warm-up of {@link Preinit}: its document opens cleanly, and the main thread initializes no
 * class of the open before it waits for the warm-up (two threads initializing each other's classes
 * could deadlock), checked in the real jar with the JVM's class-initialization log.
 */
class PreinitTest {
  private static final Pattern INIT = Pattern.compile("Initializing '([^']+)'");

  @Test
  void theWarmUpRunsToItsEnd() {
    assertThat(Preinit.warm()).as("the warm-up's document opens without errors").isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "open", "get", "check"})
  void theMainThreadInitializesNoClassOfTheOpenBeforeTheGate(String command, @TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("environments");
    Cli.write(dir, "app/base", "values:", "  name: app");
    Cli.write(dir, "app/dev", "imports: [app/base]", "values:", "  url: https://${name}.example",
        "  environmentVariables:", "    URL: ${url}");
    Path log = tmp.resolve("init.log");
    List<String> args = new ArrayList<>(List.of(command, "--dir", dir.toString(), "app/dev"));
    if (command.equals("run")) {
      // '--' before ENV: a form DirectRun leaves to picocli (and so to the warm-up)
      args = new ArrayList<>(List.of(command, "--dir", dir.toString(), "--", "app/dev", "true"));
      assertThat(DirectRun.parse(args.toArray(String[]::new))).isNull();
    } else if (command.equals("get")) {
      args.add("url");
    }
    // warm-up off: the main thread initializes everything
    Cli.runWithJvmOptions(List.of("-Xlog:class+init=info:file=" + log, "-D" + Preinit.PROPERTY + "=false"),
        args.toArray(String[]::new)).assertCode(0);

    List<String> before = new ArrayList<>();
    boolean gate = false;
    for (String line : Files.readAllLines(log)) {
      Matcher m = INIT.matcher(line);
      if (!m.find()) {
        continue;
      }
      String cls = m.group(1);
      if (cls.equals("io/esc4j/cli/Preinit$Gate")) {
        gate = true;
        break;
      }
      before.add(cls);
    }
    assertThat(gate).as("the main thread passes Preinit.await()").isTrue();
    assertThat(before).as("classes the main thread initialized before Preinit.await()")
        .isNotEmpty()
        .anyMatch(c -> c.startsWith("picocli/"))
        .noneMatch(c -> c.startsWith("io/esc4j/") && !c.startsWith("io/esc4j/cli/"))
        .noneMatch(c -> c.startsWith("org/yaml/") || c.startsWith("com/fasterxml/")
            || c.startsWith("software/amazon/"));
  }
}

package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code esc __train-cds} loads what users' commands load, and not the AWS test server or the
 * token signing it needs for that: those run in a child JVM, so that bin/esc's class-data archive
 * (which every start maps and relocates in full) holds no class a user's run never loads.
 */
class TrainCdsTest {
  private static final Pattern LOADED = Pattern.compile("\\[class,load\\] (\\S+) source");

  @Test
  void theTrainingRunsUsersPathsAndLeavesTheServerToAChildJvm(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("load.log");
    Cli.Result r = Cli.runWithJvmOptions(List.of("-Xlog:class+load=info:file=" + log), "__train-cds").assertCode(0);
    assertThat(r.out() + r.err()).as("the training prints nothing").isEmpty();

    Set<String> loaded = Files.readAllLines(log).stream().map(LOADED::matcher).filter(Matcher::find)
        .map(m -> m.group(1)).collect(Collectors.toSet());
    assertThat(loaded).as("users' paths: esc run parsed directly, picocli's commands, the AWS clients")
        .contains("io.esc4j.cli.DirectRun", "picocli.CommandLine", "io.esc4j.cli.Redactor",
            "software.amazon.awssdk.services.sts.DefaultStsClient",
            "software.amazon.awssdk.services.secretsmanager.DefaultSecretsManagerClient",
            "software.amazon.awssdk.services.ssm.DefaultSsmClient");
    assertThat(loaded).as("the server and the token's signing ran in the child JVM")
        .noneMatch(c -> c.startsWith("io.jsonwebtoken.") || c.startsWith("com.sun.net.httpserver.")
            // LocalAwsServer itself is loaded to verify the fallback's bytecode, never run
            || c.startsWith("io.esc4j.testkit.") && !c.equals("io.esc4j.testkit.LocalAwsServer"));
  }
}

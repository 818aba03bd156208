package io.esc4j.cli;

import io.esc4j.Redaction;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code esc get ENV [PATH]}: values with secrets as {@code [secret]}. */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = {"Print the values of an environment, secrets as [secret].", "",
        "Opens ENV (providers run) and prints its values, or the value at PATH, with secrets as"
            + " [secret] unless --show-secrets is given."},
    footer = {"", "Example: esc get myapp/dev db --format yaml"})
final class GetCommand implements Callable<Integer> {
  @Mixin EnvOptions options;

  @Parameters(index = "0", paramLabel = "ENV", description = "The environment: project/env or org/project/env.")
  String env;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "A property path, e.g. db.url or hosts[0].")
  String path;

  @Option(names = "--show-secrets", description = "Print secrets in plaintext.")
  boolean showSecrets;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "json",
      description = "json, yaml, dotenv, shell or string (default: ${DEFAULT-VALUE}). dotenv and shell print environmentVariables.")
  Formats.Format format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return OpenCommand.print(spec, options, env, path, format, showSecrets ? Redaction.REVEAL : Redaction.REDACT);
  }
}

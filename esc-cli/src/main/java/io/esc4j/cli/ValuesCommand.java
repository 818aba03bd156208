package io.esc4j.cli;

import io.esc4j.EscValue;
import io.esc4j.OpenEnvironment;
import io.esc4j.Redaction;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code esc open} and {@code esc get}: open ENV and print its values, or the value at PATH, in a
 * format. The two differ only in how they print secrets ({@link #redaction()}).
 */
abstract class ValuesCommand implements Callable<Integer> {
  @Mixin EnvOptions options;

  @Parameters(index = "0", paramLabel = "ENV", description = "The environment: project/env or org/project/env.")
  String env;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "A property path, e.g. db.url or hosts[0].")
  String path;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "json",
      description = "json, yaml, dotenv, shell or string (default: ${DEFAULT-VALUE}). dotenv and shell print environmentVariables.")
  Formats.Format format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** How secrets are printed. */
  abstract Redaction redaction();

  @Override
  public Integer call() {
    if (path != null && (format == Formats.Format.dotenv || format == Formats.Format.shell)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--format " + format + " prints environmentVariables and takes no PATH");
    }
    EnvOptions.Opening o = options.prepare(env);
    try (OpenEnvironment opened = o.builder().open(o.name())) {
      EscValue v = opened.values();
      if (path != null) {
        try {
          v = opened.find(path).orElseThrow(() -> new CliException(
              "no value at \"" + path + "\" in " + opened.name() + "; top-level keys: " + opened.values().properties().keySet(),
              Esc.ENVIRONMENT_ERROR));
        } catch (IllegalArgumentException e) {
          throw new CliException(e.getMessage(), Esc.USAGE_ERROR);
        }
      }
      spec.commandLine().getOut().println(Formats.render(v, opened.environmentVariables(), format, redaction()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}

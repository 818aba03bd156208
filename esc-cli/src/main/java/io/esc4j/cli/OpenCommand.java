package io.esc4j.cli;

import io.esc4j.Redaction;
import picocli.CommandLine.Command;

/** {@code esc open ENV [PATH]}: the evaluated values, secrets revealed. */
@Command(name = "open", mixinStandardHelpOptions = true,
    description = {"Print the values of an environment, secrets revealed.", "",
        "Opens ENV (providers run) and prints its values, or the value at PATH, secrets revealed:"
            + " you asked to open it. Use 'esc get' to print values with secrets as [secret]."},
    footer = {"", "Example: esc open myapp/dev environmentVariables --format dotenv"})
final class OpenCommand extends ValuesCommand {
  @Override
  Redaction redaction() {
    return Redaction.REVEAL;
  }
}

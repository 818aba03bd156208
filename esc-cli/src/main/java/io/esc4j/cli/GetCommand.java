package io.esc4j.cli;

import io.esc4j.Redaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code esc get ENV [PATH]}: values with secrets as {@code [secret]}. */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = {"Print the values of an environment, secrets as [secret].", "",
        "Opens ENV (providers run) and prints its values, or the value at PATH, with secrets as"
            + " [secret] unless --show-secrets is given."},
    footer = {"", "Example: esc get myapp/dev db --format yaml"})
final class GetCommand extends ValuesCommand {
  @Option(names = "--show-secrets", description = "Print secrets in plaintext.")
  boolean showSecrets;

  @Override
  Redaction redaction() {
    return showSecrets ? Redaction.REVEAL : Redaction.REDACT;
  }
}

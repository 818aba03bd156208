package io.esc4j.cli;

import io.esc4j.Environment;
import io.esc4j.EvalContext;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.spi.EnvironmentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that opens an environment. */
final class EnvOptions {
  @Option(names = "--dir", paramLabel = "DIR",
      description = "Directory of environments (default: $ESC_ENVIRONMENTS_DIR, else ./environments).")
  Path dir;

  @Option(names = "--org", paramLabel = "ORG",
      description = "Organization: the OIDC audience aws:ORG and subject (default: $ESC_ORGANIZATION, or the first part of org/project/env).")
  String org;

  @Option(names = "--user", paramLabel = "USER", description = "User name for ${context.pulumi.user.login} (default: $USER).")
  String user;

  @Option(names = "--oidc-token-file", paramLabel = "FILE",
      description = "Read the OIDC token for aws-login from FILE (default: $AWS_WEB_IDENTITY_TOKEN_FILE, GitHub Actions, or a self-hosted issuer from $ESC_OIDC_PRIVATE_KEY_FILE).")
  Path oidcTokenFile;

  @Option(names = "--verbose", description = "Print stack traces of unexpected failures.")
  boolean verbose;

  /** Splits {@code org/project/env} and builds the environment builder. */
  Opening prepare(String env) {
    String name = env;
    String organization = org != null ? org : System.getenv("ESC_ORGANIZATION");
    String[] parts = env.split("/");
    if (parts.length == 3) {
      organization = org != null ? org : parts[0];
      name = parts[1] + "/" + parts[2];
    } else if (parts.length > 3) {
      throw new CliException("invalid environment name \"" + env + "\": use project/env or org/project/env", Esc.USAGE_ERROR);
    }
    if (!EnvironmentStore.isValidName(name)) {
      throw new CliException("invalid environment name \"" + env + "\": use letters, digits, '.', '_' and '-' in project/env", Esc.USAGE_ERROR);
    }
    Path root = dir;
    if (root == null) {
      String fromEnv = System.getenv(Environment.DIR_VARIABLE);
      root = Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "environments");
    }
    if (!Files.isDirectory(root)) {
      throw new CliException("no environments directory at " + root.toAbsolutePath()
          + ": create it, pass --dir, or set " + Environment.DIR_VARIABLE, Esc.ENVIRONMENT_ERROR);
    }
    String userName = user != null ? user : System.getenv().getOrDefault("USER", "");
    EvalContext ctx = EvalContext.empty().user(userName == null ? "" : userName);
    if (organization != null && !organization.isBlank()) {
      ctx = ctx.withOrganization(organization);
    }
    Environment.Builder b = Environment.builder().store(EnvironmentStore.directory(root)).context(ctx);
    if (oidcTokenFile != null) {
      b.service(OidcTokenSource.class, OidcTokenSource.detector().tokenFile(oidcTokenFile).build());
    }
    return new Opening(name, b);
  }

  /** A name and a configured builder. */
  record Opening(String name, Environment.Builder builder) {}
}

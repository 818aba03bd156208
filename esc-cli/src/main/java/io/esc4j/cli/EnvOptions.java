package io.esc4j.cli;

import io.esc4j.Environment;
import io.esc4j.EvalContext;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.spi.EnvironmentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Option;

/** Options shared by every command that opens an environment. */
final class EnvOptions {
  @Option(names = "--dir", paramLabel = "DIR",
      description = "Directory of environments (default: $ESC_ENVIRONMENTS_DIR, else ./environments).")
  Path dir;

  @Option(names = "--org", paramLabel = "ORG",
      description = "Organization: the OIDC audience aws:ORG and subject (default: $ESC_ORGANIZATION, or the first part of org/project/env).")
  String org;

  @Option(names = "--user", paramLabel = "USER", description = "User name for $${context.pulumi.user.login} (default: $USER).")
  String user;

  @Option(names = "--oidc-token-file", paramLabel = "FILE",
      description = "Read the OIDC token for aws-login from FILE (default: $AWS_WEB_IDENTITY_TOKEN_FILE, GitHub Actions, or a self-hosted issuer from $ESC_OIDC_PRIVATE_KEY_FILE).")
  Path oidcTokenFile;

  @Option(names = "--verbose", description = "Print stack traces of unexpected failures.")
  boolean verbose;

  /** Splits {@code org/project/env} and builds the environment builder. */
  Opening prepare(String env) {
    Preinit.await(); // before the first use of esc-core (see Preinit)
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
    Path root = existingRoot(dir);
    String userName = user != null ? user : System.getenv().getOrDefault("USER", "");
    EvalContext ctx = EvalContext.empty().user(userName == null ? "" : userName);
    if (organization != null && !organization.isBlank()) {
      ctx = ctx.withOrganization(organization);
    }
    Environment.Builder b = Environment.builder().store(recording(EnvironmentStore.directory(root))).context(ctx);
    // ciphertext secrets are decrypted with the local key ($ESC_KEY, $ESC_KEY_FILE or the user's key file)
    KeyCommand.decrypter(System.getenv()).ifPresent(b::decrypter);
    if (oidcTokenFile != null) {
      b.service(OidcTokenSource.class, OidcTokenSource.detector().tokenFile(oidcTokenFile).build());
    }
    return new Opening(name, b);
  }

  /** The directory of environments: {@code --dir}, else $ESC_ENVIRONMENTS_DIR, else ./environments. */
  static Path root(Path dir) {
    if (dir != null) {
      return dir;
    }
    String fromEnv = System.getenv(Environment.DIR_VARIABLE);
    return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "environments");
  }

  /** {@link #root} when it is a directory; else a message that says how to name one. */
  static Path existingRoot(Path dir) {
    Path root = root(dir);
    if (!Files.isDirectory(root)) {
      throw new CliException("no environments directory at " + root.toAbsolutePath()
          + ": create it, pass --dir, or set " + Environment.DIR_VARIABLE, Esc.ENVIRONMENT_ERROR);
    }
    return root;
  }

  /** Environment name to the file it was read from, for messages (the CLI opens one environment per run). */
  private static final Map<String, String> LOCATIONS = new ConcurrentHashMap<>();

  private static EnvironmentStore recording(EnvironmentStore store) {
    return new EnvironmentStore() {
      @Override
      public Optional<Document> load(String name) throws IOException {
        Optional<Document> d = store.load(name);
        d.ifPresent(doc -> LOCATIONS.put(doc.name(), doc.location()));
        return d;
      }

      @Override
      public String description() {
        return store.description();
      }

      @Override
      public String describeMissing(String name) {
        return store.describeMissing(name);
      }
    };
  }

  /**
   * The file an environment was read from.
   *
   * @param name the environment name
   * @return its path, or empty when it was not read
   */
  static Optional<String> location(String name) {
    return Optional.ofNullable(LOCATIONS.get(name));
  }

  /**
   * Rewrites compiler-style diagnostics ({@code myapp/dev:12:7: error: ...}) to name the file
   * ({@code environments/myapp/dev.yaml:12:7: error: ...}).
   *
   * @param rendered diagnostics as esc-core renders them
   * @return the same text, each headline naming its file
   */
  static String locate(String rendered) {
    if (rendered == null || LOCATIONS.isEmpty()) {
      return rendered;
    }
    StringBuilder sb = new StringBuilder();
    for (String line : rendered.split("\n", -1)) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      String replaced = line;
      for (Map.Entry<String, String> e : LOCATIONS.entrySet()) {
        if (line.startsWith(e.getKey() + ":")) {
          replaced = e.getValue() + line.substring(e.getKey().length());
          break;
        }
      }
      sb.append(replaced);
    }
    return sb.toString();
  }

  /** A name and a configured builder. */
  record Opening(String name, Environment.Builder builder) {}
}

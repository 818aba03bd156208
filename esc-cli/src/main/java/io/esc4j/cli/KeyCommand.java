package io.esc4j.cli;

import io.esc4j.crypto.LocalKey;
import io.esc4j.crypto.LocalKeyring;
import io.esc4j.spi.Decrypter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code esc key ...}: local AES-256-GCM keys for secrets at rest. */
@Command(name = "key", mixinStandardHelpOptions = true,
    description = "Manage the local key that encrypts secrets in environment files.",
    subcommands = {KeyCommand.Init.class})
final class KeyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: init");
  }

  /**
   * The decrypter configured in the process environment ($ESC_KEY, $ESC_KEY_FILE, the default
   * key file), for commands that open environments.
   *
   * @param env the environment variables
   * @return the keyring, or empty when no key is configured
   */
  static Optional<Decrypter> decrypter(Map<String, String> env) {
    Optional<Decrypter> local;
    try {
      local = LocalKeyring.fromEnvironment(env).map(k -> k);
    } catch (IOException e) {
      throw new CliException("cannot read the key file: " + e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
    }
    Decrypter rest = local.orElse(payload -> {
      throw new io.esc4j.spi.CryptoException("no local key is configured: set $ESC_KEY or $ESC_KEY_FILE,"
          + " or create one with 'esc key init'");
    });
    return Optional.of(new KmsOrLocal(rest, env));
  }

  /**
   * Values encrypted with AWS KMS name their key, so they need no configuration: the KMS client is
   * built on the first such value, with the AWS SDK's default credentials, the region of the
   * recorded key ARN and $AWS_ENDPOINT_URL_KMS / $AWS_ENDPOINT_URL when set. Everything else goes to
   * the local keyring.
   */
  static final class KmsOrLocal implements Decrypter {
    private final Decrypter local;
    private final Map<String, String> env;
    private volatile Decrypter kms;

    KmsOrLocal(Decrypter local, Map<String, String> env) {
      this.local = local;
      this.env = env;
    }

    @Override
    public byte[] decrypt(byte[] payload) throws io.esc4j.spi.CryptoException {
      Optional<String> keyId = io.esc4j.aws.KmsKeyring.recordedKeyId(payload);
      if (keyId.isEmpty()) {
        return local.decrypt(payload);
      }
      Decrypter k = kms;
      if (k == null) {
        synchronized (this) {
          if (kms == null) {
            io.esc4j.aws.KmsKeyring.Builder b = io.esc4j.aws.KmsKeyring.builder();
            String[] arn = keyId.get().split(":");
            if (arn.length > 3 && arn[0].equals("arn") && !arn[3].isEmpty()) {
              b.region(arn[3]);
            } else if (env.get("AWS_REGION") != null) {
              b.region(env.get("AWS_REGION"));
            }
            String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_KMS", env.get("AWS_ENDPOINT_URL"));
            if (endpoint != null && !endpoint.isBlank()) {
              b.endpoint(java.net.URI.create(endpoint));
            }
            kms = b.build();
          }
          k = kms;
        }
      }
      return k.decrypt(payload);
    }
  }

  /** {@code esc key init}. */
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Create a new AES-256-GCM key for encrypting secrets.", "",
          "Writes the key to FILE (default: $ESC_KEY_FILE, else ~/.config/esc4j/key), readable only"
              + " by you. Keep it out of the repository and back it up: without it, encrypted values"
              + " cannot be read. To share it with CI, put the file's key line in a CI secret and"
              + " expose it as $ESC_KEY.", "",
          "With --rotate, adds a new primary key in front of the existing ones; then run"
              + " 'esc env encrypt --rekey ENV' for each environment and remove the old key line."})
  static final class Init implements Callable<Integer> {
    @Option(names = "--file", paramLabel = "FILE", description = "Where to write the key.")
    Path file;

    @Option(names = "--rotate", description = "Add a new primary key to an existing key file.")
    boolean rotate;

    @Option(names = "--allow-in-repository",
        description = "Allow FILE inside a git work tree (not recommended).")
    boolean allowInRepository;

    @Option(names = "--verbose", description = "Print stack traces of unexpected failures.")
    boolean verbose;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Path f = file;
      if (f == null) {
        String named = System.getenv(LocalKeyring.KEY_FILE_VARIABLE);
        f = named != null && !named.isBlank() ? Path.of(named) : LocalKeyring.defaultKeyFile(System.getenv());
      }
      Path repo = gitWorkTree(f);
      if (repo != null && !allowInRepository) {
        throw new CliException(f + " is inside the git work tree " + repo
            + ": a key there could be committed; choose a file outside it (or pass --allow-in-repository)",
            Esc.USAGE_ERROR);
      }
      LocalKey key = LocalKey.generate();
      try {
        if (rotate) {
          LocalKeyring ring = LocalKeyring.rotateKeyFile(f, key);
          spec.commandLine().getErr().println("Added key " + key.id() + " to " + f + " as the primary key ("
              + (ring.keys().size() - 1) + " older key(s) kept for decryption).");
          spec.commandLine().getErr().println("Next: 'esc env encrypt --rekey ENV' for each environment,"
              + " then delete the old key lines.");
        } else {
          LocalKeyring.writeKeyFile(f, key);
          spec.commandLine().getErr().println("Created key " + key.id() + " in " + f + ".");
          spec.commandLine().getErr().println("Back it up outside the repository: without it, secrets"
              + " encrypted with it cannot be read.");
        }
      } catch (FileAlreadyExistsException e) {
        throw new CliException(f + " already exists; pass --rotate to add a new key to it", Esc.ENVIRONMENT_ERROR, e);
      } catch (IOException e) {
        throw new CliException("cannot write " + f + ": " + e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
      }
      spec.commandLine().getOut().println(key.id());
      return 0;
    }

    /** The git work tree holding a path, or null. */
    static Path gitWorkTree(Path file) {
      Path p = file.toAbsolutePath().normalize().getParent();
      while (p != null) {
        if (Files.exists(p.resolve(".git"))) {
          return p;
        }
        p = p.getParent();
      }
      return null;
    }
  }
}

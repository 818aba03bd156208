package io.esc4j.cli;

import io.esc4j.EnvironmentEditor;
import io.esc4j.crypto.LocalKeyring;
import io.esc4j.spi.CryptoException;
import io.esc4j.spi.EnvironmentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code esc env ...}: create and edit environment files in place, and keep their secrets
 * encrypted. Edits change only the bytes of the value they touch.
 */
@Command(name = "env", mixinStandardHelpOptions = true,
    description = {"Create and edit environments; keep their secrets encrypted.", "",
        "PATH is a property path under 'values', as in ESC: aws.creds.secretAccessKey,"
            + " hosts[0], [\"dotted.key\"].x. Edits change only the bytes of the value they touch:"
            + " comments, order, quoting and blank lines elsewhere stay as they were."},
    subcommands = {EnvCommand.Init.class, EnvCommand.Set.class, EnvCommand.Get.class,
        EnvCommand.Rm.class, EnvCommand.Encrypt.class, EnvCommand.Decrypt.class},
    footer = {"", "Secrets are encrypted with the key from --key-file, else $ESC_KEY, else the file"
        + " named by $ESC_KEY_FILE, else ~/.config/esc4j/key; create one with 'esc key init'."})
final class EnvCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: init, set, get, rm, encrypt or decrypt");
  }

  /** Options of every {@code esc env} command: where environments and keys are. */
  static final class EditOptions {
    @Option(names = "--dir", paramLabel = "DIR",
        description = "Directory of environments (default: $ESC_ENVIRONMENTS_DIR, else ./environments).")
    Path dir;

    @Option(names = "--key-file", paramLabel = "FILE",
        description = "Key file for secrets (default: $ESC_KEY, $ESC_KEY_FILE, ~/.config/esc4j/key).")
    Path keyFile;

    @Option(names = "--verbose", description = "Print stack traces of unexpected failures.")
    boolean verbose;

    Path root() {
      return EnvOptions.root(dir);
    }

    /** {@code org/project/env} or {@code project/env} to the store name. */
    static String storeName(String env) {
      String[] parts = env.split("/");
      String name = parts.length == 3 ? parts[1] + "/" + parts[2] : env;
      if (parts.length > 3 || !EnvironmentStore.isValidName(name)) {
        throw new CliException("invalid environment name \"" + env
            + "\": use project/env or org/project/env with letters, digits, '.', '_' and '-'",
            Esc.USAGE_ERROR);
      }
      return name;
    }

    /** The existing file of an environment. */
    Path existing(String env) {
      String name = storeName(env);
      Path root = EnvOptions.existingRoot(dir);
      for (String ext : new String[] {".yaml", ".yml"}) {
        Path p = root.resolve(name + ext);
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
      throw new CliException("environment \"" + env + "\" not found in " + root
          + " (create it with 'esc env init " + env + "')", Esc.ENVIRONMENT_ERROR);
    }

    EnvironmentEditor open(String env, Path file) {
      try {
        return EnvironmentEditor.of(storeName(env), Files.readAllBytes(file));
      } catch (IOException e) {
        throw new CliException("cannot read " + file + ": " + e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
      } catch (IllegalArgumentException e) {
        throw new CliException(file + ": " + e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
      }
    }

    LocalKeyring keys() {
      try {
        if (keyFile != null) {
          return LocalKeyring.read(keyFile);
        }
        return LocalKeyring.fromEnvironment(System.getenv()).orElseThrow(() -> new CliException(
            "no secret key: create one with 'esc key init', or set $" + LocalKeyring.KEY_FILE_VARIABLE
                + " or $" + LocalKeyring.KEY_VARIABLE + ", or pass --key-file", Esc.ENVIRONMENT_ERROR));
      } catch (IOException e) {
        throw new CliException("cannot read the key file: " + e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
      }
    }
  }

  /** Writes a file by replacing it atomically, keeping its permissions. */
  static void write(Path file, String text) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
      if (Files.exists(file) && Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
      }
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /** {@code values.} + the user's path, as a document path. */
  static String valuesPath(String path) {
    if (path.isEmpty()) {
      throw new CliException("PATH is empty: name a value under 'values', e.g. db.password", Esc.USAGE_ERROR);
    }
    return path.startsWith("[") ? "values" + path : "values." + path;
  }

  static CliException crypto(CryptoException e) {
    return new CliException(e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
  }

  /** A path or structure problem of the user's arguments (messages name paths, never values). */
  static CliException usage(IllegalArgumentException e) {
    return new CliException(e.getMessage(), Esc.USAGE_ERROR, e);
  }

  /** A state of the file that the edit cannot be made in. */
  static CliException state(IllegalStateException e) {
    return new CliException(e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
  }

  /** What every {@code esc env} command takes: the options and ENV. */
  abstract static class EnvArgument implements Callable<Integer> {
    @Mixin EditOptions options;

    @Parameters(index = "0", paramLabel = "ENV", description = "The environment: project/env or org/project/env.")
    String env;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  }

  /** A command on an existing environment file: reads it, then {@link #edit edits} it. */
  abstract static class FileCommand extends EnvArgument {
    @Override
    public final Integer call() {
      Path file = options.existing(env);
      return edit(file, options.open(env, file));
    }

    /** Does the command's work on the file's text; returns the exit code. */
    abstract int edit(Path file, EnvironmentEditor ed);
  }

  /** {@code esc env init ENV}. */
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Create an empty environment file: DIR/ENV.yaml with 'values: {}'.")
  static final class Init extends EnvArgument {
    @Override
    public Integer call() {
      String name = EditOptions.storeName(env);
      Path root = options.root();
      for (String ext : new String[] {".yaml", ".yml"}) {
        if (Files.exists(root.resolve(name + ext))) {
          throw new CliException("environment \"" + env + "\" already exists: " + root.resolve(name + ext),
              Esc.ENVIRONMENT_ERROR);
        }
      }
      Path file = root.resolve(name + ".yaml");
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new CliException("cannot create " + file.getParent() + ": " + e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
      }
      write(file, EnvironmentEditor.emptyDocument());
      spec.commandLine().getErr().println("Created " + file);
      return 0;
    }
  }

  /** {@code esc env set ENV PATH VALUE}. */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Set a value in an environment file, in place.", "",
          "VALUE is YAML (42 is a number, [a, b] a list, '\"42\"' a string) unless --string or --secret"
              + " is given. With --secret the value is encrypted with your key and written as"
              + " fn::secret: {ciphertext: ...}; the plaintext never reaches the file.", "",
          "Values given on the command line end up in your shell history: pass - as VALUE to read it"
              + " from standard input instead (one trailing newline is dropped), e.g.",
          "  pbpaste | esc env set --secret myapp/dev db.password -"},
      footer = {"", "Examples:", "  esc env set myapp/dev region us-west-2",
          "  esc env set myapp/dev aws.creds.secretAccessKey - --secret < secret.txt",
          "  esc env set myapp/dev ports '[80, 443]'"})
  static final class Set extends FileCommand {
    @Parameters(index = "1", paramLabel = "PATH", description = "The property path under 'values'.")
    String path;

    @Parameters(index = "2", paramLabel = "VALUE", description = "The value, or - to read it from standard input.")
    String value;

    @Option(names = "--secret", description = "Encrypt the value (a string) with your key.")
    boolean secret;

    @Option(names = "--string", description = "Take VALUE as a string, not YAML.")
    boolean string;

    @Override
    int edit(Path file, EnvironmentEditor ed) {
      String docPath = valuesPath(path);
      String v = value.equals("-") ? readStdin() : value;
      try {
        if (secret) {
          ed.setSecret(docPath, v, options.keys());
        } else if (string) {
          ed.set(docPath, v);
        } else {
          ed.setYaml(docPath, v);
        }
      } catch (CryptoException e) {
        throw crypto(e);
      } catch (IllegalArgumentException e) {
        // path and structure problems; messages name paths, never values
        throw new CliException(e.getMessage().startsWith("value is not")
            ? "VALUE is not valid YAML; pass --string to set it as text" : e.getMessage(),
            Esc.USAGE_ERROR, e);
      } catch (IllegalStateException e) {
        throw state(e);
      }
      write(file, ed.text());
      spec.commandLine().getErr().println("Set " + path + (secret ? " (encrypted)" : "") + " in " + file);
      return 0;
    }

    private static String readStdin() {
      try {
        InputStream in = System.in;
        byte[] all = in.readAllBytes();
        String s = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(all)).toString();
        if (s.endsWith("\r\n")) {
          return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
      } catch (CharacterCodingException e) {
        throw new CliException("standard input is not UTF-8 text", Esc.USAGE_ERROR);
      } catch (IOException e) {
        throw new CliException("cannot read standard input: " + e.getMessage(), Esc.ENVIRONMENT_ERROR, e);
      }
    }
  }

  /** {@code esc env get ENV [PATH]}. */
  @Command(name = "get", mixinStandardHelpOptions = true,
      description = {"Print a value's definition as written in the file (ciphertext stays ciphertext).", "",
          "Without PATH, prints the whole file. To see evaluated values use 'esc get'; to see"
              + " decrypted secrets use 'esc env decrypt'."})
  static final class Get extends FileCommand {
    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "The property path under 'values'.")
    String path;

    @Override
    int edit(Path file, EnvironmentEditor ed) {
      if (path == null) {
        spec.commandLine().getOut().print(ed.text());
        spec.commandLine().getOut().flush();
        return 0;
      }
      Optional<String> v;
      try {
        v = ed.get(valuesPath(path));
      } catch (IllegalArgumentException e) {
        throw usage(e);
      }
      if (v.isEmpty()) {
        throw new CliException("no value at " + path + " in " + file, Esc.ENVIRONMENT_ERROR);
      }
      spec.commandLine().getOut().println(v.get());
      return 0;
    }
  }

  /** {@code esc env rm ENV PATH}. */
  @Command(name = "rm", mixinStandardHelpOptions = true,
      description = "Remove a value (its key, or its list item) from an environment file, in place.")
  static final class Rm extends FileCommand {
    @Parameters(index = "1", paramLabel = "PATH", description = "The property path under 'values'.")
    String path;

    @Override
    int edit(Path file, EnvironmentEditor ed) {
      boolean removed;
      try {
        removed = ed.remove(valuesPath(path));
      } catch (IllegalArgumentException e) {
        throw usage(e);
      } catch (IllegalStateException e) {
        throw state(e);
      }
      if (!removed) {
        throw new CliException("no value at " + path + " in " + file, Esc.ENVIRONMENT_ERROR);
      }
      write(file, ed.text());
      spec.commandLine().getErr().println("Removed " + path + " from " + file);
      return 0;
    }
  }

  /** {@code esc env encrypt ENV}. */
  @Command(name = "encrypt", mixinStandardHelpOptions = true,
      description = {"Encrypt every plaintext fn::secret in an environment file, in place.", "",
          "With --rekey, also re-encrypt existing ciphertexts with the primary key (the first in the"
              + " key file): the last step of a key rotation, after 'esc key init --rotate'."})
  static final class Encrypt extends FileCommand {
    @Option(names = "--rekey", description = "Re-encrypt existing ciphertexts with the primary key.")
    boolean rekey;

    @Override
    int edit(Path file, EnvironmentEditor ed) {
      LocalKeyring keys = options.keys();
      int n;
      int r = 0;
      try {
        n = ed.encryptAll(keys);
        if (rekey) {
          r = ed.reencryptAll(keys, keys);
        }
      } catch (CryptoException e) {
        throw crypto(e);
      } catch (IllegalStateException e) {
        throw state(e);
      }
      if (n > 0 || r > 0) {
        write(file, ed.text());
      }
      spec.commandLine().getErr().println("Encrypted " + n + " secret" + (n == 1 ? "" : "s")
          + (rekey ? ", re-encrypted " + r + " with key " + keys.primary().id() : "")
          + " in " + file);
      return 0;
    }
  }

  /** {@code esc env decrypt ENV}. */
  @Command(name = "decrypt", mixinStandardHelpOptions = true,
      description = {"Print an environment file with its secrets decrypted, to standard output only.", "",
          "The file itself is not changed. Careful: the output holds your secrets in plain text."})
  static final class Decrypt extends FileCommand {
    @Override
    int edit(Path file, EnvironmentEditor ed) {
      String text;
      try {
        text = ed.decryptAll(options.keys());
      } catch (CryptoException e) {
        throw crypto(e);
      }
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}

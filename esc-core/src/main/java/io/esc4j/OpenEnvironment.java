package io.esc4j;

import io.esc4j.internal.eval.Evaluation;
import io.esc4j.internal.eval.PropertyPath;
import io.esc4j.internal.eval.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * An opened environment: its evaluated values, with typed access by property path, and what a
 * child process should get ({@code environmentVariables} and {@code files}).
 *
 * <p>Paths use the ESC property-path syntax: {@code db.url}, {@code hosts[0]}, {@code
 * labels["app.kubernetes.io/name"]}. Secret values are reached only through {@link
 * #getSecret(String)} or {@link EscValue}; {@link #toString()} and {@link #toJson(Redaction)} with
 * {@link Redaction#REDACT} never show them.
 *
 * <p>Values are immutable and safe to read from any thread. {@link #applyTo(ProcessBuilder)}
 * writes the {@code files} to a private temporary directory that {@link #close()} removes.
 */
public final class OpenEnvironment implements AutoCloseable {
  private final String name;
  private final Session session;
  private final EscValue.Obj values;
  private final List<Diagnostic> warnings;
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

  private final List<Path> tempDirs = Collections.synchronizedList(new ArrayList<>());

  private OpenEnvironment(String name, Session session, EscValue.Obj values, List<Diagnostic> warnings) {
    this.name = name;
    this.session = session;
    this.values = values;
    this.warnings = List.copyOf(warnings);
  }

  static OpenEnvironment from(String name, Session session, Evaluation.Opened opened) {
    return new OpenEnvironment(name, session, opened.values(), opened.warnings());
  }

  /**
   * The environment's name.
   *
   * @return the name, e.g. {@code myapp/dev}
   */
  public String name() {
    return name;
  }

  /**
   * All top-level values, imports merged.
   *
   * @return the values
   */
  public EscValue.Obj values() {
    return values;
  }

  /**
   * The warnings of the open (for example an override of a {@code fn::final} value).
   *
   * @return the warnings
   */
  public List<Diagnostic> warnings() {
    return warnings;
  }

  /**
   * Opens the same environment again with the same settings (providers run again, so
   * short-lived credentials are fresh).
   *
   * @return a new open environment
   * @throws EnvironmentException when the environment now has errors
   */
  public OpenEnvironment reopen() {
    return from(name, session, Environment.evaluate(name, session));
  }

  /**
   * Looks up a value by path.
   *
   * @param path the property path
   * @return the value, or empty when there is none
   * @throws IllegalArgumentException when the path is malformed
   */
  public Optional<EscValue> find(String path) {
    EscValue cur = values;
    for (Object seg : PropertyPath.parse(path)) {
      if (seg instanceof Integer i && cur instanceof EscValue.Arr a) {
        if (i >= a.items().size()) {
          return Optional.empty();
        }
        cur = a.items().get(i);
      } else if (seg instanceof String k && cur instanceof EscValue.Obj o) {
        cur = o.properties().get(k);
        if (cur == null) {
          return Optional.empty();
        }
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(cur);
  }

  /**
   * Returns the value at a path.
   *
   * @param path the property path
   * @return the value
   * @throws EnvironmentException when there is no value at the path
   */
  public EscValue get(String path) {
    return find(path).orElseThrow(() -> missing(path));
  }

  /**
   * Returns a non-secret string (numbers and booleans are converted to their text).
   *
   * @param path the property path
   * @return the string
   * @throws EnvironmentException when missing, not a scalar, or secret (use {@link
   *     #getSecret(String)} for secrets)
   */
  public String getString(String path) {
    EscValue v = get(path);
    if (v.secret()) {
      throw EnvironmentException.of(
          name, "the value at \"" + path + "\" is secret; read it with getSecret(\"" + path + "\")");
    }
    return scalarText(v, path);
  }

  /**
   * Returns a value as a secret string, whether or not it is marked secret.
   *
   * @param path the property path
   * @return the secret
   * @throws EnvironmentException when missing or not a scalar
   */
  public Secret<String> getSecret(String path) {
    return Secret.of(scalarText(get(path), path));
  }

  /**
   * Returns an integer.
   *
   * @param path the property path
   * @return the integer
   * @throws EnvironmentException when missing, not an integral number, or out of range
   */
  public long getLong(String path) {
    try {
      return getDecimal(path).longValueExact();
    } catch (ArithmeticException e) {
      throw wrongType(path, "an integer");
    }
  }

  /**
   * Returns an {@code int}.
   *
   * @param path the property path
   * @return the integer
   * @throws EnvironmentException when missing, not an integral number, or out of range
   */
  public int getInt(String path) {
    try {
      return getDecimal(path).intValueExact();
    } catch (ArithmeticException e) {
      throw wrongType(path, "an int");
    }
  }

  /**
   * Returns a number.
   *
   * @param path the property path
   * @return the exact decimal
   * @throws EnvironmentException when missing or not a number
   */
  public BigDecimal getDecimal(String path) {
    EscValue v = get(path);
    if (v instanceof EscValue.Num n) {
      try {
        return n.decimal();
      } catch (NumberFormatException e) {
        throw wrongType(path, "a finite number");
      }
    }
    throw wrongType(path, "a number");
  }

  /**
   * Returns a boolean.
   *
   * @param path the property path
   * @return the boolean
   * @throws EnvironmentException when missing or not a boolean
   */
  public boolean getBoolean(String path) {
    EscValue v = get(path);
    if (v instanceof EscValue.Bool b) {
      return b.value();
    }
    throw wrongType(path, "a boolean");
  }

  /**
   * Renders all values as JSON.
   *
   * @param redaction whether secrets are shown
   * @return compact JSON, keys sorted
   */
  public String toJson(Redaction redaction) {
    return values.toJson(redaction);
  }

  /**
   * The variables a child process should get: each property of the top-level {@code
   * environmentVariables} object. Strings are taken as they are, other scalars as their text,
   * null as the empty string, arrays and objects as compact JSON.
   *
   * @return variable name to value, sorted by name
   */
  public Map<String, Variable> environmentVariables() {
    return exported("environmentVariables");
  }

  /**
   * The files a child process should get: each property of the top-level {@code files} object
   * is file content; the variable of that name holds the file's path (see {@link
   * #applyTo(ProcessBuilder)}).
   *
   * @return variable name to file content, sorted by name
   */
  public Map<String, Variable> files() {
    return exported("files");
  }

  /**
   * Prepares a child process: sets {@link #environmentVariables()} in its environment and writes
   * each of {@link #files()} to a file (mode 0600) in a new private directory (mode 0700) under
   * {@code java.io.tmpdir}, setting the variable to the file's path. A file is named after its
   * variable when the name is made of {@code [A-Za-z0-9_]} ({@code file-N} otherwise). {@link
   * #close()} deletes the files and the directory.
   *
   * @param pb the process builder
   * @return the same process builder
   * @throws UncheckedIOException when a file cannot be written
   */
  public ProcessBuilder applyTo(ProcessBuilder pb) {
    Map<String, String> env = pb.environment();
    environmentVariables().forEach((k, v) -> env.put(k, v.reveal()));
    Map<String, Variable> files = files();
    if (!files.isEmpty()) {
      try {
        Path dir = createPrivateDir();
        int i = 0;
        for (Map.Entry<String, Variable> f : files.entrySet()) {
          // the directory is this open's alone: names need not be unpredictable, only distinct
          String key = f.getKey();
          Path file = dir.resolve(isPlainName(key) ? key : "file-" + i);
          i++;
          if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
            Files.setPosixFilePermissions(file, PRIVATE_FILE); // exactly 0600, whatever the umask
          } else {
            Files.createFile(file);
          }
          Files.write(file, f.getValue().reveal().getBytes(StandardCharsets.UTF_8));
          env.put(key, file.toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not write the environment's files: " + e.getMessage(), e);
      }
    }
    return pb;
  }

  /** Deletes the files written by {@link #applyTo(ProcessBuilder)}. Idempotent. */
  @Override
  public void close() {
    synchronized (tempDirs) {
      for (Path dir : tempDirs) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          // best effort: the directory may already be gone
        }
      }
      tempDirs.clear();
    }
  }

  /** Names the environment and its top-level keys; never a value. */
  @Override
  public String toString() {
    return "OpenEnvironment[" + name + ", keys=" + values.properties().keySet() + "]";
  }

  /**
   * A new directory under the system's temporary directory, mode 0700 where the file system has
   * POSIX permissions. Not {@link Files#createTempDirectory}: its random names come from a {@code
   * SecureRandom}, whose first use loads the security providers, a tenth of a cold {@code esc run}.
   * Unpredictable names protect nothing here: {@code mkdir} either creates the directory, with
   * its mode, or fails (a name taken, by a file or a link, is skipped), and the files go inside it.
   */
  private Path createPrivateDir() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    for (int attempt = 0; ; attempt++) {
      Path dir = tmp.resolve("esc-" + ProcessHandle.current().pid() + "-"
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      try {
        if (POSIX) {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        } else {
          Files.createDirectory(dir);
        }
      } catch (FileAlreadyExistsException e) {
        if (attempt < 100) {
          continue;
        }
        throw e;
      }
      tempDirs.add(dir);
      return dir;
    }
  }

  /** An environment variable's usual name ({@code [A-Za-z0-9_]}, at most 64), usable as a file name. */
  private static boolean isPlainName(String key) {
    if (key.isEmpty() || key.length() > 64) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Variable> exported(String key) {
    Map<String, Variable> out = new TreeMap<>(EscValue.Obj.KEY_ORDER);
    if (values.properties().get(key) instanceof EscValue.Obj o) {
      for (Map.Entry<String, EscValue> e : o.properties().entrySet()) {
        EscValue v = e.getValue();
        if (v.isUnknown()) {
          continue;
        }
        String text =
            (v instanceof EscValue.Arr || v instanceof EscValue.Obj)
                ? v.toJson(Redaction.REVEAL)
                : scalarText(v, key);
        out.put(e.getKey(), new Variable(text, v.containsSecrets()));
      }
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(out));
  }

  private String scalarText(EscValue v, String path) {
    if (v instanceof EscValue.Str s) {
      return s.value();
    }
    if (v instanceof EscValue.Num n) {
      return n.text();
    }
    if (v instanceof EscValue.Bool b) {
      return Boolean.toString(b.value());
    }
    if (v instanceof EscValue.Null) {
      return "";
    }
    throw wrongType(path, "a string, number, boolean or null");
  }

  private EnvironmentException wrongType(String path, String expected) {
    EscValue v = find(path).orElse(null);
    String actual = v == null ? "nothing" : kind(v);
    return EnvironmentException.of(
        name, "the value at \"" + path + "\" is " + actual + ", not " + expected);
  }

  private EnvironmentException missing(String path) {
    return EnvironmentException.of(
        name, "no value at \"" + path + "\"; top-level keys are " + values.properties().keySet());
  }

  private static String kind(EscValue v) {
    if (v instanceof EscValue.Null) {
      return "null";
    } else if (v instanceof EscValue.Bool) {
      return "a boolean";
    } else if (v instanceof EscValue.Num) {
      return "a number";
    } else if (v instanceof EscValue.Str) {
      return "a string";
    } else if (v instanceof EscValue.Arr) {
      return "an array";
    } else if (v instanceof EscValue.Obj) {
      return "an object";
    }
    return "unknown";
  }
}

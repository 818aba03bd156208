package io.esc4j.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where environment documents come from: the root being opened and everything it imports.
 *
 * <p>Names are {@code project/env} or {@code org/project/env} style paths of segments made of
 * letters, digits, {@code . _ -}; a store never resolves a name outside its root. Implementations
 * must be thread-safe.
 */
public interface EnvironmentStore {
  /** Valid environment names: slash-separated segments, no {@code ..}, no empty segment. */
  Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");

  /**
   * A loaded document.
   *
   * @param name the environment name
   * @param content the YAML bytes
   * @param location where it was found (a path or URL), for messages
   */
  record Document(String name, byte[] content, String location) {
    /** Validates the components. */
    public Document {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * Loads a document.
   *
   * @param name the environment name
   * @return the document, or empty when the store has no such environment
   * @throws IOException when the store cannot be read
   */
  Optional<Document> load(String name) throws IOException;

  /**
   * What this store is, for messages ({@code directory ./environments}).
   *
   * @return the description
   */
  String description();

  /**
   * The message for a missing environment.
   *
   * @param name the environment name
   * @return the message
   */
  default String describeMissing(String name) {
    return "environment \"" + name + "\" not found in " + description();
  }

  /**
   * Checks an environment name.
   *
   * @param name the name
   * @return whether it is a valid name
   */
  static boolean isValidName(String name) {
    return NAME.matcher(name).matches() && !name.contains("..");
  }

  /**
   * A store over a directory: {@code myapp/dev} is {@code DIR/myapp/dev.yaml} (or {@code .yml}).
   *
   * @param root the directory
   * @return the store
   */
  static EnvironmentStore directory(Path root) {
    Objects.requireNonNull(root, "root");
    return new EnvironmentStore() {
      @Override
      public Optional<Document> load(String name) throws IOException {
        if (!isValidName(name)) {
          return Optional.empty();
        }
        for (String ext : new String[] {".yaml", ".yml"}) {
          Path p = root.resolve(name + ext);
          try {
            return Optional.of(new Document(name, Files.readAllBytes(p), p.toString()));
          } catch (NoSuchFileException e) {
            // try the next extension
          }
        }
        return Optional.empty();
      }

      @Override
      public String description() {
        return "directory " + root;
      }

      @Override
      public String toString() {
        return description();
      }
    };
  }

  /**
   * A store over class-path resources: {@code myapp/dev} is {@code ROOT/myapp/dev.yaml}.
   *
   * @param root the resource folder, e.g. {@code environments}
   * @param loader the class loader to read from
   * @return the store
   */
  static EnvironmentStore classpath(String root, ClassLoader loader) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(loader, "loader");
    String prefix = root.isEmpty() || root.endsWith("/") ? root : root + "/";
    return new EnvironmentStore() {
      @Override
      public Optional<Document> load(String name) throws IOException {
        if (!isValidName(name)) {
          return Optional.empty();
        }
        for (String ext : new String[] {".yaml", ".yml"}) {
          String res = prefix + name + ext;
          try (InputStream in = loader.getResourceAsStream(res)) {
            if (in != null) {
              return Optional.of(new Document(name, in.readAllBytes(), "classpath:" + res));
            }
          }
        }
        return Optional.empty();
      }

      @Override
      public String description() {
        return "classpath:" + prefix;
      }
    };
  }

  /**
   * A store over class-path resources of this library's class loader.
   *
   * @param root the resource folder
   * @return the store
   */
  static EnvironmentStore classpath(String root) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return classpath(root, cl != null ? cl : EnvironmentStore.class.getClassLoader());
  }

  /**
   * An in-memory store, for tests and generated environments.
   *
   * @param documents environment name to YAML text
   * @return the store
   */
  static EnvironmentStore inMemory(Map<String, String> documents) {
    Map<String, String> copy = new LinkedHashMap<>(documents);
    return new EnvironmentStore() {
      @Override
      public Optional<Document> load(String name) {
        String text = copy.get(name);
        return text == null
            ? Optional.empty()
            : Optional.of(new Document(name, text.getBytes(StandardCharsets.UTF_8), "memory:" + name));
      }

      @Override
      public String description() {
        return "in-memory store " + copy.keySet();
      }
    };
  }
}

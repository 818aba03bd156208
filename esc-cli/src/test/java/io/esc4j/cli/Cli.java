package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real esc.jar as a subprocess. */
final class Cli {
  private Cli() {}

  /** What a run printed and returned. */
  record Result(int code, String out, String err) {
    Result assertCode(int expected) {
      assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(expected);
      return this;
    }
  }

  static Path jar() {
    String p = System.getProperty("esc.jar");
    assertThat(p).as("system property esc.jar (set by the pom)").isNotNull();
    Path jar = Path.of(p);
    assertThat(jar).exists();
    return jar;
  }

  static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  /** A process builder for esc with a clean environment (no AWS or ESC variables of the caller). */
  static ProcessBuilder builder(Map<String, String> env, String... args) {
    ProcessBuilder pb = new ProcessBuilder(command(args));
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ESC_") || k.startsWith("ACTIONS_"));
    pb.environment().putAll(env);
    return pb;
  }

  static Result run(String... args) {
    return run(Map.of(), null, args);
  }

  /**
   * Runs esc with extra JVM options (logging, system properties), without stdin.
   *
   * @param jvmOptions options placed before {@code -jar}
   * @param args esc's arguments
   * @return what it printed and returned
   */
  static Result runWithJvmOptions(List<String> jvmOptions, String... args) {
    return run(Map.of(), null, jvmOptions, args);
  }

  static Result run(Map<String, String> env, String stdin, String... args) {
    return run(env, stdin, List.of(), args);
  }

  private static Result run(Map<String, String> env, String stdin, List<String> jvmOptions, String... args) {
    try {
      ProcessBuilder pb = builder(env, args);
      pb.command().addAll(1, jvmOptions);
      if (stdin == null) {
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      }
      Process p = pb.start();
      Collector out = new Collector(p.getInputStream());
      Collector err = new Collector(p.getErrorStream());
      if (stdin != null) {
        try (var in = p.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("esc did not end: " + pb.command());
      }
      return new Result(p.exitValue(), out.text(), err.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Reads a stream on a thread. */
  static final class Collector {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final Thread t;

    Collector(InputStream in) {
      t = new Thread(() -> {
        try {
          in.transferTo(buf);
        } catch (IOException e) {
          // stream closed
        }
      });
      t.setDaemon(true);
      t.start();
    }

    String text() throws InterruptedException {
      t.join(60_000);
      synchronized (buf) {
        return buf.toString(StandardCharsets.UTF_8);
      }
    }
  }

  /** Writes an environment file DIR/NAME.yaml. */
  static Path write(Path dir, String name, String... lines) {
    try {
      Path f = dir.resolve(name + ".yaml");
      Files.createDirectories(f.getParent());
      Files.writeString(f, String.join("\n", lines) + "\n");
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bundled example (myapp/base, myapp/dev) copied to DIR. */
  static Path example(Path dir) {
    try {
      Path src = Path.of(System.getProperty("user.dir")).resolve("../examples/environments/myapp").normalize();
      Files.createDirectories(dir.resolve("myapp"));
      for (String n : List.of("base.yaml", "dev.yaml")) {
        Files.copy(src.resolve(n), dir.resolve("myapp").resolve(n));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}

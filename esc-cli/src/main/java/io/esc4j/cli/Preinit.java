package io.esc4j.cli;

import io.esc4j.Environment;
import io.esc4j.OpenEnvironment;
import io.esc4j.spi.EnvironmentStore;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Warms the classes of an open on a second thread while the main thread starts picocli, as Spring
 * Boot's {@code BackgroundPreinitializer} does for its own start: a cold {@code esc run} spends
 * most of its time in first uses (class initialization, linking, interpreted first calls), and
 * picocli's reflective model building and esc4j's open path need each other's results only at the
 * point where the command begins to open its environment.
 *
 * <p>Measured on 2 cores, JDK 17, local {@code esc run}: about 15 ms of wall time; {@code
 * -Desc.preinit=false} turns it off.
 *
 * <p>The warm-up opens a small in-memory environment that uses what a typical environment uses
 * (imports, interpolation, secrets, JSON builtins, environment variables and files) and touches
 * the classes of starting a child process (providers are found at their first call, so it finds
 * none). It reads no file and environment
 * of the user's, writes nothing, calls no provider and prints nothing; whatever it throws is ignored.
 *
 * <p>Class initialization across two threads can deadlock when each holds a class the other needs.
 * So the two never overlap on esc4j's classes: the warm-up touches esc-core and the JDK only,
 * never esc-cli or picocli, and a command calls {@link #await()} before its first use of
 * esc-core ({@link EnvOptions#prepare}).
 */
final class Preinit {
  /** {@code -Desc.preinit=false} (in {@code ESC_JAVA_OPTS} for bin/esc) turns the warm-up off. */
  static final String PROPERTY = "esc.preinit";

  /** The commands that open environments: only they start the warm-up. */
  private static final Set<String> OPENING = Set.of("run", "open", "get", "check");

  private static final String BASE = """
      values:
        app:
          name: warm
          port: 8080
        db:
          host: localhost
      """;
  private static final String ENV = """
      imports:
        - warm/base
      values:
        db:
          password:
            fn::secret: not-a-secret
          url: postgres://${db.host}:${app.port}/${app.name}
        features:
          fn::fromJSON: '{"beta": true, "max": 5}'
        tags:
          fn::join: [",", ["a", "b"]]
        environmentVariables:
          APP_NAME: ${app.name}
          DATABASE_URL: ${db.url}
          DATABASE_PASSWORD: ${db.password}
        files:
          APP_CONFIG:
            fn::toJSON:
              db: ${db.url}
              features: ${features}
      """;

  private static volatile Thread thread;

  private Preinit() {}

  /**
   * Starts the warm-up when {@code command} opens environments.
   *
   * @param args the command line's arguments
   */
  static void start(String[] args) {
    if (args.length == 0 || !OPENING.contains(args[0]) || "false".equals(System.getProperty(PROPERTY))) {
      return;
    }
    Thread t = new Thread(Preinit::warm, "esc-preinit");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Waits for the warm-up to end, if one was started: called before the first use of esc-core. */
  static void await() {
    Gate.pass();
    Thread t = thread;
    if (t == null) {
      return;
    }
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread = null;
  }

  /**
   * The warm-up.
   *
   * @return whether it ran to its end (a test checks that its document opens cleanly)
   */
  static boolean warm() {
    try {
      EnvironmentStore store = EnvironmentStore.inMemory(Map.of("warm/base", BASE, "warm/env", ENV));
      try (OpenEnvironment env = Environment.builder().store(store).open("warm/env")) {
        env.environmentVariables().forEach((k, v) -> v.reveal());
        env.files().forEach((k, v) -> v.reveal());
      }
      new ProcessBuilder("true").environment();
      Class.forName("java.lang.ProcessImpl", true, null);
      return true;
    } catch (Throwable e) {
      // best effort: whatever is not warm here is initialized by the command itself
      return false;
    }
  }

  /**
   * Initialized when the main thread reaches {@link #await()}: with {@code -Xlog:class+init} it
   * marks the point before which the main thread must initialize no class of esc-core (a test
   * checks it, with the warm-up off).
   */
  static final class Gate {
    private static final Object PASSED = new Object();

    private Gate() {}

    static void pass() {
      Objects.requireNonNull(PASSED);
    }
  }
}

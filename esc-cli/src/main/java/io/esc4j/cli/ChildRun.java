package io.esc4j.cli;

import io.esc4j.EscValue;
import io.esc4j.OpenEnvironment;
import io.esc4j.Redaction;
import io.esc4j.Variable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code esc run} and {@code esc testkit run}: what they take (the environment options, {@code -i},
 * ENV and CMD) and how they run CMD with the opened environment: its arguments interpolated, its
 * variables and files applied, its output filtered for secrets unless interactive, signals
 * forwarded while esc waits, the environment's temporary files removed when it ends (also from a
 * shutdown hook), and its exit code returned.
 */
abstract class ChildRun implements Callable<Integer> {
  @Mixin EnvOptions options;

  @Option(names = {"-i", "--interactive"}, description = "Give CMD the terminal: its output is not filtered for secrets.")
  boolean interactive;

  @Parameters(index = "0", paramLabel = "ENV", description = "The environment: project/env or org/project/env.")
  String env;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
  List<String> command;

  /**
   * Runs CMD with {@code opened} and waits for it.
   *
   * @param opened the environment; it is closed (its files removed) when CMD ends
   * @param variables variables CMD gets unless the environment sets them
   * @param onShutdown what else to release should the JVM shut down while CMD runs
   * @return CMD's exit code
   * @throws InterruptedException when interrupted while waiting
   */
  final int runChild(OpenEnvironment opened, Map<String, String> variables, Runnable onShutdown)
      throws InterruptedException {
    Thread cleanup = new Thread(() -> {
      opened.close();
      onShutdown.run();
    }, "esc-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      List<String> argv = new ArrayList<>();
      for (String a : command) {
        argv.add(interpolate(opened, a));
      }
      ProcessBuilder pb = new ProcessBuilder(argv);
      pb.environment().putAll(variables);
      opened.applyTo(pb);
      pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
      Set<String> secrets = secrets(opened);
      boolean filter = !(interactive || secrets.isEmpty());
      if (!filter) {
        pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
      }
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new CliException("cannot run \"" + argv.get(0) + "\": " + e.getMessage(), 127, e);
      }
      Thread out = null;
      Thread err = null;
      if (filter) {
        Redactor r = new Redactor(secrets);
        out = pump(r, p.getInputStream(), System.out, "esc-stdout");
        err = pump(r, p.getErrorStream(), System.err, "esc-stderr");
      }
      Signals signals = Signals.forward(p);
      int code;
      try {
        code = p.waitFor();
      } finally {
        signals.restore();
      }
      if (out != null) {
        out.join();
        err.join();
      }
      return code;
    } finally {
      opened.close();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs
      }
    }
  }

  private static Thread pump(Redactor r, InputStream in, OutputStream out, String name) {
    Thread t = new Thread(() -> {
      try {
        r.pump(in, out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Every secret plaintext the child could print. */
  static Set<String> secrets(OpenEnvironment env) {
    Set<String> out = new LinkedHashSet<>();
    collect(env.values(), out);
    for (Variable v : env.environmentVariables().values()) {
      if (v.secret()) {
        out.add(v.reveal());
      }
    }
    return out;
  }

  private static void collect(EscValue v, Set<String> out) {
    if (v.secret()) {
      if (v instanceof EscValue.Str s) {
        out.add(s.value());
      } else if (v instanceof EscValue.Num n) {
        out.add(n.text());
      } else if (v instanceof EscValue.Arr || v instanceof EscValue.Obj) {
        out.add(v.toJson(Redaction.REVEAL));
      }
    }
    if (v instanceof EscValue.Arr a) {
      a.items().forEach(i -> collect(i, out));
    } else if (v instanceof EscValue.Obj o) {
      o.properties().values().forEach(i -> collect(i, out));
    }
  }

  private static final Pattern REF = Pattern.compile("\\$(\\$?)\\{([^}]*)}");

  /**
   * Replaces {@code ${path}} in a command argument by that value of the environment. A reference
   * the environment does not resolve ({@code ${HOME}}, {@code ${X:-default}}, {@code ${#X}} in a
   * {@code sh -c} script) is left as it is, for the shell; {@code $${...}} is a literal {@code
   * ${...}}. When the first name of an unresolved path is a top-level key, esc warns on stderr: it
   * is probably a typo.
   */
  static String interpolate(OpenEnvironment env, String arg) {
    Matcher m = REF.matcher(arg);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String path = m.group(2);
      String text;
      if (!m.group(1).isEmpty()) {
        text = "${" + path + "}";
      } else {
        Optional<EscValue> found;
        try {
          found = env.find(path);
        } catch (RuntimeException e) {
          found = Optional.empty();
        }
        if (found.isPresent()) {
          EscValue v = found.get();
          text = v instanceof EscValue.Str s ? s.value()
              : v instanceof EscValue.Arr || v instanceof EscValue.Obj ? v.toJson(Redaction.REVEAL)
              : v instanceof EscValue.Null ? "" : v.withSecret(false).toString();
        } else {
          text = m.group();
          String first = path.split("[.\\[]", 2)[0];
          if (env.values().properties().containsKey(first)) {
            System.err.println("esc: warning: ${" + path + "} is not a value of " + env.name()
                + "; the argument keeps it as it is");
          }
        }
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(text));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}

package io.esc4j.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * {@code esc run} in its usual forms without picocli on the way: {@code esc run [OPTIONS] ENV
 * [OPTIONS] [--] CMD ARGS...} with the options of {@code run} each given once, as {@code --name
 * VALUE}, {@code --name=VALUE} or a flag.
 *
 * <p>Why: picocli builds its model of a command by reflection on every start, about 55 ms of a
 * cold {@code esc run} on a 2-core machine, more than the whole open of a local environment. A
 * process that wraps another command pays that on every call. picocli still owns the command
 * line: anything else (help, version, a repeated, unknown or clustered option, an option value
 * that starts with {@code -}, {@code --} before ENV, a missing ENV or CMD, a {@code picocli.*}
 * system property) is not recognised here
 * ({@link #parse} returns {@code null}) and goes to picocli, which parses it, prints its usage
 * errors and help, and runs it with the same {@link RunCommand}.
 *
 * <p>What is recognised sets exactly the fields picocli would set: {@code DirectRunTest} parses
 * generated argument vectors both ways and compares the results, and checks that what is not
 * recognised is either a usage error or help for picocli, or a form this class leaves to it.
 * Failures are reported by {@link Esc#handle}, the handler picocli's execution uses, so output
 * and exit codes are the same on both ways.
 */
final class DirectRun {
  private DirectRun() {}

  /**
   * The {@code esc run} that picocli would build from {@code args}, when {@code args} is one of the
   * forms this class recognises.
   *
   * @param args the command line's arguments
   * @return the command with its fields set, or {@code null}: picocli must parse {@code args}
   */
  static RunCommand parse(String[] args) {
    if (args.length < 3 || !args[0].equals("run") || picocliConfigured()) {
      return null;
    }
    EnvOptions options = new EnvOptions();
    boolean interactive = false;
    String env = null;
    int i = 1;
    while (i < args.length) {
      String a = args[i];
      if (a.equals("--")) {
        if (env == null) {
          return null; // ENV after '--': left to picocli
        }
        i++;
        break;
      }
      if (a.startsWith("-")) {
        String name = a;
        String value = null;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
          name = a.substring(0, eq);
          value = a.substring(eq + 1);
        }
        switch (name) {
          case "-i", "--interactive" -> {
            if (value != null || interactive) {
              return null;
            }
            interactive = true;
          }
          case "--verbose" -> {
            if (value != null || options.verbose) {
              return null;
            }
            options.verbose = true;
          }
          case "--dir", "--org", "--user", "--oidc-token-file" -> {
            if (value == null) {
              if (i + 1 >= args.length) {
                return null;
              }
              value = args[++i];
            }
            if (value.startsWith("-")) {
              return null; // picocli refuses some such values ('--org=-i', '--dir --'): its call
            }
            if (!set(options, name, value)) {
              return null;
            }
          }
          default -> {
            return null; // help, version, unknown or clustered options: picocli's
          }
        }
        i++;
        continue;
      }
      if (env != null) {
        break; // CMD: it and everything after it are the command's
      }
      env = a;
      i++;
    }
    if (env == null || i >= args.length) {
      return null;
    }
    RunCommand run = new RunCommand();
    run.options = options;
    run.interactive = interactive;
    run.env = env;
    run.command = new ArrayList<>(Arrays.asList(args).subList(i, args.length));
    return run;
  }

  /**
   * Whether a {@code picocli.*} system property is set ({@code picocli.trimQuotes}, converter
   * exclusions, renamed help options...): picocli would then parse differently from this class.
   */
  private static boolean picocliConfigured() {
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("picocli.")) {
        return true;
      }
    }
    return false;
  }

  /** Sets option {@code name}; false when it was set already (picocli refuses a repeated option). */
  private static boolean set(EnvOptions options, String name, String value) {
    switch (name) {
      case "--dir" -> {
        if (options.dir != null || !isPath(value)) {
          return false;
        }
        options.dir = Path.of(value);
      }
      case "--org" -> {
        if (options.org != null) {
          return false;
        }
        options.org = value;
      }
      case "--user" -> {
        if (options.user != null) {
          return false;
        }
        options.user = value;
      }
      default -> {
        if (options.oidcTokenFile != null || !isPath(value)) {
          return false;
        }
        options.oidcTokenFile = Path.of(value);
      }
    }
    return true;
  }

  /** Whether {@code value} is a path on this platform (else picocli reports the usage error). */
  private static boolean isPath(String value) {
    try {
      Path.of(value);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Runs {@code run} as picocli's execution would: its exit code, or a failure reported on stderr
   * by {@link Esc#handle}.
   *
   * @param run a command from {@link #parse}
   * @return the exit code
   */
  static int execute(RunCommand run) {
    Integer code;
    try {
      code = run.call();
    } catch (Exception e) {
      // as picocli's CommandLine.getErr(): stderr in its encoding, line-buffered
      Charset charset = Charset.defaultCharset();
      String encoding = System.getProperty("sun.stderr.encoding");
      try {
        if ("cp65001".equalsIgnoreCase(encoding)) {
          charset = java.nio.charset.StandardCharsets.UTF_8; // as picocli: Windows' UTF-8 code page
        } else if (encoding != null) {
          charset = Charset.forName(encoding);
        }
      } catch (RuntimeException unsupported) {
        // picocli falls back to the default charset too
      }
      PrintWriter err = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.err, charset)), true);
      return Esc.handle(e, run.options.verbose, err);
    }
    return code == null ? 0 : code; // picocli: a result that is not an Integer exits 0
  }
}

package io.esc4j.cli;

import io.esc4j.EscValue;
import io.esc4j.OpenEnvironment;
import io.esc4j.Variable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code esc run ENV [--] CMD ARGS...}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run CMD with the environment's variables and files.",
      "",
      "Opens ENV and runs CMD with its environmentVariables, and each entry of its files written to a"
          + " private temporary file (mode 0600) whose path is in the variable of that name. The files are"
          + " removed when CMD ends, also on Ctrl-C (CMD gets the signal and esc waits for it) and when esc"
          + " gets SIGTERM or SIGHUP (forwarded to CMD). CMD's exit code is esc's; stdin is passed through.",
      "",
      "Secret values in CMD's output print as [secret] unless -i is given. $${path} in ARGS is replaced"
          + " by that value of the environment. '--' before CMD is needed only when CMD's first argument"
          + " could be taken for an option of esc run."
    },
    footer = {
      "",
      "OIDC for aws-login: --oidc-token-file FILE, else $AWS_WEB_IDENTITY_TOKEN_FILE, else GitHub Actions"
          + " ($ACTIONS_ID_TOKEN_REQUEST_URL and $ACTIONS_ID_TOKEN_REQUEST_TOKEN), else a self-hosted"
          + " issuer ($ESC_OIDC_PRIVATE_KEY_FILE and $ESC_OIDC_ISSUER). The organization (org/project/env,"
          + " --org, $ESC_ORGANIZATION) sets the token audience aws:ORG. AWS endpoints: $AWS_ENDPOINT_URL"
          + " and per-service variants ($AWS_ENDPOINT_URL_STS, ...); STS region: $AWS_REGION.",
      "",
      "Examples:",
      "  esc run acme/myapp/dev -- aws s3 sync ./site s3://bucket/",
      "  esc run myapp/dev -- sh -c 'echo $APP_NAME; cat \"$APP_CONFIG\"'",
      "  esc run myapp/dev -- psql $${db.url}"
    })
final class RunCommand implements Callable<Integer> {
  @Mixin EnvOptions options;

  @Option(names = {"-i", "--interactive"}, description = "Give CMD the terminal: its output is not filtered for secrets.")
  boolean interactive;

  @Parameters(index = "0", paramLabel = "ENV", description = "The environment: project/env or org/project/env.")
  String env;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
  List<String> command;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    EnvOptions.Opening o = options.prepare(env);
    OpenEnvironment opened = o.builder().open(o.name());
    Thread cleanup = new Thread(opened::close, "esc-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      List<String> argv = new ArrayList<>();
      for (String a : command) {
        argv.add(interpolate(opened, a));
      }
      ProcessBuilder pb = new ProcessBuilder(argv);
      opened.applyTo(pb);
      pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
      Set<String> secrets = secrets(opened);
      if (interactive || secrets.isEmpty()) {
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
      if (!(interactive || secrets.isEmpty())) {
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
        out.add(v.toJson(io.esc4j.Redaction.REVEAL));
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
        java.util.Optional<EscValue> found;
        try {
          found = env.find(path);
        } catch (RuntimeException e) {
          found = java.util.Optional.empty();
        }
        if (found.isPresent()) {
          EscValue v = found.get();
          text = v instanceof EscValue.Str s ? s.value()
              : v instanceof EscValue.Arr || v instanceof EscValue.Obj ? v.toJson(io.esc4j.Redaction.REVEAL)
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

  static Map<String, Variable> variables(OpenEnvironment env) {
    return env.environmentVariables();
  }
}

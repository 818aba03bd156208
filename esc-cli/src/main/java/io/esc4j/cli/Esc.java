package io.esc4j.cli;

import io.esc4j.EnvironmentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code esc} command line: run commands with an environment, open, get and check
 * environments that live in a directory of the user's repository.
 *
 * <p>Exit codes: 0 success; for {@code run}, the child's exit code; 1 environment errors
 * (diagnostics printed); 2 usage errors.
 */
@Command(
    name = "esc",
    mixinStandardHelpOptions = true,
    versionProvider = Esc.Version.class,
    description = "Open ESC environments: configuration, secrets and short-lived cloud credentials.",
    // subcommands: added by commandLine(), in the order of SUBCOMMANDS, then 'help'
    footer = {
      "",
      "Environments are YAML files: ENV 'myapp/dev' is DIR/myapp/dev.yaml, where DIR is --dir (an"
          + " option of each command), else $ESC_ENVIRONMENTS_DIR, else the directory 'environments'."
          + " 'org/myapp/dev' also names the organization.",
      "",
      "Exit codes: 0 ok; run: the command's own; 1 environment errors; 2 usage errors."
    })
public final class Esc implements Runnable {
  /** Exit code for problems in environments. */
  public static final int ENVIRONMENT_ERROR = 1;
  /** Exit code for usage errors. */
  public static final int USAGE_ERROR = 2;

  /**
   * The subcommands by name, in the order of {@code esc --help}; {@code help} comes last. The names
   * are those of the classes' {@code @Command} annotations (HelpAndVersionTest checks that they agree).
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("run", RunCommand.class);
    m.put("open", OpenCommand.class);
    m.put("get", GetCommand.class);
    m.put("check", CheckCommand.class);
    m.put("env", EnvCommand.class);
    m.put("key", KeyCommand.class);
    m.put("testkit", TestkitCommand.class);
    m.put("__train-cds", TrainCdsCommand.class);
    m.put("version", VersionCommand.class);
    return m;
  }

  /** Creates the command. */
  public Esc() {}

  /**
   * Runs the CLI.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    // the AWS SDK logs through SLF4J; without a provider SLF4J would warn on stderr
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    RunCommand direct = DirectRun.parse(args);
    if (direct != null) {
      System.exit(DirectRun.execute(direct));
    }
    Preinit.start(args);
    System.exit(execute(args));
  }

  /**
   * Runs the CLI and returns the exit code instead of exiting.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int execute(String... args) {
    // 'esc run' in its usual forms parses without picocli (see DirectRun)
    RunCommand direct = DirectRun.parse(args);
    if (direct != null) {
      return DirectRun.execute(direct);
    }
    // picocli builds the model of every command it is given, by reflection, before it parses: a
    // third of a cold 'esc run'. When the first argument names a command, build the tree of that
    // one only and let it run when the arguments parse and ask for no help. Help, version, usage
    // errors and anything else go to the full tree, so their output and exit codes are the same.
    CommandLine one = args.length > 0 ? commandLine(args[0]) : null;
    if (one != null) {
      String[] a = runArguments(one, args);
      if (parsesWithoutHelp(one, a)) {
        return one.execute(a);
      }
    }
    CommandLine cl = commandLine();
    return cl.execute(runArguments(cl, args));
  }

  /**
   * Whether {@code args} parse without error and without a request for usage or version help.
   * Parsing only sets the commands' fields; nothing runs.
   */
  static boolean parsesWithoutHelp(CommandLine cl, String[] args) {
    try {
      for (CommandLine.ParseResult r = cl.parseArgs(args); r != null; r = r.subcommand()) {
        if (r.isUsageHelpRequested() || r.isVersionHelpRequested()) {
          return false;
        }
      }
      return true;
    } catch (CommandLine.ParameterException e) {
      return false;
    }
  }

  /**
   * Lets {@code esc run ENV CMD ARGS...} work without {@code --} (as in ESC): inserts {@code --}
   * before the first argument after ENV that is neither an option of {@code run} nor an option's
   * value, so that options of CMD ({@code aws s3 ls --region x}, {@code sh -c ...}) go to CMD.
   */
  static String[] runArguments(CommandLine cl, String[] args) {
    if (args.length < 2 || !args[0].equals("run")) {
      return args;
    }
    CommandLine.Model.CommandSpec run = cl.getSubcommands().get("run").getCommandSpec();
    boolean sawEnv = false;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        return args;
      }
      if (a.startsWith("-") && a.length() > 1) {
        if (a.startsWith("--")) {
          int eq = a.indexOf('=');
          CommandLine.Model.OptionSpec o = run.findOption(eq < 0 ? a : a.substring(0, eq));
          if (o == null) {
            return args; // picocli reports the unknown option
          }
          if (eq < 0 && o.arity().min() > 0) {
            i++;
          }
        } else {
          for (int k = 1; k < a.length(); k++) {
            CommandLine.Model.OptionSpec o = run.findOption("-" + a.charAt(k));
            if (o == null) {
              return args;
            }
            if (o.arity().min() > 0) {
              if (k == a.length() - 1) {
                i++;
              }
              break;
            }
          }
        }
        continue;
      }
      if (!sawEnv) {
        sawEnv = true;
        continue;
      }
      String[] out = new String[args.length + 1];
      System.arraycopy(args, 0, out, 0, i);
      out[i] = "--";
      System.arraycopy(args, i, out, i + 1, args.length - i);
      return out;
    }
    return args;
  }

  /**
   * The configured picocli command line with every command.
   *
   * @return the command line
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Esc());
    SUBCOMMANDS.values().forEach(cl::addSubcommand);
    cl.addSubcommand(CommandLine.HelpCommand.class);
    return configure(cl);
  }

  /**
   * The configured picocli command line with one command only: {@code esc NAME ...} parses and
   * runs as with {@link #commandLine()}, but only NAME's model is built.
   *
   * @param name a command name
   * @return the command line, or {@code null} when NAME is not a command ({@code help} is not one
   *     here: it needs every command)
   */
  static CommandLine commandLine(String name) {
    Class<?> command = SUBCOMMANDS.get(name);
    if (command == null) {
      return null;
    }
    CommandLine cl = new CommandLine(new Esc());
    cl.addSubcommand(command);
    return configure(cl);
  }

  /** Sets the exception handlers and exit codes of {@code cl} and its subcommands. */
  private static CommandLine configure(CommandLine cl) {
    // the ParseResult given is the top-level command's: --verbose is an option of the subcommand
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        handle(ex, cmd.getParseResult() != null && cmd.getParseResult().hasMatchedOption("--verbose"),
            cmd.getErr()));
    // '@file' arguments stay as they are: expanding them (picocli's default) would replace a
    // command's own arguments, as in 'esc run ENV -- curl -d @body.json URL'
    cl.setExpandAtFiles(false);
    cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE_ERROR : ENVIRONMENT_ERROR);
    return cl;
  }

  /**
   * Reports a failure of a command on {@code err}: diagnostics of an environment as they are
   * (naming their files), esc's own errors as one line, anything else by its message or type.
   *
   * @param ex what the command threw
   * @param verbose whether {@code --verbose} was given (stack traces)
   * @param err where to print
   * @return the exit code
   */
  static int handle(Exception ex, boolean verbose, PrintWriter err) {
    if (ex instanceof EnvironmentException ee) {
      err.println(EnvOptions.locate(ee.getMessage()));
    } else if (ex instanceof CliException ce) {
      err.println("esc: " + ce.getMessage());
      if (verbose && ce.getCause() != null) {
        ce.getCause().printStackTrace(err);
      }
      err.flush();
      return ce.exitCode();
    } else {
      boolean plain = ex instanceof java.io.IOException || ex instanceof UncheckedIOException
          || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException;
      err.println("esc: " + (plain && ex.getMessage() != null ? ex.getMessage()
          : ex.getClass().getSimpleName() + (verbose ? ": " + ex.getMessage() : "")));
      if (!verbose) {
        err.println("(run with --verbose for details)");
      }
    }
    if (verbose && !(ex instanceof CliException)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ENVIRONMENT_ERROR;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, open, get, check or version");
  }

  /** The version of esc4j, from the build. */
  static String version() {
    try (InputStream in = Esc.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"esc4j " + version() + " (Java " + System.getProperty("java.version") + ")"};
    }
  }

  /** {@code esc version}. */
  @Command(name = "version", description = "Print the version of esc4j.", mixinStandardHelpOptions = true)
  static final class VersionCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().println(new Version().getVersion()[0]);
    }
  }
}

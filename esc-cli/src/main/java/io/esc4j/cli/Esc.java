package io.esc4j.cli;

import io.esc4j.EnvironmentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    subcommands = {
      RunCommand.class,
      OpenCommand.class,
      GetCommand.class,
      CheckCommand.class,
      Esc.VersionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Environments are YAML files: ENV 'myapp/dev' is DIR/myapp/dev.yaml, where DIR is",
      "--dir (an option of each command), else $ESC_ENVIRONMENTS_DIR, else ./environments.",
      "'org/myapp/dev' also names the organization.",
      "Exit codes: 0 ok; run: the command's own; 1 environment errors; 2 usage errors."
    })
public final class Esc implements Runnable {
  /** Exit code for problems in environments. */
  public static final int ENVIRONMENT_ERROR = 1;
  /** Exit code for usage errors. */
  public static final int USAGE_ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Creates the command. */
  public Esc() {}

  /**
   * Runs the CLI.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the CLI and returns the exit code instead of exiting.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int execute(String... args) {
    CommandLine cl = commandLine();
    return cl.execute(args);
  }

  /**
   * The configured picocli command line.
   *
   * @return the command line
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Esc());
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
      boolean verbose = parseResult.hasMatchedOption("--verbose");
      PrintWriter err = cmd.getErr();
      if (ex instanceof EnvironmentException ee) {
        err.println(ee.getMessage());
      } else if (ex instanceof CliException ce) {
        err.println("esc: " + ce.getMessage());
        if (verbose && ce.getCause() != null) {
          ce.getCause().printStackTrace(err);
        }
        err.flush();
        return ce.exitCode();
      } else {
        err.println("esc: " + ex.getClass().getSimpleName() + (verbose ? ": " + ex.getMessage() : ""));
        if (!verbose) {
          err.println("(run with --verbose for details)");
        }
      }
      if (verbose && !(ex instanceof CliException)) {
        ex.printStackTrace(err);
      }
      err.flush();
      return ENVIRONMENT_ERROR;
    });
    cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE_ERROR : ENVIRONMENT_ERROR);
    return cl;
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

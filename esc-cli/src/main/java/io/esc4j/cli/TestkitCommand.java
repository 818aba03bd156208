package io.esc4j.cli;

import io.esc4j.OpenEnvironment;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.aws.SelfHostedIssuer;
import io.esc4j.testkit.LocalAwsServer;
import io.esc4j.testkit.RequestRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code esc testkit serve} and {@code esc testkit run}: esc-testkit's local AWS endpoint (STS,
 * Secrets Manager, SSM) with an OIDC issuer it trusts, so that {@code aws-login}, {@code
 * aws-secrets} and {@code aws-parameter-store} work without an AWS account.
 */
@Command(
    name = "testkit",
    mixinStandardHelpOptions = true,
    description = {
      "A local AWS endpoint for trying environments without an AWS account.",
      "",
      "Runs esc-testkit's LocalAwsServer (STS AssumeRoleWithWebIdentity, Secrets Manager, SSM Parameter"
          + " Store; it verifies web identity tokens and SigV4 signatures as AWS does) seeded from YAML"
          + " fixtures, with a throwaway OIDC issuer that it trusts."
    },
    subcommands = {TestkitCommand.Serve.class, TestkitCommand.Run.class, CommandLine.HelpCommand.class})
final class TestkitCommand implements Runnable {
  /** The default issuer URL of the throwaway OIDC issuer ({@code .invalid}: it is never fetched). */
  static final String DEFAULT_ISSUER = "https://oidc.testkit.esc4j.invalid";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: serve or run");
  }

  /** Options of both modes: what to seed the server with. */
  static final class ServerOptions {
    @Option(names = {"-f", "--fixture"}, paramLabel = "FILE",
        description = "A YAML fixture (roles, secrets, parameters, access keys); may be repeated.")
    List<Path> fixtures = new ArrayList<>();

    @Option(names = "--issuer", paramLabel = "URL",
        description = "The issuer URL (iss) of the throwaway OIDC issuer (default: " + DEFAULT_ISSUER + ").")
    String issuer = DEFAULT_ISSUER;

    @Option(names = "--port", paramLabel = "PORT", description = "The loopback port (default: a free one).")
    int port;

    /** A running server and the issuer it trusts. */
    record Started(LocalAwsServer server, SelfHostedIssuer issuer, java.security.KeyPair keys) {}

    Started start() {
      for (Path f : fixtures) {
        if (!Files.isRegularFile(f)) {
          throw new CliException("no fixture at " + f.toAbsolutePath(), Esc.USAGE_ERROR);
        }
      }
      java.security.KeyPair keys = SelfHostedIssuer.generateKeyPair();
      SelfHostedIssuer iss;
      try {
        iss = SelfHostedIssuer.builder().issuer(issuer).keyPair(keys).build();
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), Esc.USAGE_ERROR);
      }
      LocalAwsServer.Builder b = LocalAwsServer.builder().port(port);
      fixtures.forEach(b::fixture);
      LocalAwsServer server;
      try {
        server = b.start();
      } catch (UncheckedIOException e) {
        throw new CliException("cannot listen on 127.0.0.1:" + port + ": " + e.getCause().getMessage(),
            Esc.ENVIRONMENT_ERROR, e);
      } catch (IllegalArgumentException e) {
        throw new CliException("fixture: " + e.getMessage(), Esc.USAGE_ERROR, e);
      }
      server.oidcProvider(iss.issuer().toString(), iss.jwks());
      return new Started(server, iss, keys);
    }
  }

  /** {@code esc testkit serve}. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Run the local AWS endpoint in the foreground until Ctrl-C.",
        "",
        "Prints the variables that point esc (or any AWS SDK) at it: AWS_ENDPOINT_URL, and ESC_OIDC_ISSUER"
            + " with ESC_OIDC_PRIVATE_KEY_FILE, the throwaway issuer that aws-login's tokens are signed"
            + " with and the server trusts (its key file is deleted when the server stops). Requests are"
            + " logged on stderr."
      },
      footer = {
        "",
        "Example:",
        "  esc testkit serve --fixture examples/testkit.yaml --env-file /tmp/testkit.env",
        "  . /tmp/testkit.env; esc run --dir examples/environments acme/aws/demo -- env"
      })
  static final class Serve implements Callable<Integer> {
    @Mixin ServerOptions server;

    @Option(names = "--env-file", paramLabel = "FILE",
        description = "Also write the variables as 'export NAME=value' lines to FILE (for '. FILE').")
    Path envFile;

    @Option(names = {"-q", "--quiet"}, description = "Do not log requests.")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Path dir = Files.createTempDirectory("esc-testkit-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path key = dir.resolve("issuer.pem");
      ServerOptions.Started s;
      try {
        s = server.start();
      } catch (RuntimeException e) {
        delete(dir);
        throw e;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      RequestLog log = new RequestLog(s.server());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        s.server().close();
        if (!quiet) {
          log.flush();
        }
        delete(dir);
        if (envFile != null) {
          try {
            Files.deleteIfExists(envFile);
          } catch (IOException e) {
            // best effort
          }
        }
        System.err.println("esc testkit: stopped");
        stopped.countDown();
      }, "esc-testkit-stop"));
      SelfHostedIssuer.writePrivateKeyPem(s.keys(), key);

      Map<String, String> vars = new LinkedHashMap<>();
      vars.put("AWS_ENDPOINT_URL", s.server().endpoint().toString());
      vars.put("ESC_OIDC_ISSUER", s.issuer().issuer().toString());
      vars.put("ESC_OIDC_PRIVATE_KEY_FILE", key.toString());
      StringBuilder exports = new StringBuilder();
      vars.forEach((k, v) -> exports.append("export ").append(k).append('=').append(shellQuote(v)).append('\n'));
      if (envFile != null) {
        Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.writeString(tmp, exports, StandardCharsets.UTF_8);
        Files.move(tmp, envFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("# esc testkit: local AWS endpoint (STS, Secrets Manager, SSM) at " + s.server().endpoint());
      out.println("# aws-login tokens: signed by the throwaway issuer " + s.issuer().issuer()
          + " (key " + s.issuer().keyId() + "), which the server trusts");
      for (Path f : server.fixtures) {
        out.println("# fixture: " + f);
      }
      out.println("# in another shell" + (envFile != null ? " ('. " + envFile + "' does the same):" : ":"));
      out.print(exports);
      out.println("# then: esc run ORG/PROJECT/ENV -- CMD   (Ctrl-C here stops the server)");
      out.flush();

      if (!quiet) {
        Thread t = new Thread(() -> log.follow(stopped), "esc-testkit-log");
        t.setDaemon(true);
        t.start();
      }
      stopped.await();
      return 0;
    }
  }

  /** Prints each new request on stderr: time, action, status, outcome; never bodies or keys. */
  static final class RequestLog {
    private final LocalAwsServer server;
    private int seen;

    RequestLog(LocalAwsServer server) {
      this.server = server;
    }

    /** Prints new requests every 200 ms until {@code stopped}. */
    void follow(CountDownLatch stopped) {
      try {
        while (!stopped.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Prints the requests not printed yet. */
    synchronized void flush() {
      List<RequestRecord> all = server.requests();
      for (int i = seen; i < all.size(); i++) {
        RequestRecord r = all.get(i);
        System.err.println("esc testkit: " + r.time().truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " "
            + r.action() + " " + r.status() + " " + r.outcome()
            + (r.fault() == RequestRecord.Fault.NONE ? "" : " (injected " + r.fault() + ")"));
      }
      seen = all.size();
      System.err.flush();
    }
  }

  /** {@code esc testkit run}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Start the local AWS endpoint, run CMD with ENV opened against it (as esc run), then stop it.",
        "",
        "ENV's aws-login gets its OIDC token from the throwaway issuer and every AWS call of its providers goes"
            + " to the endpoint; CMD also gets AWS_ENDPOINT_URL (unless ENV sets it), so an AWS SDK or CLI in CMD"
            + " reaches the same endpoint. Secrets in CMD's output print as [secret] unless -i is given."
      },
      footer = {
        "",
        "Example:",
        "  esc testkit run --fixture examples/testkit.yaml --dir examples/environments acme/aws/demo --"
            + " sh examples/aws-demo.sh"
      })
  static final class Run extends ChildRun {
    @Mixin ServerOptions server;

    @Override
    public Integer call() throws Exception {
      EnvOptions.Opening o = options.prepare(env);
      ServerOptions.Started s = server.start();
      try {
        o.builder()
            .service(OidcTokenSource.class, s.issuer())
            .service(AwsClientSettings.class,
                AwsClientSettings.builder().endpoint(s.server().endpoint()).environment(Map.of()).build());
        try (OpenEnvironment opened = o.builder().open(o.name())) {
          return runChild(opened, Map.of("AWS_ENDPOINT_URL", s.server().endpoint().toString()), s.server()::close);
        }
      } finally {
        s.server().close();
      }
    }
  }

  private static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\"'\"'") + "'";
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          // best effort: the directory is private
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }
}

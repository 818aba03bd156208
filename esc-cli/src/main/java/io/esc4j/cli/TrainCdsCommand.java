package io.esc4j.cli;

import io.esc4j.OpenEnvironment;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.OidcTokenRequest;
import io.esc4j.aws.SelfHostedIssuer;
import io.esc4j.testkit.LocalAwsServer;
import io.esc4j.testkit.ParameterType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code esc __train-cds}, hidden: loads the classes of esc's common paths in one process, so that
 * bin/esc can dump them into its class-data-sharing archive ({@code -XX:ArchiveClassesAtExit} on
 * JDK 17/18, {@code -XX:+AutoCreateSharedArchive} on 19+) whatever the user's first command is.
 *
 * <p>It runs, in-process and against a private temporary directory: {@code esc run} (parsed as
 * users' runs are, by {@link DirectRun}), {@code open}, {@code get}, {@code check} and {@code env
 * get|set} of a local environment (imports, secrets, interpolation, JSON builtins, files), and
 * {@code esc run} of an environment with {@code aws-login}, {@code aws-secrets} and {@code
 * aws-parameter-store} with an OIDC token file and an {@code AWS_ENDPOINT_URL}, as a user's run
 * gets them, against esc-testkit's {@link LocalAwsServer} on the loopback interface in a child
 * JVM. CMD is {@code true}. Nothing reaches the network, nothing is printed, and failures are
 * ignored: a partial training only makes the archive smaller. Always exits 0.
 */
@Command(name = "__train-cds", hidden = true,
    description = "Load esc's classes for bin/esc's class-data-sharing archive (internal).")
final class TrainCdsCommand implements Callable<Integer> {
  private static final String REGION = "us-west-2";
  private static final String ROLE = "arn:aws:iam::123456789012:role/esc-train";
  private static final String ISSUER = "https://oidc.train.esc4j.invalid";

  @Option(names = "--aws-server", paramLabel = "DIR", hidden = true,
      description = "Serve the AWS training endpoint until stdin closes (the training's child JVM).")
  Path awsServer;

  @Override
  public Integer call() throws Exception {
    if (awsServer != null) {
      return serve(awsServer);
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("esc-train-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path envs = Files.createDirectories(dir.resolve("environments/train"));
      local(envs.getParent());
      aws(dir, envs.getParent());
    } catch (Exception | LinkageError e) {
      // best effort: the archive holds what was loaded so far
    } finally {
      delete(dir);
    }
    return 0;
  }

  /** The local path: the evaluator, picocli's commands, formats, a child process with redaction. */
  private static void local(Path envs) throws IOException {
    write(envs.resolve("train/base.yaml"), """
        values:
          app:
            name: train
            region: eu-west-1
          db:
            host: db.internal
            port: 5432
        """);
    write(envs.resolve("train/local.yaml"), """
        imports:
          - train/base
        values:
          db:
            user: train
            password:
              fn::secret: train-password
            url: postgres://${db.user}@${db.host}:${db.port}/${app.name}
          features:
            fn::fromJSON: '{"beta": true, "maxUsers": 50}'
          hosts: [a, b]
          environmentVariables:
            APP_NAME: ${app.name}
            DATABASE_URL: ${db.url}
            DATABASE_PASSWORD: ${db.password}
            FEATURES: ${features}
          files:
            APP_CONFIG:
              fn::toJSON:
                db: ${db.url}
                features: ${features}
        """);
    String dir = envs.toString();
    // as users run it: parsed by DirectRun, not picocli
    DirectRun.execute(DirectRun.parse(new String[] {"run", "--dir", dir, "train/local", "--", "true", "${app.name}"}));
    esc("open", "--dir", dir, "train/local");
    esc("get", "--dir", dir, "train/local", "db", "--format", "yaml");
    esc("get", "--dir", dir, "train/local", "--format", "dotenv");
    esc("check", "--dir", dir, "train/local");
    esc("check", "--dir", dir, "train/local", "--format", "json");
    esc("env", "get", "--dir", dir, "train/local", "db.url");
    esc("env", "set", "--dir", dir, "train/local", "app.port", "8080");
  }

  /**
   * The AWS path as a user's run takes it: aws-login with an OIDC token file, aws-secrets and
   * aws-parameter-store, the SDK clients, SigV4, HTTP. The server and the token's signing run in a
   * child JVM ({@code esc __train-cds --aws-server DIR}): their classes (esc-testkit, the JDK's HTTP
   * server, jjwt and jackson-databind, RSA key generation) would be a third of the archive, and
   * every start relocates all of it. When the child cannot start, they run in this process.
   */
  private static void aws(Path dir, Path envs) throws Exception {
    Path token = dir.resolve("token.jwt");
    Process child = null;
    String endpoint = null;
    try {
      child = new ProcessBuilder(childCommand(dir)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      endpoint = firstLine(child, Duration.ofSeconds(30));
    } catch (IOException e) {
      // no child JVM: the server runs here
    }
    try {
      if (endpoint != null) {
        awsRun(envs, token, endpoint);
      } else {
        try (LocalAwsServer server = server(token)) {
          awsRun(envs, token, server.endpoint().toString());
        }
      }
    } finally {
      if (child != null) {
        child.getOutputStream().close(); // the child serves until its stdin closes
        if (!child.waitFor(10, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      }
    }
  }

  /** {@code esc __train-cds --aws-server DIR} with this JVM's java and class path, no archive options. */
  private static List<String> childCommand(Path dir) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), Esc.class.getName(), "__train-cds", "--aws-server",
        dir.toString());
  }

  /** The child's first line of output (the endpoint), or null when it ends or takes too long. */
  private static String firstLine(Process child, Duration timeout) throws InterruptedException {
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        line.complete(new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
            .readLine());
      } catch (IOException e) {
        line.complete(null);
      }
    }, "esc-train-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      child.destroyForcibly();
      return null;
    }
  }

  /**
   * The child: starts the server with the training's secrets, parameters and issuer, writes an
   * OIDC token for it to {@code dir/token.jwt}, prints the endpoint and serves until stdin closes.
   */
  private static int serve(Path dir) throws Exception {
    try (LocalAwsServer server = server(dir.resolve("token.jwt"))) {
      System.out.println(server.endpoint());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until stdin closes
      }
    }
    return 0;
  }

  /** A server that trusts a new issuer, seeded for the training, and a token of that issuer in {@code token}. */
  private static LocalAwsServer server(Path token) throws Exception {
    SelfHostedIssuer issuer = SelfHostedIssuer.builder().issuer(ISSUER)
        .keyPair(SelfHostedIssuer.generateKeyPair()).tokenLifetime(Duration.ofMinutes(10)).build();
    LocalAwsServer server = LocalAwsServer.builder().acceptAnyRole().start();
    server.oidcProvider(ISSUER, issuer.jwks(), "aws:train");
    server.secret("train/db", "{\"user\":\"train\",\"password\":\"train-db-password\"}");
    server.secret("train/api-key", "train-api-key");
    server.parameter("/train/level", "debug");
    server.parameter("/train/signing-key", ParameterType.SECURE_STRING, "train-signing-key");
    write(token, issuer.mint(new OidcTokenRequest("train", "train", "train/aws", "train/aws", List.of())));
    return server;
  }

  /** {@code esc run --dir DIR --oidc-token-file FILE train/train/aws -- true} with AWS_ENDPOINT_URL set. */
  private static void awsRun(Path envs, Path token, String endpoint) throws Exception {
    write(envs.resolve("train/aws.yaml"), """
        values:
          aws:
            login:
              fn::open::aws-login:
                oidc:
                  roleArn: %s
                  sessionName: esc-train
                  duration: 1h
            secrets:
              fn::open::aws-secrets:
                region: %s
                login: ${aws.login}
                get:
                  db: {secretId: train/db}
                  apiKey: {secretId: train/api-key}
            params:
              fn::open::aws-parameter-store:
                region: %s
                login: ${aws.login}
                get:
                  level: {name: /train/level}
                  signingKey: {name: /train/signing-key, decrypt: true}
          db:
            fn::fromJSON: ${aws.secrets.db}
          environmentVariables:
            AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}
            AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}
            AWS_SESSION_TOKEN: ${aws.login.sessionToken}
            DB_PASSWORD: ${db.password}
            API_KEY: ${aws.secrets.apiKey}
            LOG_LEVEL: ${aws.params.level}
            SIGNING_KEY: ${aws.params.signingKey}
        """.formatted(ROLE, REGION, REGION));
    RunCommand run = DirectRun.parse(new String[] {"run", "--dir", envs.toString(), "--oidc-token-file",
        token.toString(), "train/train/aws", "--", "true"});
    EnvOptions.Opening o = run.options.prepare(run.env);
    o.builder().service(AwsClientSettings.class, AwsClientSettings.builder()
        .environment(Map.of("AWS_ENDPOINT_URL", endpoint, "AWS_REGION", REGION))
        .build());
    OpenEnvironment opened = o.builder().open(o.name());
    run.runChild(opened, Map.of(), () -> { });
  }

  /** Runs an esc command in this process, its output discarded. */
  private static void esc(String... args) {
    try {
      CommandLine cl = Esc.commandLine();
      PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
      cl.setOut(nowhere);
      cl.setErr(nowhere);
      cl.execute(Esc.runArguments(cl, args));
    } catch (RuntimeException e) {
      // best effort
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}

package io.esc4j.cli;

import io.esc4j.OpenEnvironment;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.OidcTokenRequest;
import io.esc4j.aws.SelfHostedIssuer;
import io.esc4j.testkit.LocalAwsServer;
import io.esc4j.testkit.ParameterType;
import java.io.IOException;
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
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code esc __train-cds}, hidden: loads the classes of esc's common paths in one process, so that
 * bin/esc can dump them into its class-data-sharing archive ({@code -XX:ArchiveClassesAtExit} on
 * JDK 17/18, {@code -XX:+AutoCreateSharedArchive} on 19+) whatever the user's first command is.
 *
 * <p>It runs, in-process and against a private temporary directory: {@code esc run}, {@code open},
 * {@code get}, {@code check} and {@code env get|set} of a local environment (imports, secrets,
 * interpolation, JSON builtins, files), and {@code esc run} of an environment with {@code
 * aws-login}, {@code aws-secrets} and {@code aws-parameter-store} against esc-testkit's {@link
 * LocalAwsServer} on the loopback interface (OIDC token from a file, endpoint from an
 * {@code AWS_ENDPOINT_URL} variable, as a user's run gets them). CMD is {@code true}. Nothing
 * reaches the network, nothing is printed, and failures are ignored: a partial training only
 * makes the archive smaller. Always exits 0.
 */
@Command(name = "__train-cds", hidden = true,
    description = "Load esc's classes for bin/esc's class-data-sharing archive (internal).")
final class TrainCdsCommand implements Callable<Integer> {
  private static final String REGION = "us-west-2";
  private static final String ROLE = "arn:aws:iam::123456789012:role/esc-train";
  private static final String ISSUER = "https://oidc.train.esc4j.invalid";

  @Override
  public Integer call() {
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
    esc("run", "--dir", dir, "train/local", "--", "true", "${app.name}");
    esc("open", "--dir", dir, "train/local");
    esc("get", "--dir", dir, "train/local", "db", "--format", "yaml");
    esc("get", "--dir", dir, "train/local", "--format", "dotenv");
    esc("check", "--dir", dir, "train/local");
    esc("check", "--dir", dir, "train/local", "--format", "json");
    esc("env", "get", "--dir", dir, "train/local", "db.url");
    esc("env", "set", "--dir", dir, "train/local", "app.port", "8080");
  }

  /** The AWS path: aws-login, aws-secrets and aws-parameter-store, the SDK clients, SigV4, HTTP. */
  private static void aws(Path dir, Path envs) throws Exception {
    SelfHostedIssuer issuer = SelfHostedIssuer.builder().issuer(ISSUER)
        .keyPair(SelfHostedIssuer.generateKeyPair()).tokenLifetime(Duration.ofMinutes(10)).build();
    try (LocalAwsServer server = LocalAwsServer.builder().acceptAnyRole().start()) {
      server.oidcProvider(ISSUER, issuer.jwks(), "aws:train");
      server.secret("train/db", "{\"user\":\"train\",\"password\":\"train-db-password\"}");
      server.secret("train/api-key", "train-api-key");
      server.parameter("/train/level", "debug");
      server.parameter("/train/signing-key", ParameterType.SECURE_STRING, "train-signing-key");
      Path token = dir.resolve("token.jwt");
      write(token, issuer.mint(new OidcTokenRequest("train", "train", "train/aws", "train/aws", List.of())));
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
      // as 'esc run --dir DIR --oidc-token-file FILE train/train/aws -- true' with AWS_ENDPOINT_URL set
      RunCommand run = new RunCommand();
      run.options = new EnvOptions();
      run.options.dir = envs;
      run.options.oidcTokenFile = token;
      run.env = "train/train/aws";
      run.command = List.of("true");
      EnvOptions.Opening o = run.options.prepare(run.env);
      o.builder().service(AwsClientSettings.class, AwsClientSettings.builder()
          .environment(Map.of("AWS_ENDPOINT_URL", server.endpoint().toString(), "AWS_REGION", REGION))
          .build());
      OpenEnvironment opened = o.builder().open(o.name());
      run.runChild(opened, Map.of(), () -> { });
    }
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

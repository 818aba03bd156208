package io.esc4j.bench;

import io.esc4j.aws.OidcTokenException;
import io.esc4j.aws.OidcTokenRequest;
import io.esc4j.aws.SelfHostedIssuer;
import io.esc4j.testkit.LocalAwsServer;
import io.esc4j.testkit.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * esc-testkit on its own, for {@code bin/esc} and other processes: starts a {@link LocalAwsServer}
 * trusting a self-hosted issuer, with the role {@link #ROLE} and {@link #SECRETS} secrets, writes a
 * token for {@code acme/bench/aws} (1 hour) and that environment under {@code DIR}, prints the
 * variables to use and serves until its standard input closes:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.esc4j.bench.LocalAwsMain /tmp/esc-aws [latency-ms]
 * # prints AWS_ENDPOINT_URL=http://127.0.0.1:PORT, then run, with those variables:
 * bin/esc run --dir /tmp/esc-aws/environments --oidc-token-file /tmp/esc-aws/token.jwt acme/bench/aws -- env
 * }</pre>
 */
public final class LocalAwsMain {
  static final String ISSUER_URL = "https://issuer.bench.example/esc";
  static final String ROLE = "arn:aws:iam::123456789012:role/bench-cli";
  static final String REGION = "us-west-2";
  static final int SECRETS = 3;

  private LocalAwsMain() {}

  /** A started server and the files written for it. */
  record Started(LocalAwsServer server, Path environments, Path token) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }

    /** The variables a process needs to reach the server. */
    List<String> variables() {
      return List.of("AWS_ENDPOINT_URL=" + server.endpoint(), "AWS_REGION=" + REGION,
          "AWS_DEFAULT_REGION=" + REGION,
          "ESC_BENCH_TOKEN_FILE=" + token);
    }
  }

  /**
   * Serves until standard input closes.
   *
   * @param args the directory to write into, optionally the latency in milliseconds
   * @throws IOException when the files cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: LocalAwsMain DIR [latency-ms]");
      System.exit(2);
    }
    try (Started s = start(Path.of(args[0]))) {
      if (args.length > 1) {
        Duration d = Duration.ofMillis(Long.parseLong(args[1]));
        for (Operation op : Operation.values()) {
          s.server().faults(op).latency(d);
        }
      }
      s.variables().forEach(System.out::println);
      System.out.println("ESC_BENCH_ENVIRONMENTS=" + s.environments());
      System.out.println("# esc run --dir " + s.environments() + " --oidc-token-file " + s.token()
          + " acme/bench/aws -- env");
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until stdin closes
      }
    }
  }

  /** Starts the server and writes {@code dir/token.jwt} and {@code dir/environments/bench/aws.yaml}. */
  static Started start(Path dir) {
    LocalAwsServer server = LocalAwsServer.builder().start();
    try {
      SelfHostedIssuer issuer = SelfHostedIssuer.builder().issuer(ISSUER_URL)
          .keyPair(SelfHostedIssuer.generateKeyPair()).tokenLifetime(Duration.ofHours(1)).build();
      server.oidcProvider(ISSUER_URL, issuer.jwks(), "aws:acme");
      server.role(ROLE).trustIssuer(ISSUER_URL).stringEquals("aud", "aws:acme")
          .stringEquals("sub", "pulumi:environments:org:acme:env:bench/aws");
      StringBuilder doc = new StringBuilder("values:\n  aws:\n    login:\n      fn::open::aws-login:\n"
          + "        oidc:\n          roleArn: " + ROLE + "\n          sessionName: esc-bench\n"
          + "          duration: 1h\n    secrets:\n      fn::open::aws-secrets:\n        region: " + REGION
          + "\n        login: ${aws.login}\n        get:\n");
      for (int i = 0; i < SECRETS; i++) {
        server.secret(secretId(i), "cli-secret-" + i);
        doc.append("          s").append(i).append(": {secretId: ").append(secretId(i)).append("}\n");
      }
      doc.append("  environmentVariables:\n    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}\n"
          + "    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}\n    AWS_SESSION_TOKEN: ${aws.login.sessionToken}\n");
      for (int i = 0; i < SECRETS; i++) {
        doc.append("    SECRET_").append(i).append(": ${aws.secrets.s").append(i).append("}\n");
      }
      Path envs = dir.resolve("environments");
      Files.createDirectories(envs.resolve("bench"));
      Files.writeString(envs.resolve("bench/aws.yaml"), doc.toString(), StandardCharsets.UTF_8);
      Path token = dir.resolve("token.jwt");
      Files.writeString(token, issuer.mint(new OidcTokenRequest("acme", "bench", "bench/aws", "bench/aws", List.of())),
          StandardCharsets.UTF_8);
      return new Started(server, envs, token);
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException(e);
    } catch (OidcTokenException | RuntimeException e) {
      server.close();
      throw new IllegalStateException(e);
    }
  }

  static String secretId(int i) {
    return "bench/cli-secret-" + i;
  }
}

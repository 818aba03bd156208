package io.esc4j.bench;

import io.esc4j.Environment;
import io.esc4j.EvalContext;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.OidcTokenException;
import io.esc4j.aws.OidcTokenRequest;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.aws.SelfHostedIssuer;
import io.esc4j.spi.EnvironmentStore;
import io.esc4j.testkit.LocalAwsServer;
import io.esc4j.testkit.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@link LocalAwsServer} seeded for the provider benchmarks: a self-hosted OIDC issuer it
 * trusts for audience {@code aws:acme}, the role {@link #ROLE}, {@code secrets} secrets {@code
 * bench/secret-i} and {@code parameters} parameters {@code /bench/param-i}, and the environment
 * {@code bench/aws} that logs in and reads all of them.
 */
final class AwsFixture implements AutoCloseable {
  static final String ISSUER_URL = "https://issuer.bench.example/esc";
  static final String ROLE = "arn:aws:iam::123456789012:role/bench";
  static final String REGION = "us-west-2";
  static final String ENV = "bench/aws";

  final LocalAwsServer server;
  final SelfHostedIssuer issuer;
  final int secrets;
  final int parameters;
  final String document;
  private final AwsClientSettings cached;
  private final AwsClientSettings uncached;

  AwsFixture(int secrets, int parameters) {
    this.secrets = secrets;
    this.parameters = parameters;
    server = LocalAwsServer.builder().start();
    issuer = SelfHostedIssuer.builder().issuer(ISSUER_URL).keyPair(SelfHostedIssuer.generateKeyPair()).build();
    server.oidcProvider(ISSUER_URL, issuer.jwks(), "aws:acme");
    server.role(ROLE).trustIssuer(ISSUER_URL).stringEquals("aud", "aws:acme")
        .stringLike("sub", "pulumi:environments:org:acme:env:*");
    for (int i = 0; i < secrets; i++) {
      server.secret(secretId(i), "secret-value-" + i);
    }
    for (int i = 0; i < parameters; i++) {
      server.parameter(parameterName(i), "param-value-" + i);
    }
    document = document(secrets, parameters);
    cached = settings(true);
    uncached = settings(false);
  }

  static String secretId(int i) {
    return "bench/secret-" + i;
  }

  static String parameterName(int i) {
    return "/bench/param-" + i;
  }

  static String document(int secrets, int parameters) {
    StringBuilder sb = new StringBuilder();
    sb.append("values:\n  aws:\n    login:\n      fn::open::aws-login:\n        oidc:\n")
        .append("          roleArn: ").append(ROLE).append('\n')
        .append("          sessionName: esc-bench\n          duration: 1h\n");
    if (secrets > 0) {
      sb.append("    secrets:\n      fn::open::aws-secrets:\n        region: ").append(REGION)
          .append("\n        login: ${aws.login}\n        get:\n");
      for (int i = 0; i < secrets; i++) {
        sb.append("          s").append(i).append(": {secretId: ").append(secretId(i)).append("}\n");
      }
    }
    if (parameters > 0) {
      sb.append("    params:\n      fn::open::aws-parameter-store:\n        region: ").append(REGION)
          .append("\n        login: ${aws.login}\n        get:\n");
      for (int i = 0; i < parameters; i++) {
        sb.append("          p").append(i).append(": {name: ").append(parameterName(i)).append("}\n");
      }
    }
    sb.append("  environmentVariables:\n    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}\n");
    return sb.toString();
  }

  /** Injected latency for every operation. */
  void latency(Duration d) {
    for (Operation op : Operation.values()) {
      if (d.isZero()) {
        server.faults(op).clear();
      } else {
        server.faults(op).latency(d);
      }
    }
  }

  /** A token as the issuer mints it for environment {@link #ENV} of org acme. */
  String token() {
    try {
      return issuer.token(new OidcTokenRequest("acme", "bench", ENV, ENV, List.of()));
    } catch (OidcTokenException e) {
      throw new IllegalStateException(e);
    }
  }

  AwsClientSettings settings(boolean loginCache) {
    return AwsClientSettings.builder().endpoint(server.endpoint()).environment(Map.of()).stsRegion(REGION)
        .loginCache(loginCache).build();
  }

  Environment.Builder builder(boolean loginCache) {
    return Environment.builder()
        .store(EnvironmentStore.inMemory(Map.of(ENV, document)))
        .service(OidcTokenSource.class, issuer)
        .service(AwsClientSettings.class, loginCache ? cached : uncached)
        .context(EvalContext.organization("acme").user("bench"));
  }

  @Override
  public void close() {
    server.close();
  }
}

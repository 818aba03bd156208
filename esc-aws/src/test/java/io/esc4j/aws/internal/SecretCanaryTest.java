package io.esc4j.aws.internal;

import static io.esc4j.aws.testing.V.obj;
import static io.esc4j.aws.testing.V.secret;
import static org.assertj.core.api.Assertions.assertThat;

import io.esc4j.Environment;
import io.esc4j.EnvironmentException;
import io.esc4j.EscValue;
import io.esc4j.EvalContext;
import io.esc4j.OpenEnvironment;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.EscAws;
import io.esc4j.aws.OidcTokenRequest;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.aws.SelfHostedIssuer;
import io.esc4j.aws.testing.CountingInterceptor;
import io.esc4j.aws.testing.MotoServer;
import io.esc4j.aws.testing.StubAws;
import io.esc4j.aws.testing.TestContext;
import io.esc4j.spi.EnvironmentStore;
import io.esc4j.spi.Provider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Plants secret values (keys, tokens, secret and parameter values, the OIDC token) and drives
 * every AWS error path: none may appear in an exception message, a fix, a cause chain or a
 * {@code toString()}.
 */
@ExtendWith(MotoServer.class)
class SecretCanaryTest {
  static final String SK = "CANARY-SECRET-ACCESS-KEY-1f3a";
  static final String TOKEN = "CANARY-SESSION-TOKEN-9b2c";
  static final String SM_VALUE = "CANARY-SM-VALUE-77aa";
  static final String SSM_VALUE = "CANARY-SSM-VALUE-55bb";
  static final EscValue LOGIN = obj("accessKeyId", secret("AKIACANARY"), "secretAccessKey", secret(SK),
      "sessionToken", secret(TOKEN));
  static final SelfHostedIssuer ISSUER = AwsLoginProviderTest.ISSUER;

  final List<String> texts = new ArrayList<>();
  final List<String> tokensSent = new ArrayList<>();

  @BeforeAll
  static void seed() {
    MotoServer.reset();
    try (SecretsManagerClient sm = MotoServer.secretsManager()) {
      sm.createSecret(b -> b.name("canary").secretString(SM_VALUE));
    }
    try (SsmClient ssm = MotoServer.ssm()) {
      ssm.putParameter(b -> b.name("/canary").value(SSM_VALUE).type(ParameterType.SECURE_STRING));
    }
  }

  private void record(Throwable t) {
    assertThat(t).as("an error was expected").isNotNull();
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    texts.add(w.toString());
    for (Throwable c = t; c != null; c = c.getCause()) {
      texts.add(String.valueOf(c.getMessage()));
      texts.add(c.toString());
      if (c instanceof io.esc4j.spi.ProviderException p) {
        texts.add(p.fix());
      }
    }
  }

  private void attempt(Provider p, EscValue.Obj inputs, TestContext ctx) {
    try {
      EscValue out = p.open(inputs, ctx);
      texts.add(out.toString());
      texts.add(out.toJson(io.esc4j.Redaction.REDACT));
    } catch (Exception e) {
      record(e);
    }
  }

  private static TestContext ctx(URI endpoint, CountingInterceptor counter) {
    AwsClientSettings.Builder b = AwsClientSettings.builder().endpoint(endpoint).environment(Map.of()).maxAttempts(1);
    if (counter != null) {
      b.addInterceptor(counter);
    }
    return TestContext.of().with(AwsClientSettings.class, b.build()).with(OidcTokenSource.class, ISSUER);
  }

  @Test
  void noSecretInAnyMessageOrToString() throws Exception {
    URI moto = MotoServer.endpoint();
    CountingInterceptor counter = new CountingInterceptor();
    AwsSecretsProvider secrets = new AwsSecretsProvider();
    AwsParameterStoreProvider params = new AwsParameterStoreProvider();
    AwsLoginProvider login = new AwsLoginProvider();

    // successful outputs print redacted
    attempt(login, obj("static", obj("accessKeyId", "AKIACANARY", "secretAccessKey", secret(SK),
        "sessionToken", secret(TOKEN))), ctx(moto, null));
    attempt(secrets, obj("region", "us-west-2", "login", LOGIN, "get", obj("c", obj("secretId", "canary"))),
        ctx(moto, null));
    attempt(params, obj("region", "us-west-2", "login", LOGIN, "get",
        obj("c", obj("name", "/canary", "decrypt", true))), ctx(moto, null));

    // missing entries next to present ones
    attempt(secrets, obj("region", "us-west-2", "login", LOGIN, "get", obj("c", obj("secretId", "canary"),
        "x", obj("secretId", "missing"), "y", obj("secretId", "canary", "versionStage", "NOPE"))), ctx(moto, null));
    attempt(params, obj("region", "us-west-2", "login", LOGIN, "get", obj("c", obj("name", "/canary",
        "decrypt", true), "x", obj("name", "/missing"), "y", obj("name", "/canary:42", "decrypt", true))),
        ctx(moto, null));

    // input errors with secrets among the inputs
    attempt(secrets, obj("region", "us-west-2", "login", obj("accessKeyId", 5, "secretAccessKey", secret(SK)),
        "get", obj()), ctx(moto, null));
    attempt(secrets, obj("region", "us-west-2", "login", LOGIN, "get", obj("c", secret(SM_VALUE))), ctx(moto, null));
    attempt(login, obj("static", obj("accessKeyId", "A", "secretAccessKey", secret(SK), "extra", secret(TOKEN))),
        ctx(moto, null));
    attempt(login, obj("oidc", obj("roleArn", AwsLoginProviderTest.ROLE, "sessionName", "s1", "duration", "99h")),
        ctx(moto, null));

    // service errors from a stub, for each service and code
    for (String[] c : new String[][] {{"AccessDeniedException", "400"}, {"ThrottlingException", "400"},
        {"InternalServiceError", "500"}, {"UnrecognizedClientException", "400"}}) {
      try (StubAws stub = StubAws.jsonError(Integer.parseInt(c[1]), c[0], "stub says no")) {
        attempt(secrets, obj("region", "us-west-2", "login", LOGIN, "get", obj("c", obj("secretId", "canary"),
            "v", obj("secretId", "canary", "versionId", "v1"))), ctx(stub.endpoint(), null));
        attempt(params, obj("region", "us-west-2", "login", LOGIN, "get", obj("c", obj("name", "/canary"))),
            ctx(stub.endpoint(), null));
      }
    }
    // STS errors: the OIDC token must not leak either
    for (String[] c : new String[][] {{"AccessDenied", "403", "Not authorized to perform sts:AssumeRoleWithWebIdentity"},
        {"InvalidIdentityToken", "400", "Incorrect token audience"},
        {"ValidationError", "400", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
        {"ExpiredTokenException", "400", "expired"}, {"IDPCommunicationError", "400", "unreachable"},
        {"IDPRejectedClaim", "403", "rejected"}, {"PackedPolicyTooLarge", "400", "too large"},
        {"RegionDisabledException", "403", "disabled"}, {"Throttling", "400", "Rate exceeded"}}) {
      try (StubAws stub = StubAws.stsError(Integer.parseInt(c[1]), c[0], c[2])) {
        attempt(login, obj("oidc", obj("roleArn", AwsLoginProviderTest.ROLE, "sessionName", "s1")),
            ctx(stub.endpoint(), null));
        tokensSent.add(java.net.URLDecoder.decode(stub.bodies().get(0).replaceAll(".*WebIdentityToken=([^&]*).*", "$1"),
            java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    // unreachable endpoint
    attempt(secrets, obj("region", "us-west-2", "login", LOGIN, "get", obj("c", obj("secretId", "canary"))),
        ctx(URI.create("http://127.0.0.1:1"), null));
    attempt(login, obj("oidc", obj("roleArn", AwsLoginProviderTest.ROLE, "sessionName", "s1")),
        ctx(URI.create("http://127.0.0.1:1"), counter));

    // through an environment: the rendered diagnostics
    String doc = String.join("\n",
        "values:",
        "  login:",
        "    fn::open::aws-login:",
        "      static:",
        "        accessKeyId: AKIACANARY",
        "        secretAccessKey:",
        "          fn::secret: " + SK,
        "  s:",
        "    fn::open::aws-secrets:",
        "      region: us-west-2",
        "      login: ${login}",
        "      get:",
        "        c: {secretId: canary}",
        "        x: {secretId: missing}",
        "");
    try {
      Environment.builder().store(EnvironmentStore.inMemory(Map.of("a/b", doc)))
          .service(AwsClientSettings.class, AwsClientSettings.builder().endpoint(moto).environment(Map.of()).build())
          .context(EvalContext.organization("acme")).open("a/b");
    } catch (EnvironmentException e) {
      record(e);
    }

    // renewal failure after expiry, and the public types' toString
    OpenEnvironment ok = Environment.builder().store(EnvironmentStore.inMemory(Map.of("a/c", doc.substring(0,
        doc.indexOf("  s:")))))
        .context(EvalContext.organization("acme")).open("a/c");
    texts.add(EscAws.credentials(ok, "login").toString());
    texts.add(new AwsLogin("AKIACANARY", SK, TOKEN, Instant.now()).toString());
    CredentialsRefresher r = new CredentialsRefresher(new AwsLogin("AKIACANARY", SK, TOKEN, Instant.EPOCH), () -> {
      throw new IllegalStateException("reopen failed");
    }, java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(1),
        java.time.Duration.ofSeconds(10), "environment \"a/c\", path \"login\"");
    try {
      r.resolve();
    } catch (RuntimeException e) {
      record(e);
    }
    texts.add(ISSUER.toString());
    texts.add(OidcTokenSource.ofToken(ISSUER.mint(new OidcTokenRequest("acme", "", "a/b", "a/b", List.of())))
        .toString());

    assertThat(tokensSent).hasSize(9).allSatisfy(t -> assertThat(t).startsWith("eyJ"));
    assertThat(texts).hasSizeGreaterThan(40);
    List<String> canaries = new ArrayList<>(List.of(SK, TOKEN, SM_VALUE, SSM_VALUE));
    canaries.addAll(tokensSent);
    for (String text : texts) {
      for (String canary : canaries) {
        assertThat(text).as("a message or toString").doesNotContain(canary);
      }
    }
  }
}

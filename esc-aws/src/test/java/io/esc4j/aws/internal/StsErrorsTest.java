package io.esc4j.aws.internal;

import static io.esc4j.aws.testing.V.arr;
import static io.esc4j.aws.testing.V.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.aws.testing.StubAws;
import io.esc4j.aws.testing.TestContext;
import io.esc4j.spi.ProviderException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The STS failures of seeds 002's troubleshooting part, against a stub STS (moto accepts every token). */
class StsErrorsTest {
  private static final String ROLE = AwsLoginProviderTest.ROLE;

  private ProviderException login(StubAws stub, String duration, boolean subjectAttributes) {
    AwsClientSettings settings = AwsClientSettings.builder().endpoint(stub.endpoint()).environment(Map.of())
        .maxAttempts(1).build();
    TestContext c = TestContext.of().with(AwsClientSettings.class, settings)
        .with(OidcTokenSource.class, AwsLoginProviderTest.ISSUER);
    var oidc = subjectAttributes
        ? obj("roleArn", ROLE, "sessionName", "pulumi-esc", "duration", duration,
            "subjectAttributes", arr("currentEnvironment.name", "pulumi.user.login"))
        : obj("roleArn", ROLE, "sessionName", "pulumi-esc", "duration", duration);
    return catchThrowableOfType(ProviderException.class,
        () -> new AwsLoginProvider().open(obj("oidc", oidc), c));
  }

  private static String tokenSent(StubAws stub) {
    String body = stub.bodies().get(0);
    for (String kv : body.split("&")) {
      if (kv.startsWith("WebIdentityToken=")) {
        return java.net.URLDecoder.decode(kv.substring(17), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no token in " + body);
  }

  @Test
  void trustPolicyDoesNotAllowThePrincipalOrAction() {
    try (StubAws stub = StubAws.stsError(403, "AccessDenied",
        "Not authorized to perform sts:AssumeRoleWithWebIdentity")) {
      ProviderException e = login(stub, "1h", false);
      assertThat(e.getMessage())
          .startsWith("aws-login: sts:AssumeRoleWithWebIdentity: AccessDenied: Not authorized to perform"
              + " sts:AssumeRoleWithWebIdentity (HTTP 403)")
          .contains("does not let the federated principal"
              + " arn:aws:iam::012345678912:oidc-provider/issuer.example.com/esc perform sts:AssumeRoleWithWebIdentity")
          .contains("Claims sent: iss=\"https://issuer.example.com/esc\", aud=\"aws:acme\","
              + " sub=\"pulumi:environments:org:acme:env:myapp/dev\"");
      assertThat(e.fix())
          .contains("\"Federated\": \"arn:aws:iam::012345678912:oidc-provider/issuer.example.com/esc\"")
          .contains("\"issuer.example.com/esc:aud\": \"aws:acme\"")
          .contains("\"issuer.example.com/esc:sub\": \"pulumi:environments:org:acme:env:myapp/dev\"");
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).doesNotContain(tokenSent(stub));
      assertThat(e.fix()).doesNotContain(tokenSent(stub));
    }
  }

  @Test
  void audOrSubMismatchShowsTheCustomizedClaimsSent() {
    try (StubAws stub = StubAws.stsError(403, "AccessDenied",
        "Not authorized to perform sts:AssumeRoleWithWebIdentity")) {
      ProviderException e = login(stub, "1h", true);
      assertThat(e.getMessage()).contains("sub=\"pulumi:environments:pulumi.organization.login:acme"
          + ":currentEnvironment.name:myapp/dev:pulumi.user.login:alice\"");
      assertThat(e.fix()).contains("subjectAttributes");
    }
    try (StubAws stub = StubAws.stsError(400, "InvalidIdentityToken", "Incorrect token audience")) {
      ProviderException e = login(stub, "1h", false);
      assertThat(e.getMessage()).startsWith("aws-login: sts:AssumeRoleWithWebIdentity: InvalidIdentityToken:"
          + " Incorrect token audience").contains("aud=\"aws:acme\"");
      assertThat(e.fix()).contains("add \"aws:acme\" to the audiences");
      assertThat(e.getMessage()).doesNotContain(tokenSent(stub));
    }
  }

  @Test
  void durationAboveTheRolesMaximum() {
    try (StubAws stub = StubAws.stsError(400, "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")) {
      ProviderException e = login(stub, "2h", false);
      assertThat(e.getMessage()).startsWith("aws-login: sts:AssumeRoleWithWebIdentity: ValidationError:"
          + " The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
          .contains("2h0m0s (7200 seconds) is above the role's maximum session duration");
      assertThat(e.fix()).contains("Maximum session duration").contains("lower oidc.duration");
    }
  }

  @Test
  void otherCodes() {
    try (StubAws stub = StubAws.stsError(400, "IDPCommunicationError", "could not reach the issuer")) {
      ProviderException e = login(stub, "1h", false);
      assertThat(e.retryable()).isTrue();
      assertThat(e.fix()).contains("/.well-known/openid-configuration");
    }
    try (StubAws stub = StubAws.stsError(400, "ExpiredTokenException", "Token is expired")) {
      assertThat(login(stub, "1h", false).fix()).contains("clock");
    }
    try (StubAws stub = StubAws.stsError(400, "Throttling", "Rate exceeded")) {
      ProviderException e = login(stub, "1h", false);
      assertThat(e.getMessage()).contains(": Throttling: Rate exceeded");
      assertThat(e.retryable()).isTrue();
    }
  }
}

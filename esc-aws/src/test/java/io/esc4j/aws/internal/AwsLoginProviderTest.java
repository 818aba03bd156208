package io.esc4j.aws.internal;

import static io.esc4j.aws.testing.V.arr;
import static io.esc4j.aws.testing.V.obj;
import static io.esc4j.aws.testing.V.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esc4j.EscValue;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.aws.SelfHostedIssuer;
import io.esc4j.aws.testing.CountingInterceptor;
import io.esc4j.aws.testing.MotoServer;
import io.esc4j.aws.testing.TestContext;
import io.esc4j.spi.ProviderException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;

@ExtendWith(MotoServer.class)
class AwsLoginProviderTest {
  static final String ROLE = "arn:aws:iam::012345678912:role/role-abcd123";
  static final SelfHostedIssuer ISSUER = SelfHostedIssuer.builder().issuer("https://issuer.example.com/esc")
      .keyPair(SelfHostedIssuer.generateKeyPair()).build();

  private final AwsLoginProvider provider = new AwsLoginProvider();
  private CountingInterceptor calls;
  private AwsClientSettings settings;

  @BeforeEach
  void settings() {
    calls = new CountingInterceptor();
    // these tests look at the STS requests themselves: every open must make one (LoginCache tests
    // in esc-testkit cover the cache)
    settings = AwsClientSettings.builder().endpoint(MotoServer.endpoint()).environment(Map.of())
        .addInterceptor(calls).loginCache(false).build();
  }

  private TestContext ctx() {
    return TestContext.of().with(AwsClientSettings.class, settings).with(OidcTokenSource.class, ISSUER);
  }

  @Test
  void seed002OidcExample() throws Exception {
    EscValue out = provider.open(
        obj("oidc", obj("duration", "1h", "roleArn", ROLE, "sessionName", "pulumi-esc")), ctx());
    EscValue.Obj o = (EscValue.Obj) out;
    assertThat(o.properties().keySet()).containsExactly("accessKeyId", "expiration", "secretAccessKey",
        "sessionToken");
    assertThat(o.properties().get("accessKeyId").secret()).isTrue();
    assertThat(o.properties().get("secretAccessKey").secret()).isTrue();
    assertThat(o.properties().get("sessionToken").secret()).isTrue();
    assertThat(((EscValue.Str) o.properties().get("accessKeyId")).value()).startsWith("ASIA");
    Instant exp = Instant.parse(((EscValue.Str) o.properties().get("expiration")).value());
    assertThat(exp).isAfter(Instant.now());
    assertThat(out.toString()).doesNotContain(((EscValue.Str) o.properties().get("secretAccessKey")).value());

    assertThat(calls.count("AssumeRoleWithWebIdentity")).isEqualTo(1);
    AssumeRoleWithWebIdentityRequest sent = (AssumeRoleWithWebIdentityRequest) calls.requests().get(0);
    assertThat(sent.roleArn()).isEqualTo(ROLE);
    assertThat(sent.roleSessionName()).isEqualTo("pulumi-esc");
    assertThat(sent.durationSeconds()).isEqualTo(3600);
    assertThat(sent.policyArns()).isEmpty();
    JwtClaims claims = JwtClaims.of(sent.webIdentityToken());
    assertThat(claims.audience()).isEqualTo("aws:acme");
    assertThat(claims.subject()).isEqualTo("pulumi:environments:org:acme:env:myapp/dev");
    assertThat(claims.issuer()).isEqualTo("https://issuer.example.com/esc");
  }

  @Test
  void seed002ScopingDownExample() throws Exception {
    provider.open(obj("oidc", obj("roleArn", ROLE, "sessionName", "pulumi-esc",
        "subjectAttributes", arr("currentEnvironment.name"),
        "policyArns", arr("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"))), ctx());
    AssumeRoleWithWebIdentityRequest sent = (AssumeRoleWithWebIdentityRequest) calls.requests().get(0);
    assertThat(sent.durationSeconds()).as("default 2h").isEqualTo(7200);
    assertThat(sent.policyArns()).extracting(p -> p.arn())
        .containsExactly("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
    assertThat(JwtClaims.of(sent.webIdentityToken()).subject()).isEqualTo(
        "pulumi:environments:pulumi.organization.login:acme:currentEnvironment.name:myapp/dev");
  }

  @Test
  void seed002StaticExample() throws Exception {
    EscValue out = provider.open(obj("static", obj("accessKeyId", "AKIAIOSFODNN7EXAMPLE",
        "secretAccessKey", secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))), ctx());
    assertThat(((EscValue.Obj) out).properties().keySet()).containsExactly("accessKeyId", "secretAccessKey");
    assertThat(((EscValue.Obj) out).properties().get("secretAccessKey").secret()).isTrue();
    assertThat(calls.total()).isZero();
    EscValue withToken = provider.open(obj("static", obj("accessKeyId", "AKIA", "secretAccessKey", "s",
        "sessionToken", "t")), ctx());
    assertThat(((EscValue.Obj) withToken).properties()).containsKey("sessionToken");
  }

  @Test
  void aPlatformTokenIsPassedThroughUnchanged() throws Exception {
    String jwt = ISSUER.mint(new io.esc4j.aws.OidcTokenRequest("other", "", "x/y", "x/y", List.of()));
    TestContext c = TestContext.of().with(AwsClientSettings.class, settings)
        .with(OidcTokenSource.class, OidcTokenSource.ofToken(jwt));
    provider.open(obj("oidc", obj("roleArn", ROLE, "sessionName", "s1")), c);
    assertThat(((AssumeRoleWithWebIdentityRequest) calls.requests().get(0)).webIdentityToken()).isEqualTo(jwt);
  }

  @Test
  void inputsAreCheckedBeforeAnyCall() {
    Object[][] cases = {
      {obj(), "give one of \"oidc\" or \"static\""},
      {obj("oidc", obj("roleArn", ROLE, "sessionName", "s1"), "static", obj("accessKeyId", "a",
          "secretAccessKey", "b")), "not both"},
      {obj("oidc", obj("roleArn", ROLE, "sessionName", "s1", "duration", "13h")),
          "\"oidc.duration\": \"13h\" is outside the range STS allows, 15m0s to 12h0m0s"},
      {obj("oidc", obj("roleArn", ROLE, "sessionName", "s1", "duration", "14m59s")), "15m0s to 12h0m0s"},
      {obj("oidc", obj("roleArn", ROLE, "sessionName", "s1", "duration", "an hour")), "is not a duration"},
      {obj("oidc", obj("roleArn", ROLE, "sessionName", "has space")), "\"oidc.sessionName\""},
      {obj("oidc", obj("roleArn", ROLE, "sessionName", "x")), "2 to 64 characters"},
      {obj("oidc", obj("roleArn", ROLE, "sessionName", "s".repeat(65))), "2 to 64 characters"},
      {obj("oidc", obj("roleArn", "role-abcd123", "sessionName", "s1")), "is not an IAM role ARN"},
      {obj("oidc", obj("sessionName", "s1")), "\"oidc.roleArn\": missing"},
      {obj("oidc", obj("roleArn", ROLE, "sessionName", "s1", "policyArns", arr(
          "arn:aws:iam::aws:policy/P1", "arn:aws:iam::aws:policy/P2", "arn:aws:iam::aws:policy/P3",
          "arn:aws:iam::aws:policy/P4", "arn:aws:iam::aws:policy/P5", "arn:aws:iam::aws:policy/P6",
          "arn:aws:iam::aws:policy/P7", "arn:aws:iam::aws:policy/P8", "arn:aws:iam::aws:policy/P9",
          "arn:aws:iam::aws:policy/P10", "arn:aws:iam::aws:policy/P11"))), "at most 10"},
      {obj("oidc", obj("roleArn", ROLE, "sessionName", "s1", "subjectAttributes", arr("pulumi.user.teams"))),
          "\"oidc.subjectAttributes[0]\": \"pulumi.user.teams\" is not a subject attribute"},
      {obj("oidc", obj("roleArn", ROLE, "sessionName", "s1", "roleName", "x")), "\"oidc.roleName\": unknown input"},
      {obj("static", obj("accessKeyId", "a")), "\"static.secretAccessKey\": missing"},
    };
    for (Object[] c : cases) {
      assertThatThrownBy(() -> provider.open((EscValue.Obj) c[0], ctx()))
          .as(c[0].toString()).isInstanceOf(ProviderException.class)
          .hasMessageStartingWith("aws-login: invalid input").hasMessageContaining((String) c[1]);
    }
    assertThat(calls.total()).as("no AWS call").isZero();
  }

  @Test
  void durationsInGoSyntax() throws Exception {
    for (Object[] c : new Object[][] {{"15m", 900}, {"1h30m", 5400}, {"12h", 43200}, {"1.5h", 5400},
        {"3600s", 3600}}) {
      provider.open(obj("oidc", obj("roleArn", ROLE, "sessionName", "s1", "duration", c[0])), ctx());
      List<?> reqs = calls.requests();
      assertThat(((AssumeRoleWithWebIdentityRequest) reqs.get(reqs.size() - 1)).durationSeconds())
          .as((String) c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void subjectAttributesWithAPlatformTokenIsAnInputError() {
    TestContext c = TestContext.of().with(AwsClientSettings.class, settings)
        .with(OidcTokenSource.class, OidcTokenSource.ofToken("eyJ.eyJ.sig"));
    assertThatThrownBy(() -> provider.open(obj("oidc", obj("roleArn", ROLE, "sessionName", "s1",
        "subjectAttributes", arr("currentEnvironment.name"))), c))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("\"oidc.subjectAttributes\": cannot be applied")
        .hasMessageContaining("explicit token supplier")
        .satisfies(e -> assertThat(((ProviderException) e).fix()).contains("SelfHostedIssuer"));
    assertThat(calls.total()).isZero();
  }

  @Test
  void noOrganizationForASelfHostedTokenIsClear() {
    TestContext c = TestContext.of("myapp/dev", "myapp/dev", "", "").with(AwsClientSettings.class, settings)
        .with(OidcTokenSource.class, ISSUER);
    assertThatThrownBy(() -> provider.open(obj("oidc", obj("roleArn", ROLE, "sessionName", "s1")), c))
        .hasMessageContaining("aws-login: getting the OIDC token:").hasMessageContaining("EvalContext.organization");
  }

  @Test
  void unreachableStsIsARetryableClientError() {
    AwsClientSettings dead = AwsClientSettings.builder().endpoint(java.net.URI.create("http://127.0.0.1:1"))
        .environment(Map.of()).maxAttempts(1).build();
    TestContext c = TestContext.of().with(AwsClientSettings.class, dead).with(OidcTokenSource.class, ISSUER);
    assertThatThrownBy(() -> provider.open(obj("oidc", obj("roleArn", ROLE, "sessionName", "s1")), c))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("aws-login: sts:AssumeRoleWithWebIdentity: ClientError:")
        .satisfies(e -> assertThat(((ProviderException) e).retryable()).isTrue());
  }
}

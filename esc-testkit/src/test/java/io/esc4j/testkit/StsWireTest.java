package io.esc4j.testkit;

import static io.esc4j.testkit.TestSupport.ROLE;
import static io.esc4j.testkit.TestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS AssumeRoleWithWebIdentity through the real SDK client: tokens, trust conditions, durations. */
class StsWireTest {
  static LocalAwsServer aws;
  static StsClient sts;

  @BeforeAll
  static void start() {
    aws = TestSupport.server(java.time.Clock.systemUTC());
    sts = TestSupport.sts(aws.endpoint());
  }

  @AfterAll
  static void stop() {
    sts.close();
    aws.close();
  }

  @BeforeEach
  void clean() {
    aws.clearRequests();
    aws.clearFaults();
  }

  private AssumeRoleWithWebIdentityResponse assume(String token, Integer duration) {
    return sts.assumeRoleWithWebIdentity(b -> b.roleArn(ROLE).roleSessionName("test-session")
        .webIdentityToken(token).durationSeconds(duration));
  }

  private StsException fails(String token, Integer duration) {
    return catchThrowableOfType(StsException.class, () -> assume(token, duration));
  }

  @Test
  void issuesCredentialsThatTheServerKnows() {
    Instant before = Instant.now();
    AssumeRoleWithWebIdentityResponse r = assume(TestSupport.goodToken(), 3600);
    assertThat(r.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
    assertThat(r.credentials().expiration()).isBetween(before.plusSeconds(3599), Instant.now().plusSeconds(3601));
    assertThat(r.subjectFromWebIdentityToken()).isEqualTo("pulumi:environments:org:acme:env:myapp/dev");
    assertThat(r.audience()).isEqualTo("aws:acme");
    assertThat(r.provider()).isEqualTo("issuer.example.com/esc");
    assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/app/test-session");
    assertThat(aws.credentials()).containsKey(r.credentials().accessKeyId());
    assertThat(aws.requests()).singleElement().satisfies(rec -> {
      assertThat(rec.operation()).isEqualTo(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY);
      assertThat(rec.outcome()).isEqualTo("OK");
      assertThat(rec.accessKeyId()).isNull();
    });
  }

  @Test
  void defaultDurationIsOneHour() {
    Instant before = Instant.now();
    AssumeRoleWithWebIdentityResponse r = assume(TestSupport.goodToken(), null);
    assertThat(r.credentials().expiration()).isBetween(before.plusSeconds(3599), Instant.now().plusSeconds(3601));
  }

  @Test
  void audienceConditionMismatchIsAccessDenied() {
    // the provider accepts aws:other, the role's condition does not
    aws.oidcProvider(TestSupport.ISSUER_URL, TestSupport.ISSUER.jwks(), "aws:acme", "aws:other");
    try {
      StsException e = fails(token("aws:other", "pulumi:environments:org:acme:env:myapp/dev", Instant.now(),
          Duration.ofMinutes(5)), 3600);
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    } finally {
      aws.oidcProvider(TestSupport.ISSUER_URL, TestSupport.ISSUER.jwks(), "aws:acme");
    }
  }

  @Test
  void subjectStringLikeMismatchIsAccessDenied() {
    StsException e = fails(token("aws:acme", "pulumi:environments:org:other:env:myapp/dev", Instant.now(),
        Duration.ofMinutes(5)), 3600);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    assertThat(aws.requests()).singleElement().extracting(RequestRecord::outcome).isEqualTo("AccessDenied");
  }

  @Test
  void stringEqualsOnSubjectAndWildcards() {
    String role = "arn:aws:iam::123456789012:role/exact";
    aws.role(role).stringEquals("issuer.example.com/esc:sub", "pulumi:environments:org:acme:env:a/b")
        .stringLike("aud", "aws:ac?e");
    String ok = token("aws:acme", "pulumi:environments:org:acme:env:a/b", Instant.now(), Duration.ofMinutes(5));
    assertThat(sts.assumeRoleWithWebIdentity(b -> b.roleArn(role).roleSessionName("s1").webIdentityToken(ok))
        .credentials()).isNotNull();
    String bad = token("aws:acme", "pulumi:environments:org:acme:env:a/b2", Instant.now(), Duration.ofMinutes(5));
    StsException e = catchThrowableOfType(StsException.class,
        () -> sts.assumeRoleWithWebIdentity(b -> b.roleArn(role).roleSessionName("s1").webIdentityToken(bad)));
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
  }

  @Test
  void unknownRoleIsAccessDenied() {
    StsException e = catchThrowableOfType(StsException.class, () -> sts.assumeRoleWithWebIdentity(b -> b
        .roleArn("arn:aws:iam::123456789012:role/nobody").roleSessionName("s1").webIdentityToken(
            TestSupport.goodToken())));
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
  }

  @Test
  void durationAboveTheRoleMaximum() {
    StsException e = fails(TestSupport.goodToken(), 7200);
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    aws.role(ROLE).maxSessionDuration(Duration.ofHours(2));
    try {
      assertThat(assume(TestSupport.goodToken(), 7200).credentials()).isNotNull();
    } finally {
      aws.role(ROLE).maxSessionDuration(Duration.ofHours(1));
    }
    assertThat(fails(TestSupport.goodToken(), 899).awsErrorDetails().errorMessage())
        .contains("'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
  }

  @Test
  void expiredTokenAndTokenNotYetValid() {
    String expired = token("aws:acme", "pulumi:environments:org:acme:env:myapp/dev",
        Instant.now().minus(Duration.ofMinutes(20)), Duration.ofMinutes(10));
    StsException e = fails(expired, 3600);
    assertThat(e).isInstanceOf(ExpiredTokenException.class);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Token expired: current date/time");

    String future = token("aws:acme", "pulumi:environments:org:acme:env:myapp/dev",
        Instant.now().plus(Duration.ofMinutes(20)), Duration.ofMinutes(10));
    assertThat(fails(future, 3600)).isInstanceOf(InvalidIdentityTokenException.class);
  }

  @Test
  void signatureIssuerAndAudienceOfTheToken() {
    // signed with another key under the issuer's kid
    String forged = token("aws:acme", "pulumi:environments:org:acme:env:myapp/dev", Instant.now(),
        Duration.ofMinutes(5), TestSupport.OTHER_KEYS.getPrivate(), TestSupport.ISSUER.keyId(), TestSupport.ISSUER_URL);
    StsException e = fails(forged, 3600);
    assertThat(e).isInstanceOf(InvalidIdentityTokenException.class);
    assertThat(e.awsErrorDetails().errorMessage()).contains("signature");

    String unknownIssuer = token("aws:acme", "x", Instant.now(), Duration.ofMinutes(5),
        TestSupport.KEYS.getPrivate(), TestSupport.ISSUER.keyId(), "https://elsewhere.example.com");
    assertThat(fails(unknownIssuer, 3600).awsErrorDetails().errorMessage())
        .isEqualTo("No OpenIDConnect provider found in your account for https://elsewhere.example.com");

    String wrongAudience = token("aws:nobody", "pulumi:environments:org:acme:env:myapp/dev", Instant.now(),
        Duration.ofMinutes(5));
    StsException a = fails(wrongAudience, 3600);
    assertThat(a.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken");
    assertThat(a.awsErrorDetails().errorMessage()).isEqualTo("Incorrect token audience");

    assertThat(fails("not.a.jwt", 3600)).isInstanceOf(InvalidIdentityTokenException.class);
  }

  @Test
  void requestValidation() {
    StsException e = catchThrowableOfType(StsException.class, () -> sts.assumeRoleWithWebIdentity(b -> b
        .roleArn(ROLE).roleSessionName("has space").webIdentityToken(TestSupport.goodToken())));
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    assertThat(e.awsErrorDetails().errorMessage()).contains("at 'roleSessionName' failed to satisfy constraint");
  }

  @Test
  void throttlingAndServerErrorsUseStsCodes() {
    aws.faults(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY).throttleAlways();
    StsException e = fails(TestSupport.goodToken(), 3600);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
    assertThat(aws.requests(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY)).hasSize(3) // RetryMode.STANDARD: 3 attempts
        .allSatisfy(r -> assertThat(r.fault()).isEqualTo(RequestRecord.Fault.THROTTLED));
    aws.faults(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY).clear().failFirst(1, 500);
    assertThat(assume(TestSupport.goodToken(), 3600).credentials()).isNotNull();
    assertThat(aws.requests(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY)).extracting(RequestRecord::outcome)
        .endsWith("InternalFailure", "OK");
  }
}

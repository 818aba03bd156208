package io.esc4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** YAML fixtures, and the fault kinds not covered elsewhere (fractions, random latency, slow bodies). */
class FixtureAndFaultsTest {
  @Test
  void fixtureSeedsEverySection() {
    String yaml = String.join("\n",
        "oidcProviders:",
        "  - issuer: " + TestSupport.ISSUER_URL,
        "    jwks: '" + TestSupport.ISSUER.jwks() + "'",
        "    audiences: [aws:acme]",
        "roles:",
        "  - arn: arn:aws:iam::123456789012:role/from-fixture",
        "    maxSessionDuration: 7200",
        "    stringEquals: {aud: aws:acme}",
        "    stringLike: {sub: 'pulumi:environments:org:acme:env:*'}",
        "accessKeys:",
        "  - {accessKeyId: AKIAFIXTURE000000001, secretAccessKey: fixture-secret}",
        "secrets:",
        "  api-key: my-api-key",
        "  rotated: [old, new]",
        "parameters:",
        "  /app/url: https://x",
        "  /app/pw: {type: SecureString, value: pw, labels: [stable]}",
        "");
    try (LocalAwsServer aws = LocalAwsServer.start().loadFixture(yaml);
        var sts = TestSupport.sts(aws.endpoint())) {
      assertThat(sts.assumeRoleWithWebIdentity(b -> b.roleArn("arn:aws:iam::123456789012:role/from-fixture")
          .roleSessionName("fx").webIdentityToken(TestSupport.goodToken()).durationSeconds(7200)).credentials())
          .isNotNull();
      IssuedCredentials key = aws.credentials().get("AKIAFIXTURE000000001");
      try (var sm = TestSupport.secretsManager(aws.endpoint(), TestSupport.sdk(key));
          var ssm = TestSupport.ssm(aws.endpoint(), TestSupport.sdk(key))) {
        assertThat(sm.getSecretValue(b -> b.secretId("rotated")).secretString()).isEqualTo("new");
        assertThat(sm.getSecretValue(b -> b.secretId("rotated").versionStage("AWSPREVIOUS")).secretString())
            .isEqualTo("old");
        assertThat(ssm.getParameter(b -> b.name("/app/pw:stable").withDecryption(true)).parameter().value())
            .isEqualTo("pw");
      }
    }
    assertThatThrownBy(() -> LocalAwsServer.start().loadFixture("bogus: 1"))
        .hasMessageContaining("unknown fixture section \"bogus\"");
  }

  @Test
  void fractionsAreRepeatableAndLatencyIsRecorded() {
    List<String> first = outcomes(42);
    assertThat(outcomes(42)).isEqualTo(first);
    assertThat(first).contains("ThrottlingException", "OK");
  }

  private static List<String> outcomes(long seed) {
    try (LocalAwsServer aws = LocalAwsServer.builder().seed(seed).start()) {
      IssuedCredentials c = aws.accessKey("AKIAFRACTION00000001", "s");
      aws.parameter("/p", "v");
      aws.faults(Operation.GET_PARAMETER).throttleFraction(0.5)
          .latency(Duration.ofMillis(1), Duration.ofMillis(5));
      try (SsmClient ssm = SsmClient.builder().region(Region.US_WEST_2).endpointOverride(aws.endpoint())
          .httpClient(TestSupport.HTTP).credentialsProvider(StaticCredentialsProvider.create(TestSupport.sdk(c)))
          .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
          .build()) {
        for (int i = 0; i < 20; i++) {
          try {
            ssm.getParameter(b -> b.name("/p"));
          } catch (RuntimeException e) {
            // counted in the log
          }
        }
      }
      assertThat(aws.requests()).allSatisfy(r -> assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(1)));
      return aws.requests().stream().map(RequestRecord::outcome).toList();
    }
  }

  @Test
  void latencyCountsFromArrivalAndAnswersAreStillChecked() {
    try (LocalAwsServer aws = LocalAwsServer.start()) {
      IssuedCredentials c = aws.accessKey("AKIALATENCY000000001", "s");
      aws.parameter("/p", "v");
      aws.faults(Operation.GET_PARAMETER).latency(Duration.ofMillis(50));
      try (SsmClient ok = TestSupport.ssm(aws.endpoint(), TestSupport.sdk(c));
          SsmClient wrong = TestSupport.ssm(aws.endpoint(),
              software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(c.accessKeyId(), "not-s"))) {
        assertThat(ok.getParameter(b -> b.name("/p")).parameter().value()).isEqualTo("v");
        assertThat(catchThrowableOfType(software.amazon.awssdk.services.ssm.model.SsmException.class,
            () -> wrong.getParameter(b -> b.name("/p"))).awsErrorDetails().errorCode())
            .isEqualTo("InvalidSignatureException");
      }
      // the answer is worked out while the latency runs, and never sent before it has passed
      assertThat(aws.requests(Operation.GET_PARAMETER)).hasSize(2)
          .allSatisfy(r -> assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(50)));
    }
  }

  @Test
  void aSlowBodyMeetsTheClientsReadTimeout() {
    try (LocalAwsServer aws = LocalAwsServer.start()) {
      IssuedCredentials c = aws.accessKey("AKIASLOW000000000001", "s");
      aws.parameter("/p", "v");
      aws.faults(Operation.GET_PARAMETER).slowBody(Duration.ofSeconds(20));
      // the url-connection client's socket (read) timeout bounds a late body; in this SDK version
      // apiCallAttemptTimeout alone did not interrupt the blocked read (each attempt took the full delay)
      try (var http = software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()
              .socketTimeout(Duration.ofSeconds(1)).build();
          SsmClient ssm = SsmClient.builder().region(Region.US_WEST_2).endpointOverride(aws.endpoint())
          .httpClient(http).credentialsProvider(StaticCredentialsProvider.create(TestSupport.sdk(c)))
          .overrideConfiguration(ClientOverrideConfiguration.builder()
              .retryStrategy(b -> b.maxAttempts(2)).build())
          .build()) {
        assertThat(catchThrowableOfType(SdkClientException.class, () -> ssm.getParameter(b -> b.name("/p"))))
            .isNotNull();
      }
      assertThat(aws.requests(Operation.GET_PARAMETER)).hasSize(2)
          .allSatisfy(r -> assertThat(r.fault()).isEqualTo(RequestRecord.Fault.SLOW_BODY));
    }
  }
}

package io.esc4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.esc4j.Environment;
import io.esc4j.EnvironmentException;
import io.esc4j.EvalContext;
import io.esc4j.EvalLimits;
import io.esc4j.OpenEnvironment;
import io.esc4j.Redaction;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.EscAws;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.aws.RefreshingCredentialsProvider;
import io.esc4j.aws.SelfHostedIssuer;
import io.esc4j.spi.EnvironmentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The real esc-aws providers, opened through {@link Environment#builder()}, against esc-testkit:
 * the security, trust, fault and renewal behaviour moto cannot show.
 */
class EscAwsThroughTestkitTest {
  private static final AtomicInteger ROLES = new AtomicInteger();

  private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.now());
  private LocalAwsServer aws;
  private String role;

  @BeforeEach
  void start() {
    aws = LocalAwsServer.builder().clock(clock).start();
    aws.oidcProvider(TestSupport.ISSUER_URL, TestSupport.ISSUER.jwks(), "aws:acme");
    role = "arn:aws:iam::123456789012:role/app-" + ROLES.incrementAndGet();
    aws.role(role).trustIssuer(TestSupport.ISSUER_URL).stringEquals("aud", "aws:acme")
        .stringLike("sub", "pulumi:environments:org:acme:env:myapp/*");
    aws.secret("api-key", "my-api-key");
    aws.secret("prod-db", "{\"user\":\"app\",\"password\":\"db-pw-123\"}");
    aws.parameter("/myapp/hosts", ParameterType.STRING_LIST, "a.example,b.example");
    aws.parameter("/myapp/url", "https://db.example");
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  static String doc(String roleArn, String duration) {
    return String.join("\n",
        "values:",
        "  aws:",
        "    login:",
        "      fn::open::aws-login:",
        "        oidc:",
        "          roleArn: " + roleArn,
        "          sessionName: esc-test",
        "          duration: " + duration,
        "    secrets:",
        "      fn::open::aws-secrets:",
        "        region: us-west-2",
        "        login: ${aws.login}",
        "        get:",
        "          api-key: {secretId: api-key}",
        "          db: {secretId: prod-db}",
        "    params:",
        "      fn::open::aws-parameter-store:",
        "        region: us-west-2",
        "        login: ${aws.login}",
        "        get:",
        "          hosts: {name: /myapp/hosts}",
        "          url: {name: /myapp/url}",
        "  db:",
        "    fn::fromJSON: ${aws.secrets.db}",
        "");
  }

  private Environment.Builder builder(String doc, OidcTokenSource tokens, EvalLimits limits) {
    return Environment.builder()
        .store(EnvironmentStore.inMemory(Map.of("myapp/dev", doc)))
        .service(OidcTokenSource.class, tokens)
        .service(AwsClientSettings.class, AwsClientSettings.builder().endpoint(aws.endpoint())
            .environment(Map.of()).maxAttempts(3).build())
        .context(EvalContext.organization("acme").user("alice"))
        .limits(limits);
  }

  private OpenEnvironment open(String doc) {
    return builder(doc, TestSupport.ISSUER, EvalLimits.defaults()).open("myapp/dev");
  }

  private EnvironmentException openFails(String doc) {
    return catchThrowableOfType(EnvironmentException.class, () -> open(doc));
  }

  @Test
  void loginSecretsAndParametersWithVerifiedTokensAndSignatures() {
    OpenEnvironment env = open(doc(role, "1h"));
    assertThat(env.getSecret("aws.secrets.api-key").reveal()).isEqualTo("my-api-key");
    assertThat(env.getSecret("db.password").reveal()).isEqualTo("db-pw-123");
    assertThat(env.get("aws.params.hosts").toJson(Redaction.REVEAL)).isEqualTo("[\"a.example\",\"b.example\"]");
    assertThat(env.getSecret("aws.login.accessKeyId").reveal()).startsWith("ASIA");

    String issued = env.getSecret("aws.login.accessKeyId").reveal();
    assertThat(aws.requests()).extracting(RequestRecord::operation).containsExactlyInAnyOrder(
        Operation.ASSUME_ROLE_WITH_WEB_IDENTITY, Operation.BATCH_GET_SECRET_VALUE, Operation.GET_PARAMETERS);
    assertThat(aws.requests()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("OK"));
    // every Secrets Manager and SSM request was signed with the credentials STS issued
    assertThat(aws.requests()).filteredOn(r -> r.operation() != Operation.ASSUME_ROLE_WITH_WEB_IDENTITY)
        .allSatisfy(r -> assertThat(r.accessKeyId()).isEqualTo(issued));
  }

  @Test
  void audienceMismatchGivesTheTrustPolicyError() {
    String other = "arn:aws:iam::123456789012:role/other-org";
    aws.role(other).stringEquals("aud", "aws:other-org");
    EnvironmentException e = openFails(doc(other, "1h"));
    assertThat(e.getMessage()).contains("aws-login").contains("AccessDenied")
        .contains("trust policy").contains("aws:acme").contains("pulumi:environments:org:acme:env:myapp/dev");
    assertThat(aws.requests(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY)).singleElement()
        .extracting(RequestRecord::outcome).isEqualTo("AccessDenied");
    // nothing was fetched without credentials
    assertThat(aws.requests(Operation.BATCH_GET_SECRET_VALUE)).isEmpty();
  }

  @Test
  void subjectMismatchGivesTheTrustPolicyError() {
    String prod = "arn:aws:iam::123456789012:role/prod-only";
    aws.role(prod).stringEquals("aud", "aws:acme").stringEquals("sub", "pulumi:environments:org:acme:env:myapp/prod");
    EnvironmentException e = openFails(doc(prod, "1h"));
    assertThat(e.getMessage()).contains("AccessDenied").contains("StringEquals")
        .contains("pulumi:environments:org:acme:env:myapp/dev");
  }

  @Test
  void durationAboveTheRoleMaximum() {
    EnvironmentException e = openFails(doc(role, "2h"));
    assertThat(e.getMessage()).contains("ValidationError").contains("MaxSessionDuration")
        .contains("7200 seconds").contains("max-session-duration");
    aws.role(role).maxSessionDuration(Duration.ofHours(2));
    assertThat(open(doc(role, "2h")).getSecret("aws.login.accessKeyId").reveal()).startsWith("ASIA");
  }

  @Test
  void throttlingIsRetried() {
    aws.faults(Operation.BATCH_GET_SECRET_VALUE).throttleFirst(2);
    OpenEnvironment env = open(doc(role, "1h"));
    assertThat(env.getSecret("aws.secrets.api-key").reveal()).isEqualTo("my-api-key");
    assertThat(aws.requests(Operation.BATCH_GET_SECRET_VALUE)).extracting(RequestRecord::outcome)
        .containsExactly("ThrottlingException", "ThrottlingException", "OK");
  }

  @Test
  void persistentThrottlingIsReportedWithTheAwsCode() {
    aws.faults(Operation.GET_PARAMETERS).throttleAlways();
    EnvironmentException e = openFails(doc(role, "1h"));
    assertThat(e.getMessage()).contains("aws-parameter-store").contains("ThrottlingException")
        .contains("Rate exceeded");
    assertThat(aws.requests(Operation.GET_PARAMETERS)).hasSize(3)
        .allSatisfy(r -> assertThat(r.fault()).isEqualTo(RequestRecord.Fault.THROTTLED));
  }

  @Test
  void serverErrorsAreBoundedByTheAttemptCount() {
    aws.faults(Operation.BATCH_GET_SECRET_VALUE).failAlways(500);
    EnvironmentException e = openFails(doc(role, "1h"));
    assertThat(e.getMessage()).contains("aws-secrets").contains("InternalServiceError");
    assertThat(aws.requests(Operation.BATCH_GET_SECRET_VALUE)).hasSize(3);
    assertThat(aws.requests(Operation.GET_SECRET_VALUE)).isEmpty(); // no fallback on a server error
  }

  @Test
  void droppedConnectionsAreRetried() {
    aws.faults(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY).dropFirst(1);
    aws.faults(Operation.GET_PARAMETERS).failFirst(1, 503);
    OpenEnvironment env = open(doc(role, "1h"));
    assertThat(env.getSecret("aws.login.accessKeyId").reveal()).startsWith("ASIA");
    assertThat(aws.requests(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY)).extracting(RequestRecord::outcome)
        .containsExactly("DROPPED", "OK");
    assertThat(aws.requests(Operation.GET_PARAMETERS)).extracting(RequestRecord::outcome)
        .containsExactly("ServiceUnavailable", "OK");
  }

  @Test
  void aHangingServiceIsBoundedByTheOpenDeadline() {
    aws.faults(Operation.GET_PARAMETERS).latency(Duration.ofMinutes(5));
    long t0 = System.nanoTime();
    EnvironmentException e = catchThrowableOfType(EnvironmentException.class,
        () -> builder(doc(role, "1h"), TestSupport.ISSUER, EvalLimits.defaults().withTimeout(Duration.ofSeconds(3)))
            .open("myapp/dev"));
    long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
    assertThat(e.getMessage()).contains("aws-parameter-store");
    assertThat(seconds).as("hang guard, not a speed test").isLessThan(120);
  }

  @Test
  void wrongSignaturesAreRejectedWithTheAwsCode() {
    aws.accessKey("AKIAEXAMPLESTATIC001", "the-right-secret");
    String doc = String.join("\n",
        "values:",
        "  aws:",
        "    login:",
        "      fn::open::aws-login:",
        "        static:",
        "          accessKeyId: AKIAEXAMPLESTATIC001",
        "          secretAccessKey: {fn::secret: a-wrong-secret}",
        "    secrets:",
        "      fn::open::aws-secrets:",
        "        region: us-west-2",
        "        login: ${aws.login}",
        "        get:",
        "          api-key: {secretId: api-key}",
        "");
    EnvironmentException e = openFails(doc);
    assertThat(e.getMessage()).contains("InvalidSignatureException").doesNotContain("a-wrong-secret");
    assertThat(open(doc.replace("a-wrong-secret", "the-right-secret")).getSecret("aws.secrets.api-key").reveal())
        .isEqualTo("my-api-key");
  }

  @Test
  void expiredCredentialsAreRenewedThroughEscAwsCredentials() {
    SelfHostedIssuer issuer = SelfHostedIssuer.builder().issuer(TestSupport.ISSUER_URL).keyPair(TestSupport.KEYS)
        .clock(clock).build();
    OpenEnvironment env = builder(doc(role, "1h"), issuer, EvalLimits.defaults()).open("myapp/dev");
    RefreshingCredentialsProvider creds = RefreshingCredentialsProvider.builder(env, "aws.login").clock(clock).build();
    String first = creds.resolveCredentials().accessKeyId();
    try (SecretsManagerClient sm = SecretsManagerClient.builder().region(software.amazon.awssdk.regions.Region.US_WEST_2)
        .endpointOverride(aws.endpoint()).httpClient(TestSupport.HTTP).credentialsProvider(creds).build();
        SecretsManagerClient stale = TestSupport.secretsManager(aws.endpoint(), creds.resolveCredentials())) {
      assertThat(sm.getSecretValue(b -> b.secretId("api-key")).secretString()).isEqualTo("my-api-key");

      clock.advance(Duration.ofMinutes(61)); // the session has expired at the server
      SecretsManagerException expired = catchThrowableOfType(SecretsManagerException.class,
          () -> stale.getSecretValue(b -> b.secretId("api-key")));
      assertThat(expired.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");

      assertThat(sm.getSecretValue(b -> b.secretId("api-key")).secretString()).isEqualTo("my-api-key");
      String second = creds.resolveCredentials().accessKeyId();
      assertThat(second).isNotEqualTo(first);
      assertThat(aws.requests(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY)).hasSize(2)
          .allSatisfy(r -> assertThat(r.outcome()).isEqualTo("OK"));
      assertThat(aws.requests(Operation.GET_SECRET_VALUE)).extracting(RequestRecord::outcome)
          .containsExactly("OK", "ExpiredTokenException", "OK");
    }
  }
}

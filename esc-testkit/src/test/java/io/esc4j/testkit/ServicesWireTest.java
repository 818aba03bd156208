package io.esc4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** Secrets Manager and SSM through the real SDK clients: shapes, errors and SigV4 verification. */
class ServicesWireTest {
  static final TestSupport.MutableClock CLOCK = new TestSupport.MutableClock(Instant.now());
  static LocalAwsServer aws;
  static IssuedCredentials creds;
  static SecretsManagerClient sm;
  static SsmClient ssm;

  @BeforeAll
  static void start() {
    aws = TestSupport.server(CLOCK);
    aws.secret("api-key", "my-api-key");
    aws.secret("prod-db", "{\"password\":\"old\"}");
    aws.secret("prod-db", "{\"password\":\"new\"}");
    aws.parameter("/myapp/url", "https://db.example");
    aws.parameter("/myapp/hosts", ParameterType.STRING_LIST, "a.example,b.example");
    aws.parameter("/myapp/password", ParameterType.SECURE_STRING, "pw-1");
    aws.parameter("/myapp/password", ParameterType.SECURE_STRING, "pw-2");
    aws.labelParameter("/myapp/password", 1, "stable");
    aws.parameter("/myapp/nested/deep", "deep-value");
    creds = aws.issueCredentials(TestSupport.ROLE, Duration.ofHours(1));
    sm = TestSupport.secretsManager(aws.endpoint(), TestSupport.sdk(creds));
    ssm = TestSupport.ssm(aws.endpoint(), TestSupport.sdk(creds));
  }

  @AfterAll
  static void stop() {
    sm.close();
    ssm.close();
    aws.close();
  }

  @Test
  void getSecretValueByNameArnAndStage() {
    GetSecretValueResponse r = sm.getSecretValue(b -> b.secretId("prod-db"));
    assertThat(r.secretString()).isEqualTo("{\"password\":\"new\"}");
    assertThat(r.versionStages()).containsExactly("AWSCURRENT");
    assertThat(r.arn()).startsWith("arn:aws:secretsmanager:us-west-2:123456789012:secret:prod-db-").hasSize(
        "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod-db-".length() + 6);
    assertThat(r.createdDate()).isNotNull();
    assertThat(sm.getSecretValue(b -> b.secretId(r.arn())).secretString()).isEqualTo(r.secretString());
    assertThat(sm.getSecretValue(b -> b.secretId("prod-db").versionStage("AWSPREVIOUS")).secretString())
        .isEqualTo("{\"password\":\"old\"}");
    assertThat(sm.getSecretValue(b -> b.secretId("prod-db").versionId(r.versionId())).secretString())
        .isEqualTo(r.secretString());

    ResourceNotFoundException e = catchThrowableOfType(ResourceNotFoundException.class,
        () -> sm.getSecretValue(b -> b.secretId("nope")));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Secrets Manager can't find the specified secret.");
  }

  @Test
  void batchGetSecretValueReportsMissingSecretsInErrors() {
    BatchGetSecretValueResponse r = sm.batchGetSecretValue(b -> b.secretIdList("api-key", "nope", "prod-db"));
    assertThat(r.secretValues()).extracting(v -> v.name() + "=" + v.secretString())
        .containsExactly("api-key=my-api-key", "prod-db={\"password\":\"new\"}");
    assertThat(r.errors()).singleElement().satisfies(err -> {
      assertThat(err.secretId()).isEqualTo("nope");
      assertThat(err.errorCode()).isEqualTo("ResourceNotFoundException");
    });
    SecretsManagerException tooMany = catchThrowableOfType(SecretsManagerException.class,
        () -> sm.batchGetSecretValue(b -> b.secretIdList(java.util.Collections.nCopies(21, "api-key"))));
    assertThat(tooMany.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    BatchGetSecretValueResponse filtered = sm.batchGetSecretValue(b -> b.filters(f -> f.key("name").values("prod")));
    assertThat(filtered.secretValues()).extracting(v -> v.name()).containsExactly("prod-db");
  }

  @Test
  void ssmShapes() {
    Parameter url = ssm.getParameter(b -> b.name("/myapp/url")).parameter();
    assertThat(url.value()).isEqualTo("https://db.example");
    assertThat(url.typeAsString()).isEqualTo("String");
    assertThat(url.version()).isEqualTo(1L);
    assertThat(url.arn()).isEqualTo("arn:aws:ssm:us-west-2:123456789012:parameter/myapp/url");
    assertThat(ssm.getParameter(b -> b.name("/myapp/password").withDecryption(true)).parameter().value())
        .isEqualTo("pw-2");
    assertThat(ssm.getParameter(b -> b.name("/myapp/password")).parameter().value()).isNotEqualTo("pw-2")
        .doesNotContain("pw-2");
    Parameter stable = ssm.getParameter(b -> b.name("/myapp/password:stable").withDecryption(true)).parameter();
    assertThat(stable.value()).isEqualTo("pw-1");
    assertThat(stable.selector()).isEqualTo(":stable");
    assertThat(ssm.getParameter(b -> b.name("/myapp/password:1").withDecryption(true)).parameter().value())
        .isEqualTo("pw-1");
    assertThat(catchThrowableOfType(ParameterNotFoundException.class, () -> ssm.getParameter(b -> b.name("/nope"))))
        .isNotNull();
    assertThat(catchThrowableOfType(ParameterVersionNotFoundException.class,
        () -> ssm.getParameter(b -> b.name("/myapp/url:7")))).isNotNull();

    GetParametersResponse many = ssm.getParameters(b -> b.names("/myapp/url", "/nope", "/myapp/hosts",
        "/myapp/password:stable").withDecryption(true));
    assertThat(many.parameters()).extracting(Parameter::name)
        .containsExactly("/myapp/hosts", "/myapp/password", "/myapp/url");
    assertThat(many.parameters().get(0).value()).isEqualTo("a.example,b.example");
    assertThat(many.invalidParameters()).containsExactly("/nope");
    SsmException tooMany = catchThrowableOfType(SsmException.class,
        () -> ssm.getParameters(b -> b.names(java.util.Collections.nCopies(11, "/myapp/url"))));
    assertThat(tooMany.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
  }

  @Test
  void parametersByPathPagesAndRecursion() {
    GetParametersByPathResponse flat = ssm.getParametersByPath(b -> b.path("/myapp"));
    assertThat(flat.parameters()).extracting(Parameter::name)
        .containsExactly("/myapp/hosts", "/myapp/password", "/myapp/url");
    List<String> all = ssm.getParametersByPathPaginator(b -> b.path("/myapp/").recursive(true).maxResults(2))
        .stream().flatMap(page -> page.parameters().stream()).map(Parameter::name).toList();
    assertThat(all).containsExactly("/myapp/hosts", "/myapp/nested/deep", "/myapp/password", "/myapp/url");
    assertThat(catchThrowableOfType(SsmException.class, () -> ssm.getParametersByPath(b -> b.path("myapp")))
        .awsErrorDetails().errorCode()).isEqualTo("ValidationException");
  }

  @Test
  void signaturesAreVerified() {
    // a wrong secret key
    try (SecretsManagerClient wrong = TestSupport.secretsManager(aws.endpoint(),
        AwsSessionCredentials.create(creds.accessKeyId(), creds.secretAccessKey() + "x", creds.sessionToken()))) {
      SecretsManagerException e = catchThrowableOfType(SecretsManagerException.class,
          () -> wrong.getSecretValue(b -> b.secretId("api-key")));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
      assertThat(e.statusCode()).isEqualTo(400);
    }
    // an unknown access key
    try (SsmClient unknown = TestSupport.ssm(aws.endpoint(), AwsBasicCredentials.create("AKIAUNKNOWN000000000", "x"))) {
      SsmException e = catchThrowableOfType(SsmException.class, () -> unknown.getParameter(b -> b.name("/myapp/url")));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
    }
    // a session key without its session token
    try (SsmClient noToken = TestSupport.ssm(aws.endpoint(),
        AwsBasicCredentials.create(creds.accessKeyId(), creds.secretAccessKey()))) {
      assertThat(catchThrowableOfType(SsmException.class, () -> noToken.getParameter(b -> b.name("/myapp/url")))
          .awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
    }
    // no signature at all
    try (SsmClient anonymous = SsmClient.builder().region(Region.US_WEST_2).endpointOverride(aws.endpoint())
        .httpClient(TestSupport.HTTP).credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
      assertThat(catchThrowableOfType(SsmException.class, () -> anonymous.getParameter(b -> b.name("/myapp/url")))
          .awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationTokenException");
    }
    // long-term keys work without a token
    IssuedCredentials user = aws.accessKey("AKIAEXAMPLEUSER00001", "user-secret");
    try (SsmClient ok = TestSupport.ssm(aws.endpoint(), TestSupport.sdk(user))) {
      assertThat(ok.getParameter(b -> b.name("/myapp/url")).parameter().value()).isEqualTo("https://db.example");
    }
    assertThat(aws.requests()).filteredOn(r -> "InvalidSignatureException".equals(r.errorCode())).isNotEmpty();
  }

  @Test
  void expiredSessionCredentials() {
    IssuedCredentials shortLived = aws.issueCredentials(TestSupport.ROLE, Duration.ofMinutes(15));
    try (SecretsManagerClient c = TestSupport.secretsManager(aws.endpoint(), TestSupport.sdk(shortLived))) {
      assertThat(c.getSecretValue(b -> b.secretId("api-key")).secretString()).isEqualTo("my-api-key");
      CLOCK.advance(Duration.ofMinutes(16));
      try {
        SecretsManagerException e = catchThrowableOfType(SecretsManagerException.class,
            () -> c.getSecretValue(b -> b.secretId("api-key")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is expired");
      } finally {
        CLOCK.advance(Duration.ofMinutes(-16));
      }
    }
  }
}

package io.esc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.esc4j.aws.testing.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' environment (aws-login with OIDC feeding AWS_ACCESS_KEY_ID and friends) opened by a
 * full {@code esc run} against {@code moto_server}, which accepts any web identity token. Fails,
 * not skips, when moto_server is missing (as the esc-aws tests do).
 */
class AwsOidcRunTest {
  static final String ROLE = "arn:aws:iam::123456789012:role/esc-oidc";
  static URI endpoint;
  static Path motoLog;

  @TempDir Path dir;
  Path token;

  @BeforeAll
  static void startMoto() {
    // the shared fixture of esc-aws's tests: fails, not skips, when moto_server is missing
    endpoint = MotoServer.endpoint();
    motoLog = MotoServer.log();
  }

  @BeforeEach
  void seedEnvironment() throws Exception {
    // seed 000/001/003: the environment of "esc run <org>/<env> -- aws ..."
    Cli.write(dir, "aws-prod/env",
        "values:",
        "  aws:",
        "    login:",
        "      fn::open::aws-login:",
        "        oidc:",
        "          duration: 1h",
        "          roleArn: " + ROLE,
        "          sessionName: pulumi-environments-session",
        "  environmentVariables:",
        "    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}",
        "    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}",
        "    AWS_SESSION_TOKEN: ${aws.login.sessionToken}");
    token = dir.resolve("token.jwt");
    Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwdWx1bWk6ZW52aXJvbm1lbnRzIn0.c2ln");
  }

  private Map<String, String> awsEnv() {
    return Cli.env("AWS_ENDPOINT_URL", endpoint.toString(), "AWS_REGION", "us-east-1",
        "AWS_DEFAULT_REGION", "us-east-1", "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
  }

  private long stsCalls() throws IOException {
    return Files.readAllLines(motoLog).stream().filter(l -> l.contains("\"POST / ")).count();
  }

  @Test
  void credentialsReachTheChildAndPrintAsSecret() throws Exception {
    long before = stsCalls();
    Cli.Result r = Cli.run(awsEnv(), null, "run", "--dir", dir.toString(), "--oidc-token-file", token.toString(),
        "acme/aws-prod/env", "--", "sh", "-c",
        "echo \"id=$AWS_ACCESS_KEY_ID\"; echo \"key=$AWS_SECRET_ACCESS_KEY\"; echo \"session=$AWS_SESSION_TOKEN\";"
            + " echo \"lengths=${#AWS_ACCESS_KEY_ID},${#AWS_SECRET_ACCESS_KEY}\"; echo \"prefix=$(printf %.4s \"$AWS_ACCESS_KEY_ID\")\"")
        .assertCode(0);
    assertThat(r.out()).contains("id=[secret]\n", "key=[secret]\n", "session=[secret]\n", "lengths=20,40\n");
    // moto's temporary credentials start with ASIA (as AWS's do)
    assertThat(RunCommandTest.line(r.out(), "prefix=")).isEqualTo("ASIA");
    assertThat(r.err()).doesNotContain("SLF4J");
    assertThat(stsCalls()).as("AssumeRoleWithWebIdentity reached moto").isGreaterThan(before);
  }

  @Test
  void seedCommandLineAwsStsGetCallerIdentity() throws Exception {
    assumeThat(onPath("aws")).as("the aws CLI is on the PATH").isTrue();
    // esc run <org>/<project>/<env> -- aws sts get-caller-identity (seed 003), without '--' as in seed 004
    Cli.Result r = Cli.run(awsEnv(), null, "run", "--dir", dir.toString(), "--oidc-token-file", token.toString(),
        "acme/aws-prod/env", "aws", "sts", "get-caller-identity", "--output", "json").assertCode(0);
    assertThat(r.out()).contains("assumed-role/esc-oidc/pulumi-environments-session").contains("123456789012");
  }

  @Test
  void aFailingLoginIsAnEnvironmentErrorWithThePosition() {
    Cli.Result r = Cli.run(Cli.env("AWS_ENDPOINT_URL", "http://127.0.0.1:9", "AWS_REGION", "us-east-1"), null,
        "run", "--dir", dir.toString(), "--oidc-token-file", dir.resolve("missing.jwt").toString(),
        "acme/aws-prod/env", "--", "sh", "-c", "echo never").assertCode(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(dir.resolve("aws-prod/env.yaml") + ":").doesNotContain("\tat ");
  }

  private static boolean onPath(String cmd) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, cmd))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void valuesEncryptedWithAwsKmsAreDecryptedWithNoConfiguration() throws Exception {
    software.amazon.awssdk.services.kms.KmsClient kms = software.amazon.awssdk.services.kms.KmsClient.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .endpointOverride(endpoint)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder().build())
        .build();
    String arn = kms.createKey().keyMetadata().arn();
    byte[] payload = io.esc4j.aws.KmsKeyring.builder().client(kms).keyId(arn).build()
        .encrypt("kms-canary-7d1e".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Cli.write(dir, "kms/env",
        "values:",
        "  password: {fn::secret: {ciphertext: " + io.esc4j.internal.eval.Envelope.encode(payload) + "}}",
        "  environmentVariables:",
        "    PASSWORD: ${password}");
    Map<String, String> env = Cli.env("AWS_ENDPOINT_URL", endpoint.toString(), "AWS_ACCESS_KEY_ID", "test",
        "AWS_SECRET_ACCESS_KEY", "test", "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Cli.Result open = Cli.run(env, null, "open", "--dir", dir.toString(), "kms/env", "password", "-f", "string")
        .assertCode(0);
    assertThat(open.out().trim()).isEqualTo("kms-canary-7d1e");
    Cli.Result run = Cli.run(env, null, "run", "--dir", dir.toString(), "kms/env", "--", "sh", "-c",
        "echo \"pw=$PASSWORD\"; echo \"len=${#PASSWORD}\"").assertCode(0);
    assertThat(run.out()).contains("pw=[secret]\n", "len=15\n").doesNotContain("kms-canary-7d1e");
    Cli.Result check = Cli.run(env, null, "check", "--dir", dir.toString(), "kms/env").assertCode(0);
    assertThat(check.out() + check.err()).doesNotContain("kms-canary-7d1e");
  }
}

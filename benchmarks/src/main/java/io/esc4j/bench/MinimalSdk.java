package io.esc4j.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Figure 4's comparison: the smallest AWS SDK v2 program making the calls {@code esc run} makes
 * for {@link LocalAwsMain}'s environment ({@code AssumeRoleWithWebIdentity}, then one {@code
 * BatchGetSecretValue}), with explicit region, endpoint and credentials (no default chains) and
 * the JDK HTTP client, as esc-aws builds its clients. Reads {@code AWS_ENDPOINT_URL} and {@code
 * ESC_BENCH_TOKEN_FILE}; prints the number of secrets read.
 */
public final class MinimalSdk {
  private MinimalSdk() {}

  /**
   * Logs in and reads the secrets.
   *
   * @param args unused
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(System.getenv("AWS_ENDPOINT_URL"));
    String token = Files.readString(Path.of(System.getenv("ESC_BENCH_TOKEN_FILE"))).trim();
    Region region = Region.of(LocalAwsMain.REGION);
    try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
      Credentials c;
      try (StsClient sts = StsClient.builder().region(region).endpointOverride(endpoint).httpClient(http)
          .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
        c = sts.assumeRoleWithWebIdentity(r -> r.roleArn(LocalAwsMain.ROLE).roleSessionName("esc-bench")
            .webIdentityToken(token).durationSeconds(3600)).credentials();
      }
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < LocalAwsMain.SECRETS; i++) {
        ids.add(LocalAwsMain.secretId(i));
      }
      try (SecretsManagerClient sm = SecretsManagerClient.builder().region(region).endpointOverride(endpoint)
          .httpClient(http).credentialsProvider(StaticCredentialsProvider.create(
              AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
          .build()) {
        List<SecretValueEntry> values = sm.batchGetSecretValue(b -> b.secretIdList(ids)).secretValues();
        System.out.println(values.size());
      }
    }
  }
}

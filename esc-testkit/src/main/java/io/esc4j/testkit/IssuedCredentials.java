package io.esc4j.testkit;

import java.time.Instant;
import java.util.Optional;

/**
 * AWS credentials known to {@link LocalAwsServer}: issued by its STS, or registered as long-term
 * keys. {@link #toString()} never shows the secret key or the session token.
 *
 * @param accessKeyId the access key id ({@code ASIA...} for session credentials)
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token, or {@code null} for long-term keys
 * @param expiration when they expire, or {@code null} for long-term keys
 * @param roleArn the role they were issued for, or {@code null}
 */
public record IssuedCredentials(
    String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration, String roleArn) {

  /**
   * The expiration, if any.
   *
   * @return the expiration
   */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiration);
  }

  @Override
  public String toString() {
    return "IssuedCredentials[" + accessKeyId + ", expiration=" + expiration + ", role=" + roleArn + "]";
  }
}

package io.esc4j.aws.internal;

import io.esc4j.EscValue;
import io.esc4j.spi.ProviderException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * AWS credentials as {@code aws-login} outputs them. {@link #toString()} shows the access key id
 * only.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token, or {@code null}
 * @param expiration when the credentials expire, or {@code null} when they do not
 */
public record AwsLogin(
    String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

  /**
   * Validates.
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @param sessionToken the session token, or {@code null}
   * @param expiration the expiration, or {@code null}
   */
  public AwsLogin {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
  }

  /**
   * Reads an {@code aws-login} output (or any object with its keys).
   *
   * @param value the value
   * @param inputs the reader that names the provider in errors
   * @param path the input path for messages ({@code login})
   * @return the credentials
   * @throws ProviderException when keys are missing or of the wrong type
   */
  static AwsLogin read(EscValue value, Inputs inputs, String path) throws ProviderException {
    if (!(value instanceof EscValue.Obj o)) {
      throw inputs.invalid(
          path,
          "must be an aws-login output (an object with accessKeyId, secretAccessKey and sessionToken), not "
              + Inputs.kind(value),
          "write login: ${aws.login}, pointing at a fn::open::aws-login value");
    }
    String ak = inputs.string(o, "accessKeyId", path + ".accessKeyId");
    String sk = inputs.string(o, "secretAccessKey", path + ".secretAccessKey");
    String token = inputs.optionalString(o, "sessionToken", path + ".sessionToken").orElse(null);
    Instant exp = null;
    Optional<String> e = inputs.optionalString(o, "expiration", path + ".expiration");
    if (e.isPresent()) {
      try {
        exp = Instant.parse(e.get());
      } catch (DateTimeParseException ex) {
        throw inputs.invalid(path + ".expiration", "is not an ISO-8601 instant", "");
      }
    }
    return new AwsLogin(ak, sk, token, exp);
  }

  /**
   * Reads credentials from a value, for {@code EscAws.credentials}.
   *
   * @param value the value at the path
   * @param where how to name it in messages
   * @return the credentials
   * @throws IllegalArgumentException when the value is not an aws-login output
   */
  public static AwsLogin fromValue(EscValue value, String where) {
    try {
      return read(value, new Inputs(where), "value");
    } catch (ProviderException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * The SDK form.
   *
   * @return session credentials when there is a token, basic ones otherwise
   */
  public AwsCredentials toSdk() {
    if (sessionToken == null) {
      return AwsBasicCredentials.builder()
          .accessKeyId(accessKeyId)
          .secretAccessKey(secretAccessKey)
          .build();
    }
    return AwsSessionCredentials.builder()
        .accessKeyId(accessKeyId)
        .secretAccessKey(secretAccessKey)
        .sessionToken(sessionToken)
        .expirationTime(expiration)
        .build();
  }

  @Override
  public String toString() {
    return "AwsLogin[accessKeyId=" + accessKeyId + ", expiration=" + expiration + "]";
  }
}

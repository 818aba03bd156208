package io.esc4j.aws;

import io.esc4j.OpenEnvironment;
import io.esc4j.aws.internal.AwsLogin;
import io.esc4j.aws.internal.AwsLoginCache;
import io.esc4j.aws.internal.CredentialsRefresher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * An {@link AwsCredentialsProvider} backed by an {@code aws-login} value of an open environment,
 * renewed by reopening the environment ({@link OpenEnvironment#reopen()}) before the credentials'
 * {@code expiration}. Use it with any AWS SDK v2 client:
 *
 * <pre>{@code
 * OpenEnvironment env = Environment.open("myapp/dev");
 * S3Client s3 = S3Client.builder()
 *     .region(Region.US_WEST_2)
 *     .credentialsProvider(EscAws.credentials(env, "aws.login"))
 *     .build();
 * }</pre>
 *
 * <p>Renewal is single flight: from {@link Builder#refreshBefore(Duration)} (default 5 minutes)
 * before expiration one caller reopens the environment while the others keep getting the current
 * credentials; from {@link Builder#minimumValidity(Duration)} (default 1 minute) before expiration
 * callers wait for that renewal. A failed renewal keeps the current credentials while they are
 * valid (retrying after 10 seconds); after expiry it throws an {@code SdkClientException}. Static
 * credentials (no {@code expiration}) are never renewed. A renewal first drops the current
 * credentials from {@code aws-login}'s login cache ({@link AwsClientSettings.Builder#loginCache(boolean)}),
 * so the reopen logs in anew.
 *
 * <p>Thread-safe. {@link #toString()} shows the environment, path, access key id and expiration,
 * never a secret.
 */
public final class RefreshingCredentialsProvider implements AwsCredentialsProvider {
  private final String path;
  private final CredentialsRefresher refresher;
  private volatile OpenEnvironment environment;

  private RefreshingCredentialsProvider(Builder b) {
    this.path = b.path;
    this.environment = b.environment;
    AwsLogin initial = read(b.environment, b.path);
    this.refresher =
        new CredentialsRefresher(
            initial,
            this::reload,
            b.clock,
            b.refreshBefore,
            b.minimumValidity,
            Duration.ofSeconds(10),
            "environment \"" + b.environment.name() + "\", path \"" + b.path + "\"");
  }

  /**
   * A builder; {@link EscAws#credentials(OpenEnvironment, String)} is the short form.
   *
   * @param environment the open environment
   * @param path the property path of an {@code aws-login} value, such as {@code aws.login}
   * @return a new builder
   */
  public static Builder builder(OpenEnvironment environment, String path) {
    return new Builder(environment, path);
  }

  @Override
  public AwsCredentials resolveCredentials() {
    return refresher.resolve();
  }

  /**
   * The latest environment (the last reopened one).
   *
   * @return the environment
   */
  public OpenEnvironment environment() {
    return environment;
  }

  /**
   * When the current credentials expire.
   *
   * @return the expiration, or empty for static credentials
   */
  public Optional<Instant> expiration() {
    return Optional.ofNullable(refresher.expiration());
  }

  @Override
  public String toString() {
    return "RefreshingCredentialsProvider[" + environment.name() + ", " + path + ", accessKeyId="
        + refresher.accessKeyId() + ", expiration=" + refresher.expiration() + "]";
  }

  private AwsLogin reload() {
    // the login cache must not hand the credentials being renewed back: the reopen logs in anew
    AwsLoginCache.shared().invalidate(refresher.accessKeyId());
    OpenEnvironment next = environment.reopen();
    AwsLogin login = read(next, path);
    environment = next;
    return login;
  }

  private static AwsLogin read(OpenEnvironment env, String path) {
    return AwsLogin.fromValue(
        env.find(path).orElseThrow(() -> new IllegalArgumentException(
            "environment \"" + env.name() + "\" has no value at \"" + path + "\"")),
        "environment \"" + env.name() + "\", path \"" + path + "\"");
  }

  /** Builds a {@link RefreshingCredentialsProvider}. Not thread-safe. */
  public static final class Builder {
    private final OpenEnvironment environment;
    private final String path;
    private Duration refreshBefore = Duration.ofMinutes(5);
    private Duration minimumValidity = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();

    private Builder(OpenEnvironment environment, String path) {
      this.environment = Objects.requireNonNull(environment, "environment");
      this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * How long before expiration a renewal starts (default 5 minutes).
     *
     * @param d the lead time
     * @return this builder
     */
    public Builder refreshBefore(Duration d) {
      this.refreshBefore = Objects.requireNonNull(d, "d");
      return this;
    }

    /**
     * How long before expiration callers stop accepting the current credentials and wait for the
     * renewal (default 1 minute); at most {@link #refreshBefore(Duration)}.
     *
     * @param d the margin
     * @return this builder
     */
    public Builder minimumValidity(Duration d) {
      this.minimumValidity = Objects.requireNonNull(d, "d");
      return this;
    }

    /**
     * The clock (for tests).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "c");
      return this;
    }

    /**
     * Builds the provider from the environment's current value at the path.
     *
     * @return the provider
     * @throws IllegalArgumentException when the path holds no {@code aws-login} output, or
     *     minimumValidity exceeds refreshBefore
     */
    public RefreshingCredentialsProvider build() {
      if (minimumValidity.compareTo(refreshBefore) > 0) {
        throw new IllegalArgumentException(
            "minimumValidity " + minimumValidity + " must not exceed refreshBefore " + refreshBefore);
      }
      return new RefreshingCredentialsProvider(this);
    }
  }
}

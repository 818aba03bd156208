package io.esc4j.aws.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Keeps AWS credentials fresh: single flight, thread-safe, no stampede.
 *
 * <p>Times, relative to the credentials' expiration {@code E}:
 *
 * <ul>
 *   <li>before {@code E - refreshBefore}: the cached credentials are returned, lock-free;
 *   <li>from {@code E - refreshBefore} to {@code E - minimumValidity}: one caller reloads (the
 *       others, finding the lock taken, get the cached credentials without waiting);
 *   <li>after {@code E - minimumValidity}: callers wait for the one reload in flight, then all
 *       get its result.
 * </ul>
 *
 * <p>A failed reload keeps the last good credentials while they are still valid and is not tried
 * again before {@code retryDelay}; once they have expired, a failure is thrown to the caller as an
 * {@link SdkClientException} whose message names the environment and path, never a secret.
 * Credentials without an expiration (static keys) are never reloaded.
 */
public final class CredentialsRefresher {
  /** Loads fresh credentials (reopens the environment). */
  @FunctionalInterface
  public interface Loader {
    /**
     * Loads.
     *
     * @return the credentials
     * @throws Exception on any failure; its message must not contain secrets
     */
    AwsLogin load() throws Exception;
  }

  private record State(AwsLogin login, AwsCredentials credentials, Instant retryAfter) {}

  private final Loader loader;
  private final Clock clock;
  private final Duration refreshBefore;
  private final Duration minimumValidity;
  private final Duration retryDelay;
  private final String description;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile State state;

  /**
   * Creates the refresher.
   *
   * @param initial the credentials to start with
   * @param loader loads fresh ones
   * @param clock the clock
   * @param refreshBefore how long before expiration a reload starts
   * @param minimumValidity how long before expiration callers stop accepting the old credentials
   * @param retryDelay how long to wait after a failed reload while the old ones are still valid
   * @param description names the source in messages ({@code environment "myapp/dev", path "aws.login"})
   */
  public CredentialsRefresher(AwsLogin initial, Loader loader, Clock clock, Duration refreshBefore,
      Duration minimumValidity, Duration retryDelay, String description) {
    this.loader = loader;
    this.clock = clock;
    this.refreshBefore = refreshBefore;
    this.minimumValidity = minimumValidity;
    this.retryDelay = retryDelay;
    this.description = description;
    this.state = new State(initial, initial.toSdk(), null);
  }

  /**
   * The current credentials, reloaded first when due.
   *
   * @return the credentials
   * @throws SdkClientException when the credentials have expired and cannot be reloaded
   */
  public AwsCredentials resolve() {
    State s = state;
    Instant now = clock.instant();
    if (!due(s, now)) {
      return s.credentials();
    }
    boolean usable = usable(s, now);
    if (usable) {
      if (s.retryAfter() != null && now.isBefore(s.retryAfter())) {
        return s.credentials();
      }
      if (!lock.tryLock()) {
        return s.credentials();
      }
    } else {
      lock.lock();
    }
    try {
      s = state;
      now = clock.instant();
      if (!due(s, now)) {
        return s.credentials();
      }
      if (usable(s, now) && s.retryAfter() != null && now.isBefore(s.retryAfter())) {
        return s.credentials();
      }
      AwsLogin next;
      try {
        next = loader.load();
      } catch (Exception e) {
        if (now.isBefore(s.login().expiration())) {
          state = new State(s.login(), s.credentials(), now.plus(retryDelay));
          return s.credentials();
        }
        throw SdkClientException.create(
            "esc4j: the AWS credentials from " + description + " expired at " + s.login().expiration()
                + " and could not be renewed: " + e.getMessage(),
            e);
      }
      state = new State(next, next.toSdk(), null);
      return state.credentials();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The current credentials' expiration.
   *
   * @return the expiration, or {@code null} when they do not expire
   */
  public Instant expiration() {
    return state.login().expiration();
  }

  /**
   * The current credentials' access key id (not secret).
   *
   * @return the access key id
   */
  public String accessKeyId() {
    return state.login().accessKeyId();
  }

  private boolean due(State s, Instant now) {
    Instant exp = s.login().expiration();
    return exp != null && !now.isBefore(exp.minus(refreshBefore));
  }

  private boolean usable(State s, Instant now) {
    Instant exp = s.login().expiration();
    return exp == null || now.isBefore(exp.minus(minimumValidity));
  }
}

package io.esc4j.aws.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The results of {@code aws-login}'s OIDC logins, reused by later opens while they stay valid, so
 * that opening the same environment again (or another environment with the same login) makes no
 * STS call.
 *
 * <p>An entry is keyed by everything that decides which credentials STS would issue: role ARN,
 * session name, duration, session policy ARNs, the web identity token's issuer, audience and
 * subject (never the token itself, which changes at every mint), and the STS region and endpoint.
 * It is handed out only while at least {@link #margin()} (10 minutes) of its lifetime remains, so
 * a cached login is never about to expire; past that it is dropped and the next open logs in
 * again. Logins without an expiration are not cached.
 *
 * <p>Bounded (least recently used out first, 64 entries), thread-safe. Neither the keys nor the
 * entries show a secret in {@code toString()}.
 */
public final class AwsLoginCache {
  /** How long a cached login must still be valid to be handed out. */
  public static final Duration DEFAULT_MARGIN = Duration.ofMinutes(10);
  static final int DEFAULT_CAPACITY = 64;
  private static final AwsLoginCache SHARED = new AwsLoginCache(Clock.systemUTC(), DEFAULT_MARGIN, DEFAULT_CAPACITY);

  /**
   * What identifies a login. Holds no secret: the token's public claims only.
   *
   * @param roleArn the role
   * @param sessionName the session name
   * @param durationSeconds the requested duration
   * @param policyArns the session policy ARNs
   * @param issuer the token's {@code iss}
   * @param audience the token's {@code aud}
   * @param subject the token's {@code sub}
   * @param otherClaims a SHA-256 of the token's other claims, times and ids left out (see {@link
   *     #otherClaims(String)})
   * @param stsRegion the STS region
   * @param stsEndpoint the STS endpoint override, or empty
   */
  public record Key(String roleArn, String sessionName, long durationSeconds, List<String> policyArns,
      String issuer, String audience, String subject, String otherClaims, String stsRegion, String stsEndpoint) {
    /**
     * Copies the list.
     *
     * @param roleArn the role
     * @param sessionName the session name
     * @param durationSeconds the requested duration
     * @param policyArns the session policy ARNs
     * @param issuer the token's {@code iss}
     * @param audience the token's {@code aud}
     * @param subject the token's {@code sub}
     * @param otherClaims a digest of the token's other claims
     * @param stsRegion the STS region
     * @param stsEndpoint the STS endpoint override, or empty
     */
    public Key {
      policyArns = List.copyOf(policyArns);
    }
  }

  /** Claims that change at every mint and do not decide which credentials STS issues. */
  private static final java.util.Set<String> VOLATILE_CLAIMS =
      java.util.Set.of("iss", "aud", "sub", "iat", "nbf", "exp", "jti", "auth_time");

  private final Clock clock;
  private final Duration margin;
  private final int capacity;
  private final Map<Key, AwsLogin> entries;

  /**
   * A cache of its own (tests; production uses {@link #shared()}).
   *
   * @param clock the clock that expirations are compared with
   * @param margin how long an entry must still be valid to be handed out
   * @param capacity the most entries kept
   */
  public AwsLoginCache(Clock clock, Duration margin, int capacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.margin = Objects.requireNonNull(margin, "margin");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, /* accessOrder= */ true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, AwsLogin> eldest) {
        return size() > AwsLoginCache.this.capacity;
      }
    };
  }

  /**
   * The process-wide cache that {@code aws-login} uses.
   *
   * @return the shared cache
   */
  public static AwsLoginCache shared() {
    return SHARED;
  }

  /**
   * A cached login that is valid for at least {@link #margin()} more.
   *
   * @param key the key
   * @return the login, or empty (an entry too close to its expiration is dropped)
   */
  public synchronized Optional<AwsLogin> get(Key key) {
    AwsLogin l = entries.get(key);
    if (l == null) {
      return Optional.empty();
    }
    if (!fresh(l, clock.instant())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(l);
  }

  /**
   * Caches a login; one without an expiration, or already too close to it, is not kept.
   *
   * @param key the key
   * @param login the login
   */
  public synchronized void put(Key key, AwsLogin login) {
    if (login.expiration() == null || !fresh(login, clock.instant())) {
      return;
    }
    entries.put(key, login);
  }

  /**
   * Drops every entry holding this access key id, so that the next open logs in again (a renewal
   * of {@code EscAws.credentials} calls it before reopening the environment).
   *
   * @param accessKeyId the access key id (not secret)
   * @return how many entries were dropped
   */
  public synchronized int invalidate(String accessKeyId) {
    int n = 0;
    for (Iterator<AwsLogin> it = entries.values().iterator(); it.hasNext(); ) {
      if (it.next().accessKeyId().equals(accessKeyId)) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  /** Drops every entry. */
  public synchronized void clear() {
    entries.clear();
  }

  /**
   * The number of entries (expired ones included until they are looked up).
   *
   * @return the count
   */
  public synchronized int size() {
    return entries.size();
  }

  /**
   * How long an entry must still be valid to be handed out.
   *
   * @return the margin
   */
  public Duration margin() {
    return margin;
  }

  /**
   * A SHA-256 (hex) of a JWT's claims other than {@code iss}, {@code aud}, {@code sub} and those
   * that change at every mint ({@code iat}, {@code nbf}, {@code exp}, {@code jti}, {@code
   * auth_time}), sorted by name: tokens that differ in a claim a trust policy could test never
   * share a cache entry. Public claims only; the signature is not read.
   *
   * @param jwt the compact token
   * @return the digest, or empty when the token is not a readable JWT (then nothing is cached)
   */
  public static Optional<String> otherClaims(String jwt) {
    Optional<Map<String, JwtPayload.Claim>> claims = JwtPayload.claims(jwt);
    if (claims.isEmpty()) {
      return Optional.empty();
    }
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, JwtPayload.Claim> e : claims.get().entrySet()) { // sorted by name
        if (!VOLATILE_CLAIMS.contains(e.getKey())) {
          sha.update((e.getKey() + '\u0000' + e.getValue().json() + '\u0001')
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      return Optional.of(java.util.HexFormat.of().formatHex(sha.digest()));
    } catch (java.security.NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }

  private boolean fresh(AwsLogin l, Instant now) {
    return l.expiration() != null && now.isBefore(l.expiration().minus(margin));
  }

  @Override
  public synchronized String toString() {
    return "AwsLoginCache[entries=" + entries.size() + ", margin=" + margin + "]";
  }
}

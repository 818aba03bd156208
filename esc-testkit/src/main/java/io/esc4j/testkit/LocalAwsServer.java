package io.esc4j.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A local AWS endpoint in pure Java for offline tests: one loopback HTTP server (the JDK's {@code
 * HttpServer}, on a free port) that speaks the real wire protocols of STS {@code
 * AssumeRoleWithWebIdentity} (awsQuery/XML), Secrets Manager {@code GetSecretValue} / {@code
 * BatchGetSecretValue} and SSM {@code GetParameter} / {@code GetParameters} / {@code
 * GetParametersByPath} (awsJson1_1), with AWS's error codes and shapes. Point the AWS SDK (or
 * esc-aws) at {@link #endpoint()} for every service.
 *
 * <pre>{@code
 * try (LocalAwsServer aws = LocalAwsServer.start()) {
 *   aws.oidcProvider(issuer.issuer().toString(), issuer.jwks(), "aws:acme");
 *   aws.role("arn:aws:iam::123456789012:role/app")
 *       .stringEquals("aud", "aws:acme")
 *       .stringLike("sub", "pulumi:environments:org:acme:env:*");
 *   aws.secret("api-key", "s3cr3t");
 *   aws.parameter("/myapp/hosts", ParameterType.STRING_LIST, "a.example,b.example");
 *   aws.faults(Operation.GET_SECRET_VALUE).throttleFirst(2);
 *   // ... open an environment against aws.endpoint() ...
 *   assertThat(aws.requests(Operation.BATCH_GET_SECRET_VALUE)).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Unlike moto it checks what real AWS checks on these calls:
 *
 * <ul>
 *   <li>the web identity token: RS256 signature against the registered issuer's JWKS ({@link
 *       #oidcProvider(String, String, String...)}), {@code exp} / {@code nbf}, the audience against
 *       the provider's client ids, and the role's trust conditions on {@code aud} / {@code sub}
 *       ({@link Role}); {@code DurationSeconds} against the role's maximum;
 *   <li>the SigV4 signature of every Secrets Manager and SSM request against the credentials it
 *       issued or was given ({@link #accessKey(String, String)}): unknown keys, expired sessions,
 *       wrong session tokens and wrong signatures are answered with AWS's codes ({@code
 *       UnrecognizedClientException}, {@code ExpiredTokenException}, {@code
 *       InvalidSignatureException}, {@code MissingAuthenticationTokenException}).
 * </ul>
 *
 * <p>Faults and latency are set per operation ({@link #faults(Operation)}); every request is logged
 * ({@link #requests()}). The {@linkplain Builder#clock(Clock) clock} governs token and credential
 * expiry (advance it to expire credentials); the SigV4 15-minute skew check always uses the system
 * clock, because the SDK signs with it. State may be seeded and changed while the server runs.
 * Thread-safe; {@link #close()} stops it.
 */
public final class LocalAwsServer implements AutoCloseable {
  /** The default account of ARNs the server makes up. */
  public static final String DEFAULT_ACCOUNT = "123456789012";

  static {
    // without it every follow-up request on a kept-alive connection waits for Nagle's algorithm
    // (~40 ms); read by the JDK once, when its first HttpServer is created
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  final Clock clock;
  final String account;
  final boolean anyRole;
  final Duration tokenSkew;
  final Random random;
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI endpoint;
  private final Map<Operation, Faults> faults = new EnumMap<>(Operation.class);
  private final ConcurrentLinkedQueue<RequestRecord> log = new ConcurrentLinkedQueue<>();
  final Sts sts;
  final SecretsManager secretsManager;
  final Ssm ssm;
  final Map<String, IssuedCredentials> credentials = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private LocalAwsServer(Builder b) {
    this.clock = b.clock;
    this.account = b.account;
    this.anyRole = b.anyRole;
    this.tokenSkew = b.tokenSkew;
    this.random = new Random(b.seed);
    for (Operation op : Operation.values()) {
      faults.put(op, new Faults(random));
    }
    this.sts = new Sts(this);
    this.secretsManager = new SecretsManager(this);
    this.ssm = new Ssm(this);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "esc-testkit-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = Executors.newCachedThreadPool(tf);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("could not bind a loopback port for esc-testkit", e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.endpoint = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
        + server.getAddress().getPort());
    for (Path f : b.fixtures) {
      loadFixture(f);
    }
  }

  /**
   * Starts a server with the defaults (free port, system clock, account {@value #DEFAULT_ACCOUNT}).
   *
   * @return the running server
   */
  public static LocalAwsServer start() {
    return builder().start();
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The endpoint for every service: {@code http://127.0.0.1:<port>}.
   *
   * @return the endpoint
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * The port.
   *
   * @return the port
   */
  public int port() {
    return endpoint.getPort();
  }

  /**
   * The account of the ARNs the server makes up.
   *
   * @return the account id
   */
  public String account() {
    return account;
  }

  /**
   * The clock that governs token and credential expiry.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  // ---- seeding: identity ----

  /**
   * Registers an IAM OIDC identity provider: the issuer whose tokens STS accepts, its JWKS, and the
   * audiences (client ids) it accepts. Registering the same issuer again replaces it.
   *
   * @param issuerUrl the issuer URL, equal to the tokens' {@code iss}
   * @param jwksJson the issuer's JWKS document ({@code {"keys":[...]}})
   * @param audiences the accepted audiences; none means any
   * @return this server
   * @throws IllegalArgumentException when the JWKS holds no usable public key
   */
  public LocalAwsServer oidcProvider(String issuerUrl, String jwksJson, String... audiences) {
    sts.addProvider(issuerUrl, Jwt.parseJwks(jwksJson), List.of(audiences));
    return this;
  }

  /**
   * Registers an IAM OIDC identity provider from public keys.
   *
   * @param issuerUrl the issuer URL, equal to the tokens' {@code iss}
   * @param keysById the RSA public keys by {@code kid}
   * @param audiences the accepted audiences; none means any
   * @return this server
   */
  public LocalAwsServer oidcProvider(String issuerUrl, Map<String, PublicKey> keysById, String... audiences) {
    sts.addProvider(issuerUrl, Map.copyOf(keysById), List.of(audiences));
    return this;
  }

  /**
   * The role of an ARN, created (trusting every registered issuer, no conditions, a one-hour
   * maximum) if new. Configure it through the returned {@link Role}.
   *
   * @param roleArn the role ARN, e.g. {@code arn:aws:iam::123456789012:role/app}
   * @return the role
   */
  public Role role(String roleArn) {
    return sts.role(roleArn);
  }

  /**
   * Registers long-term credentials (an IAM user's access key), for static logins.
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @return the registered credentials
   */
  public IssuedCredentials accessKey(String accessKeyId, String secretAccessKey) {
    IssuedCredentials c = new IssuedCredentials(accessKeyId, secretAccessKey, null, null, null);
    credentials.put(accessKeyId, c);
    return c;
  }

  /**
   * Issues session credentials directly, as if a role had been assumed.
   *
   * @param roleArn the role
   * @param duration how long they are valid, by the server's clock
   * @return the credentials
   */
  public IssuedCredentials issueCredentials(String roleArn, Duration duration) {
    return sts.issue(roleArn, duration);
  }

  /**
   * Every credential the server knows: issued by its STS or registered.
   *
   * @return the credentials, by access key id
   */
  public Map<String, IssuedCredentials> credentials() {
    return Map.copyOf(credentials);
  }

  /**
   * Expires every session credential issued so far: later requests signed with them get {@code
   * ExpiredTokenException}.
   */
  public void expireSessions() {
    Instant now = clock.instant().minusSeconds(1);
    credentials.replaceAll((k, c) -> c.sessionToken() == null ? c
        : new IssuedCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), now, c.roleArn()));
  }

  // ---- seeding: data ----

  /**
   * Creates a secret, or puts a new current version of it ({@code AWSCURRENT}; the old current
   * version becomes {@code AWSPREVIOUS}).
   *
   * @param name the secret's name
   * @param value its string value
   * @return the new version's id
   */
  public String secret(String name, String value) {
    return secretsManager.put(name, Objects.requireNonNull(value, "value"), null);
  }

  /**
   * Creates a binary secret, or puts a new current version of it.
   *
   * @param name the secret's name
   * @param value its bytes
   * @return the new version's id
   */
  public String secretBinary(String name, byte[] value) {
    return secretsManager.put(name, null, value.clone());
  }

  /**
   * The ARN of a secret, as the server answers it in a region.
   *
   * @param name the secret's name
   * @param region the region
   * @return the ARN
   * @throws IllegalArgumentException when there is no such secret
   */
  public String secretArn(String name, String region) {
    return secretsManager.arn(name, region);
  }

  /**
   * Deletes a secret.
   *
   * @param name the secret's name
   */
  public void deleteSecret(String name) {
    secretsManager.delete(name);
  }

  /**
   * Creates a {@code String} parameter or puts a new version of it.
   *
   * @param name the parameter's name
   * @param value the value
   * @return the new version number
   */
  public long parameter(String name, String value) {
    return parameter(name, ParameterType.STRING, value);
  }

  /**
   * Creates a parameter or puts a new version of it.
   *
   * @param name the parameter's name
   * @param type its type
   * @param value the value ({@code StringList}: comma-separated)
   * @return the new version number
   */
  public long parameter(String name, ParameterType type, String value) {
    return ssm.put(name, type, value);
  }

  /**
   * Attaches labels to a version of a parameter (moving them from other versions).
   *
   * @param name the parameter's name
   * @param version the version
   * @param labels the labels
   */
  public void labelParameter(String name, long version, String... labels) {
    ssm.label(name, version, List.of(labels));
  }

  /**
   * Deletes a parameter.
   *
   * @param name the parameter's name
   */
  public void deleteParameter(String name) {
    ssm.delete(name);
  }

  /**
   * Loads a YAML fixture (see {@link Fixture}) into the running server.
   *
   * @param file the fixture file
   * @return this server
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when the fixture is malformed
   */
  public LocalAwsServer loadFixture(Path file) {
    try {
      return loadFixture(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the fixture " + file, e);
    }
  }

  /**
   * Loads a YAML fixture (see {@link Fixture}) given as text.
   *
   * @param yaml the fixture
   * @return this server
   * @throws IllegalArgumentException when the fixture is malformed
   */
  public LocalAwsServer loadFixture(String yaml) {
    Fixture.load(this, yaml);
    return this;
  }

  // ---- faults and log ----

  /**
   * The fault and latency settings of an operation.
   *
   * @param operation the operation
   * @return its settings (change them in place)
   */
  public Faults faults(Operation operation) {
    return faults.get(Objects.requireNonNull(operation, "operation"));
  }

  /** Removes every fault and latency of every operation. */
  public void clearFaults() {
    faults.values().forEach(Faults::clear);
  }

  /**
   * Every request received so far, oldest first.
   *
   * @return the log
   */
  public List<RequestRecord> requests() {
    return List.copyOf(log);
  }

  /**
   * The requests of one operation, oldest first.
   *
   * @param operation the operation
   * @return the log entries
   */
  public List<RequestRecord> requests(Operation operation) {
    List<RequestRecord> out = new ArrayList<>();
    for (RequestRecord r : log) {
      if (r.operation() == operation) {
        out.add(r);
      }
    }
    return out;
  }

  /** Empties the request log. */
  public void clearRequests() {
    log.clear();
  }

  /**
   * Clears everything: roles, providers, credentials, secrets, parameters, faults and the log.
   */
  public void reset() {
    sts.clear();
    credentials.clear();
    secretsManager.clear();
    ssm.clear();
    clearFaults();
    clearRequests();
  }

  /** Stops the server; requests still waiting out injected latency are cut off. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    executor.shutdownNow();
    server.stop(0);
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LocalAwsServer[" + endpoint + "]";
  }

  // ---- the HTTP side ----

  /** An answer to send. */
  record Reply(int status, String contentType, String body) {}

  private void handle(HttpExchange ex) {
    Exchange x = new Exchange(System.nanoTime(), clock.instant());
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      boolean json = target != null;
      Map<String, String> form = null;
      if (json) {
        x.op = Operation.ofTarget(target);
        x.action = target;
      } else {
        form = Sts.parseForm(new String(body, StandardCharsets.UTF_8));
        x.action = form.getOrDefault("Action", "");
        x.op = x.action.equals(Operation.ASSUME_ROLE_WITH_WEB_IDENTITY.wireName())
            ? Operation.ASSUME_ROLE_WITH_WEB_IDENTITY : null;
      }
      Faults.Decision d = x.op == null ? Faults.Decision.NONE : faults.get(x.op).next();
      x.fault = d.fault();
      // A call that is answered normally is worked out at once (every check included) and sent once
      // the latency has passed since it arrived: the latency stands for the whole time a remote
      // service takes, and the emulator's own work, which shares this process's cores, overlaps it
      // instead of adding to it. A faulty call needs no work; it waits the latency out the same way.
      Reply reply = null;
      if (x.fault == RequestRecord.Fault.NONE || x.fault == RequestRecord.Fault.SLOW_BODY) {
        reply = answer(ex, body, json, form, x);
      }
      if (d.latencyNanos() > 0) {
        sleepUntil(x.t0 + d.latencyNanos());
      }
      if (x.fault == RequestRecord.Fault.DROPPED) {
        x.log();
        drop(ex);
        return;
      }
      if (reply == null) {
        AwsError e = x.fault == RequestRecord.Fault.THROTTLED
            ? x.op == Operation.ASSUME_ROLE_WITH_WEB_IDENTITY
                ? new AwsError(400, "Throttling", "Rate exceeded")
                : new AwsError(400, "ThrottlingException", "Rate exceeded")
            : serverError(x.op, d.failStatus());
        x.errorCode = e.code;
        reply = json ? Json.error(e) : Sts.error(e);
      }
      x.status = reply.status();
      send(ex, reply, x.fault == RequestRecord.Fault.SLOW_BODY ? d.slowBodyNanos() : 0, x);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      x.fault = RequestRecord.Fault.DROPPED;
      x.status = 0;
      x.log();
      drop(ex);
    } catch (IOException | RuntimeException e) {
      // the client went away, or a bug: nothing useful can be sent
      x.status = 0;
      x.log();
      drop(ex);
    } finally {
      x.log();
    }
  }

  /** One exchange's log entry, added once, before the client can see the end of the answer. */
  private final class Exchange {
    final long t0;
    final Instant time;
    Operation op;
    String action = "";
    String accessKeyId;
    RequestRecord.Fault fault = RequestRecord.Fault.NONE;
    int status;
    String errorCode;
    private boolean logged;

    Exchange(long t0, Instant time) {
      this.t0 = t0;
      this.time = time;
    }

    void log() {
      if (!logged) {
        logged = true;
        LocalAwsServer.this.log.add(new RequestRecord(op, action, time, Duration.ofNanos(System.nanoTime() - t0),
            status, errorCode, fault, accessKeyId));
      }
    }
  }

  /** The answer to a call without an injected fault: the operation's result or AWS's error. */
  private Reply answer(HttpExchange ex, byte[] body, boolean json, Map<String, String> form, Exchange x) {
    try {
      if (json) {
        if (x.op == null) {
          throw new AwsError(400, "UnknownOperationException", null);
        }
        x.accessKeyId = authenticate(ex, body, x.op);
        return x.op.service().equals("secretsmanager")
            ? secretsManager.handle(x.op, body, regionOf(ex))
            : ssm.handle(x.op, body, regionOf(ex));
      }
      return sts.handle(form);
    } catch (AwsError e) {
      x.errorCode = e.code;
      return json ? Json.error(e) : Sts.error(e);
    }
  }

  /** Waits until {@code System.nanoTime()} reaches the deadline (never less: no rounding to ms). */
  private static void sleepUntil(long deadlineNanos) throws InterruptedException {
    for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  private static AwsError serverError(Operation op, int status) {
    if (status == 503) {
      return new AwsError(503, "ServiceUnavailable", "Service is unavailable. Try again later.");
    }
    if (status == 500 && op == Operation.GET_SECRET_VALUE || status == 500 && op == Operation.BATCH_GET_SECRET_VALUE) {
      return new AwsError(500, "InternalServiceError", "An error occurred on the server side.");
    }
    if (status == 500 && op != Operation.ASSUME_ROLE_WITH_WEB_IDENTITY) {
      return new AwsError(500, "InternalServerError", "An error occurred on the server side.");
    }
    return new AwsError(status, "InternalFailure", "The request processing has failed because of an unknown error.");
  }

  private String authenticate(HttpExchange ex, byte[] body, Operation op) {
    SigV4.Authorization auth = SigV4.parse(ex.getRequestHeaders().getFirst("Authorization"));
    IssuedCredentials c = credentials.get(auth.accessKeyId());
    if (c == null) {
      throw new AwsError(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }
    String token = ex.getRequestHeaders().getFirst("X-Amz-Security-Token");
    if (c.sessionToken() != null) {
      if (token == null || !token.equals(c.sessionToken())) {
        throw new AwsError(400, "UnrecognizedClientException",
            "The security token included in the request is invalid.");
      }
    } else if (token != null) {
      throw new AwsError(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }
    SigV4.Request req = new SigV4.Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
        ex.getRequestURI().getRawQuery(), name -> ex.getRequestHeaders().get(name), body);
    if (c.expiration() != null && !clock.instant().isBefore(c.expiration())) {
      throw new AwsError(400, "ExpiredTokenException", "The security token included in the request is expired");
    }
    SigV4.verify(auth, req, c.secretAccessKey(), op.service(), Instant.now());
    return auth.accessKeyId();
  }

  private static String regionOf(HttpExchange ex) {
    try {
      return SigV4.parse(ex.getRequestHeaders().getFirst("Authorization")).region();
    } catch (AwsError e) {
      return "us-east-1";
    }
  }

  private void send(HttpExchange ex, Reply reply, long slowBodyNanos, Exchange x)
      throws IOException, InterruptedException {
    byte[] b = reply.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", reply.contentType());
    ex.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    ex.sendResponseHeaders(reply.status(), b.length);
    x.log(); // before the body: the client cannot have the whole answer yet
    try (OutputStream out = ex.getResponseBody()) {
      if (slowBodyNanos > 0) {
        out.flush();
        TimeUnit.NANOSECONDS.sleep(slowBodyNanos);
      }
      out.write(b);
    }
  }

  private static void drop(HttpExchange ex) {
    // closing an exchange before its response headers were sent closes the connection
    ex.close();
  }

  /** Configures and starts a {@link LocalAwsServer}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String account = DEFAULT_ACCOUNT;
    private boolean anyRole;
    private Duration tokenSkew = Duration.ofSeconds(60);
    private long seed = 0x5eed;
    private int port;
    private final List<Path> fixtures = new ArrayList<>();

    private Builder() {}

    /**
     * The clock for token and credential expiry (default: the system clock).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * The account id in the ARNs the server makes up.
     *
     * @param accountId twelve digits
     * @return this builder
     */
    public Builder account(String accountId) {
      if (accountId == null || !accountId.matches("\\d{12}")) {
        throw new IllegalArgumentException("account must be 12 digits, was " + accountId);
      }
      this.account = accountId;
      return this;
    }

    /**
     * Accepts any role ARN in {@code AssumeRoleWithWebIdentity}: an unknown role is created on first
     * use, trusting every registered issuer without conditions, with a 12-hour maximum. Tokens are
     * still verified. Off by default: an unknown role is {@code AccessDenied}.
     *
     * @return this builder
     */
    public Builder acceptAnyRole() {
      this.anyRole = true;
      return this;
    }

    /**
     * How far a web identity token's {@code exp} / {@code nbf} may be off the server's clock and still
     * be accepted (default 60 seconds, for clocks that differ by a little; 0 for exact checks).
     *
     * @param skew the tolerance
     * @return this builder
     */
    public Builder tokenClockSkew(Duration skew) {
      if (skew.isNegative()) {
        throw new IllegalArgumentException("skew must not be negative");
      }
      this.tokenSkew = skew;
      return this;
    }

    /**
     * The seed of the random generator behind random latency and fault fractions.
     *
     * @param s the seed
     * @return this builder
     */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * The port (default: a free one).
     *
     * @param p the port, 0 for a free one
     * @return this builder
     */
    public Builder port(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port out of range: " + p);
      }
      this.port = p;
      return this;
    }

    /**
     * A YAML fixture to load at start (see {@link Fixture}); may be called several times.
     *
     * @param file the fixture file
     * @return this builder
     */
    public Builder fixture(Path file) {
      fixtures.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Starts the server.
     *
     * @return the running server
     * @throws UncheckedIOException when no port can be bound
     */
    public LocalAwsServer start() {
      return new LocalAwsServer(this);
    }
  }
}

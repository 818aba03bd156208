package io.esc4j.aws.internal;

import io.esc4j.EscValue;
import io.esc4j.aws.AwsClientSettings;
import io.esc4j.aws.OidcTokenException;
import io.esc4j.aws.OidcTokenRequest;
import io.esc4j.aws.OidcTokenSource;
import io.esc4j.spi.Provider;
import io.esc4j.spi.ProviderContext;
import io.esc4j.spi.ProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;

/**
 * {@code fn::open::aws-login}: AWS credentials from an OIDC login (STS {@code
 * AssumeRoleWithWebIdentity}) or from static keys.
 *
 * <p>Inputs are checked before any call: exactly one of {@code oidc} / {@code static}; {@code
 * duration} a Go duration between 15m and 12h (default 2h); {@code sessionName} 2–64 characters of
 * {@code [\w+=,.@-]}; {@code roleArn} an IAM role ARN; at most 10 {@code policyArns}; {@code
 * subjectAttributes} from ESC's fixed list, and only with a token source that can apply them.
 *
 * <p>Outputs {@code accessKeyId}, {@code secretAccessKey}, {@code sessionToken} (all secret) and,
 * for OIDC logins, {@code expiration} (ISO-8601 UTC, not secret).
 */
public final class AwsLoginProvider implements Provider {
  static final String NAME = "aws-login";
  static final String OPERATION = "sts:AssumeRoleWithWebIdentity";
  static final long MIN_DURATION = 900;
  static final long MAX_DURATION = 43_200;
  static final long DEFAULT_DURATION = 7_200;
  static final int MAX_POLICY_ARNS = 10;
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/.+");

  private static volatile OidcTokenSource detected;

  private final AwsClients clients;
  private final AwsLoginCache cache;

  /** Creates the provider (the form {@link java.util.ServiceLoader} uses). */
  public AwsLoginProvider() {
    this(AwsClients.shared(), AwsLoginCache.shared());
  }

  AwsLoginProvider(AwsClients clients) {
    this(clients, AwsLoginCache.shared());
  }

  /**
   * A provider with its own clients and login cache (tests, benchmarks).
   *
   * @param clients the clients
   * @param cache the login cache
   */
  public AwsLoginProvider(AwsClients clients, AwsLoginCache cache) {
    this.clients = clients;
    this.cache = cache;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EscValue inputSchema() {
    Map<String, EscValue> oidc = new LinkedHashMap<>();
    oidc.put("roleArn", Schema.string(20, 2048, null));
    oidc.put("sessionName", Schema.string(2, 64, "^[\\w+=,.@-]*$"));
    oidc.put("duration", Schema.string());
    oidc.put("policyArns", Schema.array(Schema.string(20, 2048, null), MAX_POLICY_ARNS));
    oidc.put("subjectAttributes", Schema.array(Schema.enumOf(OidcTokenRequest.ALLOWED_SUBJECT_ATTRIBUTES), null));
    Map<String, EscValue> stat = new LinkedHashMap<>();
    stat.put("accessKeyId", Schema.string());
    stat.put("secretAccessKey", Schema.string());
    stat.put("sessionToken", Schema.string());
    Map<String, EscValue> top = new LinkedHashMap<>();
    top.put("oidc", Schema.object(oidc, List.of("roleArn", "sessionName")));
    top.put("static", Schema.object(stat, List.of("accessKeyId", "secretAccessKey")));
    return Schema.object(top, List.of());
  }

  @Override
  public EscValue outputSchema() {
    Map<String, EscValue> out = new LinkedHashMap<>();
    out.put("accessKeyId", Schema.string());
    out.put("secretAccessKey", Schema.string());
    out.put("sessionToken", Schema.string());
    out.put("expiration", Schema.string());
    return Schema.object(out, List.of("accessKeyId", "secretAccessKey"));
  }

  @Override
  public EscValue open(EscValue.Obj inputs, ProviderContext context) throws ProviderException {
    Inputs in = new Inputs(NAME);
    in.onlyKeys(inputs, "", "oidc", "static");
    Optional<EscValue.Obj> oidc = in.optionalObject(inputs, "oidc", "oidc");
    Optional<EscValue.Obj> stat = in.optionalObject(inputs, "static", "static");
    if (oidc.isPresent() == stat.isPresent()) {
      throw in.invalid(
          oidc.isPresent() ? "static" : "oidc",
          oidc.isPresent() ? "give either \"oidc\" or \"static\", not both" : "give one of \"oidc\" or \"static\"",
          "use oidc: {roleArn, sessionName} for short-lived credentials, or static: {accessKeyId,"
              + " secretAccessKey}");
    }
    if (stat.isPresent()) {
      return staticLogin(in, stat.get());
    }
    return oidcLogin(in, oidc.get(), context);
  }

  private static EscValue staticLogin(Inputs in, EscValue.Obj s) throws ProviderException {
    in.onlyKeys(s, "static", "accessKeyId", "secretAccessKey", "sessionToken");
    Map<String, EscValue> out = new LinkedHashMap<>();
    out.put("accessKeyId", secret(in.string(s, "accessKeyId", "static.accessKeyId")));
    out.put("secretAccessKey", secret(in.string(s, "secretAccessKey", "static.secretAccessKey")));
    in.optionalString(s, "sessionToken", "static.sessionToken").ifPresent(t -> out.put("sessionToken", secret(t)));
    return EscValue.Obj.of(out);
  }

  /** The validated OIDC inputs. */
  record OidcInputs(String roleArn, String account, String sessionName, long durationSeconds,
      List<String> policyArns, List<String> subjectAttributes) {}

  static OidcInputs readOidc(Inputs in, EscValue.Obj o) throws ProviderException {
    in.onlyKeys(o, "oidc", "roleArn", "sessionName", "duration", "policyArns", "subjectAttributes");
    String roleArn = in.string(o, "roleArn", "oidc.roleArn");
    Matcher arn = ROLE_ARN.matcher(roleArn);
    if (roleArn.length() < 20 || roleArn.length() > 2048 || !arn.matches()) {
      throw in.invalid("oidc.roleArn", "\"" + roleArn + "\" is not an IAM role ARN",
          "write it as arn:aws:iam::<12-digit account>:role/<role name>");
    }
    String sessionName = in.string(o, "sessionName", "oidc.sessionName");
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw in.invalid("oidc.sessionName",
          "\"" + sessionName + "\" is not a valid STS session name: it needs 2 to 64 characters, each a"
              + " letter, a digit or one of _+=,.@-",
          "for example sessionName: esc-${context.pulumi.user.login}, with no spaces");
    }
    long duration = DEFAULT_DURATION;
    Optional<String> d = in.optionalString(o, "duration", "oidc.duration");
    if (d.isPresent()) {
      try {
        duration = GoDuration.parseSeconds(d.get());
      } catch (IllegalArgumentException e) {
        throw in.invalid("oidc.duration", "\"" + d.get() + "\" is not a duration",
            "write a Go duration such as 1h, 90m or 1h30m");
      }
      if (duration < MIN_DURATION || duration > MAX_DURATION) {
        throw in.invalid("oidc.duration",
            String.format(Locale.ROOT, "\"%s\" is outside the range STS allows, %s to %s", d.get(),
                GoDuration.format(MIN_DURATION), GoDuration.format(MAX_DURATION)),
            "use a duration between 15m and 12h that is not above the role's maximum session duration (1h"
                + " unless raised)");
      }
    }
    List<String> policyArns = in.strings(o, "policyArns", "oidc.policyArns");
    if (policyArns.size() > MAX_POLICY_ARNS) {
      throw in.invalid("oidc.policyArns",
          "has " + policyArns.size() + " ARNs; STS accepts at most " + MAX_POLICY_ARNS + " session policies",
          "combine policies, or scope the role itself");
    }
    for (int i = 0; i < policyArns.size(); i++) {
      String p = policyArns.get(i);
      if (!p.startsWith("arn:") || p.length() < 20 || p.length() > 2048) {
        throw in.invalid("oidc.policyArns[" + i + "]", "\"" + p + "\" is not a managed policy ARN",
            "write it as arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>");
      }
    }
    List<String> attrs = in.strings(o, "subjectAttributes", "oidc.subjectAttributes");
    for (int i = 0; i < attrs.size(); i++) {
      if (!OidcTokenRequest.ALLOWED_SUBJECT_ATTRIBUTES.contains(attrs.get(i))) {
        throw in.invalid("oidc.subjectAttributes[" + i + "]",
            "\"" + attrs.get(i) + "\" is not a subject attribute; allowed: "
                + OidcTokenRequest.ALLOWED_SUBJECT_ATTRIBUTES,
            "the list is fixed so that a document cannot forge a subject a trust policy accepts");
      }
    }
    return new OidcInputs(roleArn, arn.group(1), sessionName, duration, policyArns, attrs);
  }

  private EscValue oidcLogin(Inputs in, EscValue.Obj o, ProviderContext context) throws ProviderException {
    OidcInputs oi = readOidc(in, o);
    OidcTokenSource source = tokenSource(context);
    if (!oi.subjectAttributes().isEmpty() && !source.customizesClaims()) {
      throw in.invalid("oidc.subjectAttributes",
          "cannot be applied: the OIDC token comes from " + source.description()
              + ", which esc4j passes through as it is and cannot give a custom sub claim",
          "remove subjectAttributes and match that token's own sub in the trust policy, or register a"
              + " SelfHostedIssuer as the OidcTokenSource");
    }
    OidcTokenRequest request =
        new OidcTokenRequest(
            context.organization().orElse(""),
            context.user().orElse(""),
            context.currentEnvironment(),
            context.rootEnvironment(),
            oi.subjectAttributes());
    String token;
    try {
      token = source.token(request);
    } catch (OidcTokenException e) {
      throw new ProviderException(NAME + ": getting the OIDC token: " + e.getMessage(), e, false, e.fix());
    }
    JwtClaims claims = JwtClaims.of(token);
    AwsClientSettings settings = context.service(AwsClientSettings.class).orElse(AwsClientSettings.defaults());
    AwsLoginCache.Key key = settings.loginCache() ? cacheKey(oi, token, claims, settings) : null;
    if (key != null) {
      Optional<AwsLogin> hit = cache.get(key);
      if (hit.isPresent()) {
        return output(hit.get());
      }
    }
    List<PolicyDescriptorType> policies = new ArrayList<>();
    oi.policyArns().forEach(p -> policies.add(PolicyDescriptorType.builder().arn(p).build()));
    AssumeRoleWithWebIdentityRequest.Builder req =
        AssumeRoleWithWebIdentityRequest.builder()
            .roleArn(oi.roleArn())
            .roleSessionName(oi.sessionName())
            .webIdentityToken(token)
            .durationSeconds((int) oi.durationSeconds())
            .overrideConfiguration(c -> c.apiCallTimeout(AwsErrors.remaining(context.deadline())));
    if (!policies.isEmpty()) {
      req.policyArns(policies);
    }
    AssumeRoleWithWebIdentityResponse res;
    try {
      StsClient sts = clients.sts(settings);
      res = sts.assumeRoleWithWebIdentity(req.build());
    } catch (SdkException e) {
      throw StsErrors.of(e, oi, claims, settings.stsRegion());
    } catch (IllegalArgumentException e) {
      throw new ProviderException(NAME + ": " + e.getMessage(), null, false, "");
    }
    Credentials c = res.credentials();
    if (c == null || c.accessKeyId() == null || c.secretAccessKey() == null) {
      throw new ProviderException(NAME + ": " + OPERATION + ": the response has no credentials", null, true, "");
    }
    AwsLogin login = new AwsLogin(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    if (key != null) {
      cache.put(key, login);
    }
    return output(login);
  }

  private static EscValue output(AwsLogin login) {
    Map<String, EscValue> out = new LinkedHashMap<>();
    out.put("accessKeyId", secret(login.accessKeyId()));
    out.put("secretAccessKey", secret(login.secretAccessKey()));
    if (login.sessionToken() != null) {
      out.put("sessionToken", secret(login.sessionToken()));
    }
    if (login.expiration() != null) {
      out.put("expiration", EscValue.Str.of(login.expiration().toString()));
    }
    return EscValue.Obj.of(out);
  }

  /** The cache key, or {@code null} (no caching) when the token's claims cannot be read. */
  private static AwsLoginCache.Key cacheKey(OidcInputs oi, String token, JwtClaims claims,
      AwsClientSettings settings) {
    Optional<String> other = AwsLoginCache.otherClaims(token);
    if (other.isEmpty() || claims.subject().isEmpty()) {
      return null;
    }
    String endpoint;
    try {
      endpoint = settings.endpointFor(AwsClientSettings.Service.STS).map(Object::toString).orElse("");
    } catch (IllegalArgumentException e) {
      return null; // the client fails with the message
    }
    return new AwsLoginCache.Key(oi.roleArn(), oi.sessionName(), oi.durationSeconds(), oi.policyArns(),
        claims.issuer(), claims.audience(), claims.subject(), other.get(), settings.stsRegion(), endpoint);
  }

  private static OidcTokenSource tokenSource(ProviderContext context) throws ProviderException {
    Optional<OidcTokenSource> registered = context.service(OidcTokenSource.class);
    if (registered.isPresent()) {
      return registered.get();
    }
    OidcTokenSource d = detected;
    if (d == null) {
      try {
        d = OidcTokenSource.detect();
      } catch (IllegalArgumentException e) {
        throw new ProviderException(NAME + ": detecting the OIDC token source: " + e.getMessage(), null, false,
            "fix " + OidcTokenSource.ESC_OIDC_PRIVATE_KEY_FILE + ", or register an OidcTokenSource");
      }
      detected = d;
    }
    return d;
  }

  private static EscValue secret(String s) {
    return new EscValue.Str(s, true);
  }
}

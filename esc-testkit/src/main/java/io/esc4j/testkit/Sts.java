package io.esc4j.testkit;

import io.jsonwebtoken.Claims;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** STS {@code AssumeRoleWithWebIdentity} over awsQuery. Internal. */
final class Sts {
  static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(.+)");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  /** A registered IAM OIDC provider. */
  record Provider(String issuer, Map<String, PublicKey> keys, List<String> audiences) {}

  private final LocalAwsServer server;
  private final Map<String, Provider> providers = new ConcurrentHashMap<>();
  private final Map<String, Role> roles = new ConcurrentHashMap<>();

  Sts(LocalAwsServer server) {
    this.server = server;
  }

  void addProvider(String issuer, Map<String, PublicKey> keys, List<String> audiences) {
    String iss = Role.stripSlash(issuer);
    URI u = URI.create(iss);
    if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
      throw new IllegalArgumentException("issuer must be an http(s) URL, was " + issuer);
    }
    providers.put(iss, new Provider(iss, keys, List.copyOf(audiences)));
  }

  Role role(String arn) {
    if (!ROLE_ARN.matcher(arn).matches()) {
      throw new IllegalArgumentException("not a role ARN: " + arn);
    }
    return roles.computeIfAbsent(arn, Role::new);
  }

  void clear() {
    providers.clear();
    roles.clear();
  }

  static Map<String, String> parseForm(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // leave a malformed pair out
      }
    }
    return out;
  }

  LocalAwsServer.Reply handle(Map<String, String> form) {
    String action = form.get("Action");
    if (action == null || action.isEmpty()) {
      throw new AwsError(400, "MissingAction", "Missing Action");
    }
    if (!action.equals("AssumeRoleWithWebIdentity")) {
      throw new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
    }
    String roleArn = required(form, "RoleArn", "roleArn");
    String sessionName = required(form, "RoleSessionName", "roleSessionName");
    String token = required(form, "WebIdentityToken", "webIdentityToken");
    if (roleArn.length() < 20 || roleArn.length() > 2048) {
      throw constraint(roleArn, "roleArn", "Member must have length greater than or equal to 20");
    }
    if (sessionName.length() < 2 || sessionName.length() > 64) {
      throw constraint(sessionName, "roleSessionName", sessionName.length() < 2
          ? "Member must have length greater than or equal to 2" : "Member must have length less than or equal to 64");
    }
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw constraint(sessionName, "roleSessionName", "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
    }
    if (token.length() < 4 || token.length() > 20000) {
      throw constraint("***", "webIdentityToken", token.length() < 4
          ? "Member must have length greater than or equal to 4" : "Member must have length less than or equal to 20000");
    }
    int duration = 3600;
    String ds = form.get("DurationSeconds");
    if (ds != null) {
      try {
        duration = Integer.parseInt(ds);
      } catch (NumberFormatException e) {
        throw constraint(ds, "durationSeconds", "Member must be an integer");
      }
      if (duration < 900) {
        throw constraint(ds, "durationSeconds", "Member must have value greater than or equal to 900");
      }
      if (duration > 43200) {
        throw constraint(ds, "durationSeconds", "Member must have value less than or equal to 43200");
      }
    }
    int policyArns = 0;
    while (form.containsKey("PolicyArns.member." + (policyArns + 1) + ".arn")) {
      policyArns++;
    }
    if (policyArns > 10) {
      throw new AwsError(400, "ValidationError", "1 validation error detected: Value at 'policyArns' failed to"
          + " satisfy constraint: Member must have length less than or equal to 10");
    }

    // the token: issuer registered, signature, exp/nbf, audience registered
    Jwt.Unverified u = Jwt.peek(token);
    Provider provider = providers.get(Role.stripSlash(u.issuer()));
    if (provider == null) {
      throw Jwt.invalid("No OpenIDConnect provider found in your account for " + u.issuer());
    }
    Claims claims = Jwt.verify(token, u, provider.keys(), server.clock, server.tokenSkew.getSeconds());
    List<String> aud = Jwt.audiences(claims);
    if (!provider.audiences().isEmpty() && aud.stream().noneMatch(provider.audiences()::contains)) {
      throw Jwt.invalid("Incorrect token audience");
    }
    String sub = claims.getSubject() == null ? "" : claims.getSubject();

    // the role's trust policy
    Role role = roles.get(roleArn);
    if (role == null && server.anyRole && ROLE_ARN.matcher(roleArn).matches()) {
      role = roles.computeIfAbsent(roleArn, a -> new Role(a).maxSessionDuration(Duration.ofHours(12)));
    }
    if (role == null || !trusts(role, provider, aud, sub, claims)) {
      throw new AwsError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }
    if (duration > role.maxSessionDuration().getSeconds()) {
      throw new AwsError(400, "ValidationError",
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    IssuedCredentials c = issue(roleArn, Duration.ofSeconds(duration));
    var m = ROLE_ARN.matcher(roleArn);
    m.matches();
    String roleName = m.group(2).substring(m.group(2).lastIndexOf('/') + 1);
    String assumedArn = "arn:aws:sts::" + m.group(1) + ":assumed-role/" + roleName + "/" + sessionName;
    String roleId = "AROA" + randomKey(17);
    String providerName = hostPath(provider.issuer());
    StringBuilder xml = new StringBuilder();
    xml.append("<AssumeRoleWithWebIdentityResponse xmlns=\"").append(NS).append("\">\n")
        .append("  <AssumeRoleWithWebIdentityResult>\n")
        .append("    <SubjectFromWebIdentityToken>").append(esc(sub)).append("</SubjectFromWebIdentityToken>\n")
        .append("    <Audience>").append(esc(aud.isEmpty() ? "" : aud.get(0))).append("</Audience>\n")
        .append("    <AssumedRoleUser>\n")
        .append("      <Arn>").append(esc(assumedArn)).append("</Arn>\n")
        .append("      <AssumedRoleId>").append(roleId).append(':').append(esc(sessionName))
        .append("</AssumedRoleId>\n")
        .append("    </AssumedRoleUser>\n")
        .append("    <Credentials>\n")
        .append("      <SessionToken>").append(esc(c.sessionToken())).append("</SessionToken>\n")
        .append("      <SecretAccessKey>").append(esc(c.secretAccessKey())).append("</SecretAccessKey>\n")
        .append("      <Expiration>").append(c.expiration()).append("</Expiration>\n")
        .append("      <AccessKeyId>").append(c.accessKeyId()).append("</AccessKeyId>\n")
        .append("    </Credentials>\n")
        .append("    <Provider>").append(esc(providerName)).append("</Provider>\n");
    if (policyArns > 0) {
      xml.append("    <PackedPolicySize>").append(Math.min(100, 5 * policyArns)).append("</PackedPolicySize>\n");
    }
    xml.append("  </AssumeRoleWithWebIdentityResult>\n")
        .append("  <ResponseMetadata>\n    <RequestId>").append(java.util.UUID.randomUUID())
        .append("</RequestId>\n  </ResponseMetadata>\n")
        .append("</AssumeRoleWithWebIdentityResponse>\n");
    return new LocalAwsServer.Reply(200, "text/xml", xml.toString());
  }

  private static boolean trusts(Role role, Provider provider, List<String> aud, String sub, Claims claims) {
    List<String> issuers = role.issuers();
    if (!issuers.isEmpty() && !issuers.contains(provider.issuer())) {
      return false;
    }
    for (Role.Condition c : role.conditions()) {
      List<String> values;
      switch (c.key()) {
        case "aud":
          values = aud;
          break;
        case "sub":
          values = List.of(sub);
          break;
        default:
          Object v = claims.get(c.key());
          values = v == null ? List.of() : List.of(String.valueOf(v));
      }
      if (!c.matches(values)) {
        return false;
      }
    }
    return true;
  }

  IssuedCredentials issue(String roleArn, Duration duration) {
    Instant exp = server.clock.instant().plus(duration).truncatedTo(ChronoUnit.SECONDS);
    byte[] token = new byte[96];
    RANDOM.nextBytes(token);
    byte[] secret = new byte[30];
    RANDOM.nextBytes(secret);
    IssuedCredentials c = new IssuedCredentials("ASIA" + randomKey(16),
        java.util.Base64.getEncoder().encodeToString(secret),
        "IQoJb3JpZ2luX2VzYzRq" + java.util.Base64.getEncoder().encodeToString(token), exp, roleArn);
    server.credentials.put(c.accessKeyId(), c);
    return c;
  }

  static LocalAwsServer.Reply error(AwsError e) {
    String type = e.status >= 500 ? "Receiver" : "Sender";
    String xml = "<ErrorResponse xmlns=\"" + NS + "\">\n  <Error>\n    <Type>" + type + "</Type>\n    <Code>"
        + esc(e.code) + "</Code>\n    <Message>" + esc(e.getMessage() == null ? "" : e.getMessage())
        + "</Message>\n  </Error>\n  <RequestId>" + java.util.UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n";
    return new LocalAwsServer.Reply(e.status, "text/xml", xml);
  }

  static String hostPath(String issuer) {
    URI u = URI.create(issuer);
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + (path.equals("/") ? "" : path);
  }

  private static String required(Map<String, String> form, String name, String member) {
    String v = form.get(name);
    if (v == null) {
      throw new AwsError(400, "ValidationError", "1 validation error detected: Value null at '" + member
          + "' failed to satisfy constraint: Member must not be null");
    }
    return v;
  }

  private static AwsError constraint(String value, String member, String constraint) {
    return new AwsError(400, "ValidationError", "1 validation error detected: Value '" + value + "' at '" + member
        + "' failed to satisfy constraint: " + constraint);
  }

  private static String randomKey(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(KEY_CHARS[RANDOM.nextInt(KEY_CHARS.length)]);
    }
    return sb.toString();
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The names of the registered issuers (for messages). */
  List<String> issuers() {
    return new ArrayList<>(providers.keySet());
  }
}

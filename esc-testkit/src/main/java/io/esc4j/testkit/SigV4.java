package io.esc4j.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 verification of a header-signed request, with the JDK only: the
 * canonical request, the string to sign and the HMAC-SHA256 key derivation of the AWS "Signature
 * Version 4 signing process". Failures are {@link AwsError}s with the codes AWS's JSON services
 * answer. Internal.
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final HexFormat HEX = HexFormat.of();

  private SigV4() {}

  /** The parts of an {@code Authorization} header. */
  record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
      String signature) {
    String scope() {
      return date + "/" + region + "/" + service + "/aws4_request";
    }
  }

  /** A request as received. */
  record Request(String method, String rawPath, String rawQuery, Function<String, List<String>> headers,
      byte[] body) {}

  static Authorization parse(String header) {
    if (header == null || header.isBlank()) {
      throw new AwsError(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    String h = header.trim();
    if (!h.startsWith(ALGORITHM + " ")) {
      throw new AwsError(400, "IncompleteSignatureException",
          "Unsupported AWS 'algorithm': only " + ALGORITHM + " is supported");
    }
    Map<String, String> parts = new LinkedHashMap<>();
    for (String p : h.substring(ALGORITHM.length()).split(",")) {
      int eq = p.indexOf('=');
      if (eq > 0) {
        parts.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
      }
    }
    for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
      if (!parts.containsKey(required)) {
        throw new AwsError(400, "IncompleteSignatureException",
            "Authorization header requires '" + required + "' parameter. Authorization=" + redactSignature(h));
      }
    }
    String[] cred = parts.get("Credential").split("/");
    if (cred.length != 5 || !cred[4].equals("aws4_request")) {
      throw new AwsError(400, "IncompleteSignatureException",
          "Credential should be scoped to a valid region, not ''. Credential must have exactly 5 slash-delimited"
              + " elements, e.g. keyid/date/region/service/term");
    }
    return new Authorization(cred[0], cred[1], cred[2], cred[3],
        List.of(parts.get("SignedHeaders").toLowerCase(Locale.ROOT).split(";")), parts.get("Signature"));
  }

  /**
   * Verifies the signature.
   *
   * @param auth the parsed header
   * @param req the request
   * @param secretAccessKey the secret key of {@code auth.accessKeyId()}
   * @param expectedService the signing name the endpoint expects
   * @param now the current time, for the 15-minute skew check
   */
  static void verify(Authorization auth, Request req, String secretAccessKey, String expectedService, Instant now) {
    if (!auth.service().equals(expectedService)) {
      throw new AwsError(400, "InvalidSignatureException",
          "Credential should be scoped to correct service: '" + expectedService + "'. ");
    }
    String amzDate = first(req.headers().apply("x-amz-date"));
    if (amzDate == null) {
      throw new AwsError(400, "IncompleteSignatureException",
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new AwsError(400, "IncompleteSignatureException", "Invalid X-Amz-Date: " + amzDate);
    }
    if (!amzDate.startsWith(auth.date())) {
      throw new AwsError(400, "InvalidSignatureException",
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
              + auth.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
    }
    if (signedAt.isBefore(now.minus(MAX_SKEW))) {
      throw new AwsError(400, "InvalidSignatureException", "Signature expired: " + amzDate + " is now earlier than "
          + AMZ_DATE.format(now.minus(MAX_SKEW).atOffset(ZoneOffset.UTC)) + " ("
          + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)) + " - 15 min.)");
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      throw new AwsError(400, "InvalidSignatureException", "Signature not yet current: " + amzDate
          + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW).atOffset(ZoneOffset.UTC)) + " ("
          + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)) + " + 15 min.)");
    }
    if (!auth.signedHeaders().contains("host")) {
      throw new AwsError(400, "InvalidSignatureException", "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }
    String expected = signature(auth, req, secretAccessKey, amzDate);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        auth.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      throw new AwsError(400, "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
              + " Access Key and signing method. Consult the service documentation for details.");
    }
  }

  /** The hex signature the request should carry. */
  static String signature(Authorization auth, Request req, String secretAccessKey, String amzDate) {
    String canonical = canonicalRequest(auth.signedHeaders(), req);
    String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + auth.scope() + "\n" + hex(sha256(canonical));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), auth.date());
    key = hmac(key, auth.region());
    key = hmac(key, auth.service());
    key = hmac(key, "aws4_request");
    return hex(hmac(key, stringToSign));
  }

  static String canonicalRequest(List<String> signedHeaders, Request req) {
    StringBuilder sb = new StringBuilder();
    sb.append(req.method().toUpperCase(Locale.ROOT)).append('\n');
    sb.append(canonicalPath(req.rawPath())).append('\n');
    sb.append(canonicalQuery(req.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      List<String> values = req.headers().apply(name);
      List<String> trimmed = new ArrayList<>();
      if (values != null) {
        for (String v : values) {
          trimmed.add(v.trim().replaceAll(" +", " "));
        }
      }
      sb.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    sb.append('\n');
    sb.append(String.join(";", signedHeaders)).append('\n');
    String declared = first(req.headers().apply("x-amz-content-sha256"));
    if (declared != null && declared.startsWith("UNSIGNED-PAYLOAD")) {
      sb.append(declared);
    } else {
      sb.append(hex(sha256(req.body())));
    }
    return sb.toString();
  }

  private static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    // the SDK signs non-S3 paths encoded twice; the path is already encoded once on the wire
    StringBuilder sb = new StringBuilder();
    for (char c : rawPath.toCharArray()) {
      sb.append(c == '%' ? "%25" : String.valueOf(c));
    }
    return sb.toString();
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    TreeMap<String, List<String>> params = new TreeMap<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    List<String> out = new ArrayList<>();
    params.forEach((k, vs) -> vs.stream().sorted().forEach(v -> out.add(k + "=" + v)));
    return String.join("&", out);
  }

  static byte[] sha256(String s) {
    return sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String redactSignature(String header) {
    return header.replaceAll("Signature=[0-9a-fA-F]+", "Signature=...");
  }
}

package io.esc4j.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.esc4j.aws.OidcTokenException;
import io.esc4j.aws.OidcTokenRequest;
import io.esc4j.aws.OidcTokenSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The built-in {@link OidcTokenSource}s that pass a platform's token through. */
public final class TokenSources {
  /** Created on first use: only the GitHub Actions source reads JSON, and a mapper is slow to set up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private TokenSources() {}

  static void refuseSubjectAttributes(OidcTokenSource source, OidcTokenRequest request)
      throws OidcTokenException {
    if (!request.subjectAttributes().isEmpty()) {
      throw new OidcTokenException(
          "subjectAttributes " + request.subjectAttributes() + " cannot be applied to the token from "
              + source.description() + ": that token is made by the platform, and esc4j cannot change its sub claim",
          "remove subjectAttributes (and match the platform token's own sub in the trust policy), or register a"
              + " SelfHostedIssuer as the OidcTokenSource",
          null);
    }
  }

  private static String checked(String token, String description) throws OidcTokenException {
    if (token == null || token.isBlank()) {
      throw new OidcTokenException("the token from " + description + " is empty", "", null);
    }
    String t = token.strip();
    if (t.length() < 4 || t.length() > 20000) {
      throw new OidcTokenException(
          "the token from " + description + " has " + t.length()
              + " characters; STS accepts 4 to 20000",
          "",
          null);
    }
    return t;
  }

  /** A token read from a file on every use. */
  public static final class FileToken implements OidcTokenSource {
    private final Path file;
    private final String description;

    /**
     * Creates the source.
     *
     * @param file the file
     * @param description how to name it in messages
     */
    public FileToken(Path file, String description) {
      this.file = file;
      this.description = description;
    }

    @Override
    public String token(OidcTokenRequest request) throws OidcTokenException {
      refuseSubjectAttributes(this, request);
      try {
        return checked(Files.readString(file, StandardCharsets.UTF_8), description);
      } catch (NoSuchFileException e) {
        throw new OidcTokenException(
            "the token file of " + description + " does not exist", "check the path", e);
      } catch (IOException e) {
        throw new OidcTokenException(
            "could not read the token file of " + description + ": " + e.getClass().getSimpleName(),
            "check the file's permissions",
            e);
      }
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public String toString() {
      return "OidcTokenSource[" + description + "]";
    }
  }

  /** A token from a supplier. */
  public static final class SupplierToken implements OidcTokenSource {
    private final Supplier<String> supplier;

    /**
     * Creates the source.
     *
     * @param supplier the supplier
     */
    public SupplierToken(Supplier<String> supplier) {
      this.supplier = supplier;
    }

    @Override
    public String token(OidcTokenRequest request) throws OidcTokenException {
      refuseSubjectAttributes(this, request);
      String t;
      try {
        t = supplier.get();
      } catch (RuntimeException e) {
        throw new OidcTokenException(
            "the token supplier failed: " + e.getClass().getName(), "", e);
      }
      return checked(t, description());
    }

    @Override
    public String description() {
      return "the explicit token supplier";
    }

    @Override
    public String toString() {
      return "OidcTokenSource[explicit]";
    }
  }

  /** GitHub Actions' ID token endpoint. */
  public static final class GitHubActions implements OidcTokenSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final URI requestUrl;
    private final String requestToken;
    private final String audience;

    /**
     * Creates the source.
     *
     * @param requestUrl {@code ACTIONS_ID_TOKEN_REQUEST_URL}
     * @param requestToken {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}
     * @param audience the audience to request, or {@code null} for the request's
     */
    public GitHubActions(URI requestUrl, String requestToken, String audience) {
      this.requestUrl = requestUrl;
      this.requestToken = requestToken;
      this.audience = audience;
    }

    @Override
    public String token(OidcTokenRequest request) throws OidcTokenException {
      refuseSubjectAttributes(this, request);
      String aud;
      try {
        aud = audience != null ? audience : request.audience();
      } catch (IllegalStateException e) {
        throw new OidcTokenException(e.getMessage(), "", null);
      }
      String base = requestUrl.toString();
      URI uri =
          URI.create(
              base + (base.contains("?") ? "&" : "?") + "audience="
                  + URLEncoder.encode(aud, StandardCharsets.UTF_8));
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .timeout(TIMEOUT)
              .header("Authorization", "bearer " + requestToken)
              .header("Accept", "application/json; api-version=2.0")
              .GET()
              .build();
      HttpResponse<String> res;
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        res = client.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new OidcTokenException(
            "could not reach GitHub Actions' token endpoint " + hostOf() + ": " + e.getClass().getSimpleName(),
            "", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OidcTokenException("interrupted while requesting the GitHub Actions token", "", e);
      }
      if (res.statusCode() != 200) {
        throw new OidcTokenException(
            "GitHub Actions' token endpoint answered HTTP " + res.statusCode(),
            "give the job the permission \"id-token: write\"",
            null);
      }
      try {
        JsonNode value = Json.MAPPER.readTree(res.body()).get("value");
        if (value == null || !value.isTextual()) {
          throw new OidcTokenException(
              "GitHub Actions' token endpoint answered without a \"value\"", "", null);
        }
        return checked(value.asText(), description());
      } catch (IOException e) {
        throw new OidcTokenException(
            "GitHub Actions' token endpoint answered with something that is not JSON", "", null);
      }
    }

    private String hostOf() {
      return requestUrl.getHost() == null ? "" : requestUrl.getHost();
    }

    @Override
    public String description() {
      return "GitHub Actions (" + hostOf() + ")";
    }

    @Override
    public String toString() {
      return "OidcTokenSource[" + description() + "]";
    }
  }

  /** No source was found; fails with what was tried. */
  public static final class Unavailable implements OidcTokenSource {
    private final List<String> tried;

    /**
     * Creates the source.
     *
     * @param tried what detection tried
     */
    public Unavailable(List<String> tried) {
      this.tried = List.copyOf(tried);
    }

    @Override
    public String token(OidcTokenRequest request) throws OidcTokenException {
      throw new OidcTokenException(
          "no OIDC token source was found; tried: " + String.join("; ", tried),
          "register one with Environment.builder().service(OidcTokenSource.class, ...) (a token, a file, a"
              + " supplier or a SelfHostedIssuer), or set " + OidcTokenSource.AWS_WEB_IDENTITY_TOKEN_FILE
              + " or " + OidcTokenSource.ESC_OIDC_ISSUER + " + " + OidcTokenSource.ESC_OIDC_PRIVATE_KEY_FILE,
          null);
    }

    @Override
    public String description() {
      return "no token source";
    }

    @Override
    public String toString() {
      return "OidcTokenSource[none]";
    }
  }
}

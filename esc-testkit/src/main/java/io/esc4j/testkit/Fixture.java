package io.esc4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * The YAML fixture format of {@link LocalAwsServer#loadFixture(String)}:
 *
 * <pre>{@code
 * oidcProviders:
 *   - issuer: https://issuer.example.com/esc
 *     jwks: '{"keys":[...]}'            # the JWKS document, as text
 *     audiences: [aws:acme]             # optional; none accepts any
 * roles:
 *   - arn: arn:aws:iam::123456789012:role/app
 *     maxSessionDuration: 7200          # seconds, optional (default 3600)
 *     trustIssuers: [https://issuer.example.com/esc]   # optional; default: every provider
 *     stringEquals: {aud: aws:acme}     # a value or a list of values
 *     stringLike: {sub: "pulumi:environments:org:acme:env:*"}
 * accessKeys:
 *   - {accessKeyId: AKIAEXAMPLE, secretAccessKey: secret}
 * secrets:
 *   api-key: my-api-key                 # a string: one current version
 *   prod-db: [old-value, new-value]     # a list: versions, the last one current
 * parameters:
 *   /myapp/url: https://db.example      # a string: a String parameter
 *   /myapp/hosts: {type: StringList, value: "a.example,b.example"}
 *   /myapp/password: {type: SecureString, value: s3cr3t, labels: [stable]}
 * }</pre>
 *
 * <p>Every section is optional; loading adds to what the server holds.
 */
public final class Fixture {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Fixture() {}

  static void load(LocalAwsServer server, String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("the fixture is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("the fixture must be a mapping");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!java.util.Set.of("oidcProviders", "roles", "accessKeys", "secrets", "parameters").contains(k)) {
        throw new IllegalArgumentException("unknown fixture section \"" + k
            + "\" (oidcProviders, roles, accessKeys, secrets, parameters)");
      }
    }
    for (JsonNode p : root.path("oidcProviders")) {
      server.oidcProvider(required(p, "issuer"), required(p, "jwks"), strings(p.path("audiences")));
    }
    for (JsonNode r : root.path("roles")) {
      Role role = server.role(required(r, "arn"));
      if (r.has("maxSessionDuration")) {
        role.maxSessionDuration(Duration.ofSeconds(r.get("maxSessionDuration").asLong()));
      }
      for (String i : strings(r.path("trustIssuers"))) {
        role.trustIssuer(i);
      }
      for (Map.Entry<String, JsonNode> c : iterable(r.path("stringEquals"))) {
        role.stringEquals(c.getKey(), strings(c.getValue()));
      }
      for (Map.Entry<String, JsonNode> c : iterable(r.path("stringLike"))) {
        role.stringLike(c.getKey(), strings(c.getValue()));
      }
    }
    for (JsonNode k : root.path("accessKeys")) {
      server.accessKey(required(k, "accessKeyId"), required(k, "secretAccessKey"));
    }
    for (Map.Entry<String, JsonNode> s : iterable(root.path("secrets"))) {
      for (String v : strings(s.getValue())) {
        server.secret(s.getKey(), v);
      }
    }
    for (Map.Entry<String, JsonNode> p : iterable(root.path("parameters"))) {
      JsonNode v = p.getValue();
      if (v.isValueNode()) {
        server.parameter(p.getKey(), v.asText());
      } else {
        ParameterType type = ParameterType.of(v.path("type").asText("String"));
        long version = server.parameter(p.getKey(), type, required(v, "value"));
        String[] labels = strings(v.path("labels"));
        if (labels.length > 0) {
          server.labelParameter(p.getKey(), version, labels);
        }
      }
    }
  }

  private static String required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isValueNode()) {
      throw new IllegalArgumentException("fixture entry " + n + " needs \"" + field + "\"");
    }
    return v.asText();
  }

  private static String[] strings(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return new String[0];
    }
    if (n.isValueNode()) {
      return new String[] {n.asText()};
    }
    String[] out = new String[n.size()];
    for (int i = 0; i < n.size(); i++) {
      out[i] = n.get(i).asText();
    }
    return out;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
    return n::fields;
  }
}

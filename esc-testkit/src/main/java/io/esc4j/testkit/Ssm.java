package io.esc4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** SSM {@code GetParameter}, {@code GetParameters} and {@code GetParametersByPath}. Internal. */
final class Ssm {
  /** One version of a parameter. */
  static final class Version {
    final long number;
    final ParameterType type;
    final String value;
    final Instant modified;
    final Set<String> labels = new LinkedHashSet<>();

    Version(long number, ParameterType type, String value, Instant modified) {
      this.number = number;
      this.type = type;
      this.value = value;
      this.modified = modified;
    }
  }

  /** A parameter's versions, oldest first. */
  static final class Param {
    final String name;
    final List<Version> versions = new ArrayList<>();

    Param(String name) {
      this.name = name;
    }

    synchronized Version latest() {
      return versions.get(versions.size() - 1);
    }
  }

  private final LocalAwsServer server;
  private final Map<String, Param> params = new ConcurrentHashMap<>();
  private final byte[] kmsKey = new byte[16];

  Ssm(LocalAwsServer server) {
    this.server = server;
    server.random.nextBytes(kmsKey);
  }

  long put(String name, ParameterType type, String value) {
    if (name == null || name.isEmpty() || name.length() > 2048 || name.contains(" ")) {
      throw new IllegalArgumentException("a parameter name has 1 to 2048 characters and no spaces, was \"" + name + "\"");
    }
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("a parameter value must not be empty");
    }
    Param p = params.computeIfAbsent(name, Param::new);
    synchronized (p) {
      long n = p.versions.size() + 1L;
      p.versions.add(new Version(n, type, value, server.clock.instant()));
      return n;
    }
  }

  void label(String name, long version, List<String> labels) {
    Param p = params.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    synchronized (p) {
      if (version < 1 || version > p.versions.size()) {
        throw new IllegalArgumentException("parameter " + name + " has no version " + version);
      }
      for (String l : labels) {
        if (l.isEmpty() || Character.isDigit(l.charAt(0)) || l.startsWith("aws") || l.startsWith("ssm")) {
          throw new IllegalArgumentException("invalid label \"" + l + "\"");
        }
        p.versions.forEach(v -> v.labels.remove(l));
        p.versions.get((int) version - 1).labels.add(l);
      }
    }
  }

  void delete(String name) {
    params.remove(name);
  }

  void clear() {
    params.clear();
  }

  LocalAwsServer.Reply handle(Operation op, byte[] body, String region) {
    JsonNode req = Json.parse(body);
    boolean decrypt = Json.bool(req, "WithDecryption");
    switch (op) {
      case GET_PARAMETER: {
        String name = Json.text(req, "Name");
        if (name == null || name.isEmpty()) {
          throw validation("Value null at 'name' failed to satisfy constraint: Member must not be null");
        }
        Lookup l = lookup(name.trim());
        if (l.param == null) {
          throw new AwsError(400, "ParameterNotFound", "Parameter " + l.name + " not found.");
        }
        if (l.version == null) {
          throw versionNotFound(l);
        }
        ObjectNode out = Json.object();
        out.set("Parameter", render(l, decrypt, region));
        return Json.ok(out);
      }
      case GET_PARAMETERS: {
        JsonNode names = req.get("Names");
        if (names == null || !names.isArray() || names.size() < 1 || names.size() > 10) {
          throw validation("Value '" + names + "' at 'names' failed to satisfy constraint: Member must have length"
              + (names != null && names.size() > 10 ? " less than or equal to 10" : " greater than or equal to 1"));
        }
        TreeMap<String, ObjectNode> found = new TreeMap<>();
        Set<String> invalid = new LinkedHashSet<>();
        for (JsonNode n : names) {
          String requested = n.asText();
          Lookup l = lookup(requested.trim());
          if (l.param == null || l.version == null) {
            invalid.add(requested);
          } else {
            found.putIfAbsent(l.param.name + "\u0000" + (l.selector == null ? "" : l.selector), render(l, decrypt, region));
          }
        }
        ObjectNode out = Json.object();
        ArrayNode ps = out.putArray("Parameters");
        found.values().forEach(ps::add);
        ArrayNode inv = out.putArray("InvalidParameters");
        invalid.forEach(inv::add);
        return Json.ok(out);
      }
      case GET_PARAMETERS_BY_PATH:
        return Json.ok(byPath(req, decrypt, region));
      default:
        throw new AwsError(400, "UnknownOperationException", null);
    }
  }

  private ObjectNode byPath(JsonNode req, boolean decrypt, String region) {
    String path = Json.text(req, "Path");
    if (path == null || path.isEmpty()) {
      throw validation("Value null at 'path' failed to satisfy constraint: Member must not be null");
    }
    if (!path.startsWith("/")) {
      throw validation("Value '" + path + "' at 'path' failed to satisfy constraint: Member must satisfy regular"
          + " expression pattern: ^/");
    }
    boolean recursive = Json.bool(req, "Recursive");
    int max = req.path("MaxResults").asInt(10);
    if (max < 1 || max > 10) {
      throw validation("Value '" + max + "' at 'maxResults' failed to satisfy constraint: Member must have value less"
          + " than or equal to 10");
    }
    String typeFilter = null;
    String labelFilter = null;
    for (JsonNode f : req.path("ParameterFilters")) {
      String key = f.path("Key").asText("");
      String v = f.path("Values").path(0).asText(null);
      switch (key) {
        case "Type" -> typeFilter = v;
        case "Label" -> labelFilter = v;
        case "KeyId" -> { }
        default -> throw new AwsError(400, "InvalidFilterKey", "The following filter key is not valid: " + key
            + ". Valid filter keys include: [Type, KeyId, Label].");
      }
    }
    String prefix = path.endsWith("/") ? path : path + "/";
    List<Lookup> matching = new ArrayList<>();
    for (Param p : new TreeMap<>(params).values()) {
      String name = p.name.startsWith("/") ? p.name : "/" + p.name;
      if (!name.startsWith(prefix) || name.length() == prefix.length()) {
        continue;
      }
      if (!recursive && name.indexOf('/', prefix.length()) >= 0) {
        continue;
      }
      Version v = null;
      synchronized (p) {
        if (labelFilter == null) {
          v = p.latest();
        } else {
          for (Version c : p.versions) {
            if (c.labels.contains(labelFilter)) {
              v = c;
            }
          }
        }
      }
      if (v == null || typeFilter != null && !v.type.wireName().equals(typeFilter)) {
        continue;
      }
      matching.add(new Lookup(p.name, null, p, v));
    }
    int start = decodeToken(Json.text(req, "NextToken"), "InvalidNextToken");
    ObjectNode out = Json.object();
    ArrayNode ps = out.putArray("Parameters");
    for (int i = start; i < Math.min(matching.size(), start + max); i++) {
      ps.add(render(matching.get(i), decrypt, region));
    }
    if (start + max < matching.size()) {
      out.put("NextToken", encodeToken(start + max));
    }
    return out;
  }

  /** A requested name resolved: the parameter, the selected version, the selector as sent. */
  private record Lookup(String name, String selector, Param param, Version version) {}

  private Lookup lookup(String requested) {
    String name = requested;
    String selector = null;
    if (requested.startsWith("arn:")) {
      // arn:aws:ssm:<region>:<account>:parameter/<name without leading slash>[:selector]
      String[] parts = requested.split(":", 6);
      if (parts.length == 6 && parts[2].equals("ssm") && parts[5].startsWith("parameter/")) {
        String rest = parts[5].substring("parameter".length());
        int colon = rest.indexOf(':');
        if (colon >= 0) {
          selector = rest.substring(colon + 1);
          rest = rest.substring(0, colon);
        }
        name = params.containsKey(rest) ? rest : rest.substring(1);
      }
    } else {
      int colon = requested.lastIndexOf(':');
      if (colon > 0) {
        selector = requested.substring(colon + 1);
        name = requested.substring(0, colon);
      }
    }
    Param p = params.get(name);
    if (p == null) {
      return new Lookup(name, selector, null, null);
    }
    Version v = null;
    synchronized (p) {
      if (selector == null) {
        v = p.latest();
      } else if (!selector.isEmpty() && selector.chars().allMatch(Character::isDigit)) {
        long n = Long.parseLong(selector);
        if (n >= 1 && n <= p.versions.size()) {
          v = p.versions.get((int) n - 1);
        }
      } else {
        for (Version c : p.versions) {
          if (c.labels.contains(selector)) {
            v = c;
          }
        }
      }
    }
    return new Lookup(name, selector, p, v);
  }

  private ObjectNode render(Lookup l, boolean decrypt, String region) {
    Version v = l.version;
    ObjectNode o = Json.object();
    o.put("Name", l.param.name);
    o.put("Type", v.type.wireName());
    o.put("Value", v.type == ParameterType.SECURE_STRING && !decrypt ? ciphertext(v.value) : v.value);
    o.put("Version", v.number);
    if (l.selector != null) {
      o.put("Selector", ":" + l.selector);
    }
    o.put("LastModifiedDate", Json.timestamp(v.modified));
    o.put("ARN", "arn:aws:ssm:" + region + ":" + server.account + ":parameter"
        + (l.param.name.startsWith("/") ? "" : "/") + l.param.name);
    o.put("DataType", "text");
    return o;
  }

  /** What AWS answers for a SecureString read without decryption: opaque base64 ciphertext. */
  private String ciphertext(String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[b.length + 8];
    System.arraycopy("esc-kms1".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 8);
    for (int i = 0; i < b.length; i++) {
      out[i + 8] = (byte) (b[i] ^ kmsKey[i % kmsKey.length] ^ i);
    }
    return "AQICAH" + Base64.getEncoder().encodeToString(out);
  }

  private static AwsError versionNotFound(Lookup l) {
    if (l.selector != null && l.selector.chars().allMatch(Character::isDigit)) {
      return new AwsError(400, "ParameterVersionNotFound", "Systems Manager could not find version " + l.selector
          + " of " + l.name + ". Verify the version and try again.");
    }
    return new AwsError(400, "ParameterNotFound", "Parameter " + l.name + ":" + l.selector + " not found.");
  }

  private static AwsError validation(String detail) {
    return new AwsError(400, "ValidationException", "1 validation error detected: " + detail);
  }

  static String encodeToken(int index) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("esc-testkit:" + index).getBytes(StandardCharsets.UTF_8));
  }

  static int decodeToken(String token, String errorCode) {
    if (token == null) {
      return 0;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (s.startsWith("esc-testkit:")) {
        return Integer.parseInt(s.substring("esc-testkit:".length()));
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new AwsError(400, errorCode, "The specified token is not valid.");
  }
}

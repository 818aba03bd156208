package io.esc4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets Manager {@code GetSecretValue} and {@code BatchGetSecretValue}. Internal. */
final class SecretsManager {
  static final String NOT_FOUND = "Secrets Manager can't find the specified secret.";
  private static final String SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  /** One version of a secret. */
  static final class Version {
    final String id;
    final String string;
    final byte[] binary;
    final Instant created;
    final Set<String> stages = new LinkedHashSet<>();

    Version(String id, String string, byte[] binary, Instant created) {
      this.id = id;
      this.string = string;
      this.binary = binary;
      this.created = created;
    }
  }

  /** A secret and its versions. */
  static final class Secret {
    final String name;
    final String suffix;
    final List<Version> versions = new ArrayList<>();

    Secret(String name, String suffix) {
      this.name = name;
      this.suffix = suffix;
    }
  }

  private final LocalAwsServer server;
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

  SecretsManager(LocalAwsServer server) {
    this.server = server;
  }

  String put(String name, String string, byte[] binary) {
    if (name == null || name.isEmpty() || name.length() > 512) {
      throw new IllegalArgumentException("a secret name has 1 to 512 characters");
    }
    Secret s = secrets.computeIfAbsent(name, n -> new Secret(n, suffix()));
    synchronized (s) {
      Version v = new Version(UUID.randomUUID().toString(), string, binary, server.clock.instant());
      for (Version old : s.versions) {
        old.stages.remove("AWSPREVIOUS");
        if (old.stages.remove("AWSCURRENT")) {
          old.stages.add("AWSPREVIOUS");
        }
      }
      v.stages.add("AWSCURRENT");
      s.versions.add(v);
      return v.id;
    }
  }

  String arn(String name, String region) {
    Secret s = secrets.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no secret named " + name);
    }
    return arn(s, region);
  }

  void delete(String name) {
    secrets.remove(name);
  }

  void clear() {
    secrets.clear();
  }

  private String arn(Secret s, String region) {
    return "arn:aws:secretsmanager:" + region + ":" + server.account + ":secret:" + s.name + "-" + s.suffix;
  }

  private String suffix() {
    StringBuilder sb = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      sb.append(SUFFIX_CHARS.charAt(server.random.nextInt(SUFFIX_CHARS.length())));
    }
    return sb.toString();
  }

  LocalAwsServer.Reply handle(Operation op, byte[] body, String region) {
    JsonNode req = Json.parse(body);
    switch (op) {
      case GET_SECRET_VALUE:
        return Json.ok(getSecretValue(req, region));
      case BATCH_GET_SECRET_VALUE:
        return Json.ok(batch(req, region));
      default:
        throw new AwsError(400, "UnknownOperationException", null);
    }
  }

  private ObjectNode getSecretValue(JsonNode req, String region) {
    String id = Json.text(req, "SecretId");
    if (id == null || id.isEmpty() || id.length() > 2048) {
      throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'secretId' failed to"
          + " satisfy constraint: Member must have length between 1 and 2048");
    }
    String versionId = Json.text(req, "VersionId");
    String stage = Json.text(req, "VersionStage");
    Secret s = find(id, region);
    if (s == null) {
      throw new AwsError(400, "ResourceNotFoundException", NOT_FOUND);
    }
    synchronized (s) {
      Version v = null;
      for (Version c : s.versions) {
        boolean idOk = versionId == null || c.id.equals(versionId);
        boolean stageOk = stage == null ? versionId != null || c.stages.contains("AWSCURRENT") : c.stages.contains(stage);
        if (idOk && stageOk) {
          v = c;
        }
      }
      if (v == null) {
        if (versionId != null && stage != null) {
          throw new AwsError(400, "InvalidRequestException",
              "You provided a VersionStage that is not associated to the provided VersionId.");
        }
        throw new AwsError(400, "ResourceNotFoundException", versionId != null
            ? "Secrets Manager can't find the specified secret value for VersionId: " + versionId
            : "Secrets Manager can't find the specified secret value for staging label: " + stage);
      }
      return value(s, v, region);
    }
  }

  private ObjectNode value(Secret s, Version v, String region) {
    ObjectNode o = Json.object();
    o.put("ARN", arn(s, region));
    o.put("Name", s.name);
    o.put("VersionId", v.id);
    if (v.string != null) {
      o.put("SecretString", v.string);
    } else {
      o.put("SecretBinary", Base64.getEncoder().encodeToString(v.binary));
    }
    ArrayNode stages = o.putArray("VersionStages");
    v.stages.forEach(stages::add);
    o.put("CreatedDate", Json.timestamp(v.created));
    return o;
  }

  private ObjectNode batch(JsonNode req, String region) {
    JsonNode ids = req.get("SecretIdList");
    JsonNode filters = req.get("Filters");
    boolean hasIds = ids != null && ids.isArray() && ids.size() > 0;
    boolean hasFilters = filters != null && filters.isArray() && filters.size() > 0;
    if (hasIds == hasFilters) {
      throw new AwsError(400, "InvalidParameterException",
          "Either 'SecretIdList' or 'Filters' must be provided, but not both.");
    }
    ObjectNode out = Json.object();
    ArrayNode values = out.putArray("SecretValues");
    ArrayNode errors = out.putArray("Errors");
    if (hasIds) {
      if (ids.size() > 20) {
        throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'secretIdList'"
            + " failed to satisfy constraint: Member must have length less than or equal to 20");
      }
      if (req.hasNonNull("MaxResults") || req.hasNonNull("NextToken")) {
        throw new AwsError(400, "InvalidParameterException",
            "To use MaxResults or NextToken, you must also use the Filters parameter.");
      }
      for (JsonNode idNode : ids) {
        String id = idNode.asText();
        Secret s = find(id, region);
        Version current = null;
        if (s != null) {
          synchronized (s) {
            for (Version v : s.versions) {
              if (v.stages.contains("AWSCURRENT")) {
                current = v;
              }
            }
            if (current != null) {
              values.add(value(s, current, region));
            }
          }
        }
        if (current == null) {
          ObjectNode e = errors.addObject();
          e.put("SecretId", id);
          e.put("ErrorCode", "ResourceNotFoundException");
          e.put("Message", NOT_FOUND);
        }
      }
      return out;
    }
    // Filters: "name" (prefix match, "!" negates) and "all"
    List<Secret> matching = new ArrayList<>();
    for (Secret s : secrets.values()) {
      boolean all = true;
      for (JsonNode f : filters) {
        String key = f.path("Key").asText("");
        boolean any = false;
        for (JsonNode valueNode : f.path("Values")) {
          String v = valueNode.asText();
          boolean neg = v.startsWith("!");
          String p = neg ? v.substring(1) : v;
          boolean m = switch (key) {
            case "name" -> s.name.startsWith(p);
            case "all" -> s.name.contains(p);
            default -> throw new AwsError(400, "InvalidParameterException",
                "esc-testkit supports the filter keys name and all, not " + key);
          };
          any |= neg != m;
        }
        all &= any;
      }
      if (all) {
        matching.add(s);
      }
    }
    matching.sort((a, b) -> a.name.compareTo(b.name));
    int max = req.path("MaxResults").asInt(20);
    if (max < 1 || max > 20) {
      throw new AwsError(400, "ValidationException", "1 validation error detected: Value '" + max
          + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20");
    }
    int start = Ssm.decodeToken(Json.text(req, "NextToken"), "InvalidNextTokenException");
    for (int i = start; i < Math.min(matching.size(), start + max); i++) {
      Secret s = matching.get(i);
      synchronized (s) {
        for (Version v : s.versions) {
          if (v.stages.contains("AWSCURRENT")) {
            values.add(value(s, v, region));
          }
        }
      }
    }
    if (start + max < matching.size()) {
      out.put("NextToken", Ssm.encodeToken(start + max));
    }
    return out;
  }

  private Secret find(String id, String region) {
    if (id.startsWith("arn:")) {
      String[] parts = id.split(":", 7);
      if (parts.length != 7 || !parts[2].equals("secretsmanager") || !parts[5].equals("secret")) {
        return null;
      }
      if (!parts[4].equals(server.account)) {
        return null;
      }
      String nameWithSuffix = parts[6];
      for (Secret s : secrets.values()) {
        if (nameWithSuffix.equals(s.name + "-" + s.suffix) || nameWithSuffix.equals(s.name)) {
          return s;
        }
      }
      return null;
    }
    return secrets.get(id);
  }
}

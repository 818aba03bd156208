package io.esc4j.testkit;

/** The AWS operations {@link LocalAwsServer} answers, each with its service and wire name. */
public enum Operation {
  /** STS {@code AssumeRoleWithWebIdentity} (awsQuery, unsigned). */
  ASSUME_ROLE_WITH_WEB_IDENTITY("sts", "AssumeRoleWithWebIdentity"),
  /** Secrets Manager {@code GetSecretValue} (awsJson1_1, SigV4). */
  GET_SECRET_VALUE("secretsmanager", "GetSecretValue"),
  /** Secrets Manager {@code BatchGetSecretValue} (awsJson1_1, SigV4). */
  BATCH_GET_SECRET_VALUE("secretsmanager", "BatchGetSecretValue"),
  /** SSM {@code GetParameter} (awsJson1_1, SigV4). */
  GET_PARAMETER("ssm", "GetParameter"),
  /** SSM {@code GetParameters} (awsJson1_1, SigV4). */
  GET_PARAMETERS("ssm", "GetParameters"),
  /** SSM {@code GetParametersByPath} (awsJson1_1, SigV4). */
  GET_PARAMETERS_BY_PATH("ssm", "GetParametersByPath");

  private final String service;
  private final String wireName;

  Operation(String service, String wireName) {
    this.service = service;
    this.wireName = wireName;
  }

  /**
   * The SigV4 signing name of the service.
   *
   * @return {@code sts}, {@code secretsmanager} or {@code ssm}
   */
  public String service() {
    return service;
  }

  /**
   * The operation's name on the wire.
   *
   * @return for example {@code GetSecretValue}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * The operation named by an {@code X-Amz-Target} header.
   *
   * @param target for example {@code secretsmanager.GetSecretValue} or {@code AmazonSSM.GetParameters}
   * @return the operation, or {@code null} when the target is not one of these
   */
  static Operation ofTarget(String target) {
    if (target == null) {
      return null;
    }
    int dot = target.indexOf('.');
    if (dot < 0) {
      return null;
    }
    String prefix = target.substring(0, dot);
    String name = target.substring(dot + 1);
    String service = prefix.equals("secretsmanager") ? "secretsmanager" : prefix.equals("AmazonSSM") ? "ssm" : null;
    for (Operation op : values()) {
      if (op.service.equals(service) && op.wireName.equals(name)) {
        return op;
      }
    }
    return null;
  }
}

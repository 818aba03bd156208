package io.esc4j.testkit;

/** An AWS error answer: HTTP status, error code and message. Internal. */
final class AwsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;

  AwsError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }
}

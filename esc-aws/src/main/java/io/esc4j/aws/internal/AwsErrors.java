package io.esc4j.aws.internal;

import io.esc4j.spi.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS SDK failures into {@link ProviderException}s in one place. Every message has the form
 * {@code <provider>: <service>:<Operation>: <ErrorCode>: <AWS message>}, and says whether trying
 * again may help. AWS error messages name resources (ids, ARNs), never secret values; esc4j adds
 * nothing secret to them.
 */
final class AwsErrors {
  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
          "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
          "ProvisionedThroughputExceededException", "SlowDown", "BandwidthLimitExceeded");
  private static final Set<String> TRANSIENT =
      Set.of("InternalError", "InternalFailure", "InternalServiceError", "InternalServerError",
          "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
          "IDPCommunicationError", "ExpiredTokenException");
  private static final Set<String> BAD_CREDENTIALS =
      Set.of("UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken",
          "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature", "AuthFailure");

  private AwsErrors() {}

  /** The AWS error code, or a name for a failure without one. */
  static String code(SdkException e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null
        && s.awsErrorDetails().errorCode() != null) {
      return s.awsErrorDetails().errorCode();
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return "Timeout";
    }
    if (e instanceof SdkClientException) {
      return "ClientError";
    }
    return e.getClass().getSimpleName();
  }

  /** The AWS message, without the SDK's request-id suffix. */
  static String message(SdkException e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      String m = s.awsErrorDetails().errorMessage();
      String status = " (HTTP " + s.statusCode() + ")";
      return (m == null || m.isBlank() ? "no message" : m.strip()) + status;
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.strip();
  }

  static boolean retryable(SdkException e) {
    if (e instanceof AwsServiceException s) {
      String c = code(e);
      return THROTTLING.contains(c) || TRANSIENT.contains(c) || s.statusCode() >= 500 || s.statusCode() == 429;
    }
    return e instanceof SdkClientException;
  }

  /** A fix for the codes every service shares; empty when none is known. */
  static String commonFix(String code, String operation, String region) {
    if (THROTTLING.contains(code)) {
      return "AWS throttled the calls; open again later, or raise the account's throughput for " + operation;
    }
    if (BAD_CREDENTIALS.contains(code)) {
      return "the login's credentials are invalid or expired: reopen the environment (EscAws.credentials"
          + " refreshes them), and check that login points at a current aws-login output";
    }
    if (code.startsWith("AccessDenied")) {
      return "allow " + operation + " in the policy of the login's role (plus kms:Decrypt for a customer-managed"
          + " KMS key)";
    }
    if (code.equals("Timeout")) {
      return "the call did not finish before the open's deadline; raise EvalLimits' timeout or check the network";
    }
    if (code.equals("ClientError")) {
      return "check the network, the region \"" + region + "\" and any endpoint override (AWS_ENDPOINT_URL*)";
    }
    return "";
  }

  static ProviderException of(String provider, String operation, SdkException e, String region, String context,
      String fix) {
    String code = code(e);
    String f = fix == null || fix.isEmpty() ? commonFix(code, operation, region) : fix;
    String msg = String.format(Locale.ROOT, "%s: %s: %s: %s%s", provider, operation, code, message(e),
        context == null || context.isEmpty() ? "" : " " + context);
    return new ProviderException(msg, e, retryable(e), f);
  }

  /** The time left before a deadline, at least one second. */
  static Duration remaining(Instant deadline) {
    Duration d = Duration.between(Instant.now(), deadline);
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }
}

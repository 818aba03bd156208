package io.esc4j.aws.internal;

import io.esc4j.spi.ProviderException;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The STS failures users meet most (pulumi/docs#19461), each with its cause and fix: the trust
 * policy does not allow the principal or action, the {@code aud}/{@code sub} claims do not meet its
 * conditions (the claims sent are shown), and a duration above the role's maximum.
 */
final class StsErrors {
  private StsErrors() {}

  static ProviderException of(SdkException e, AwsLoginProvider.OidcInputs in, JwtClaims claims, String region) {
    String code = AwsErrors.code(e);
    String msg = AwsErrors.message(e);
    String provider = claims.issuerHostPath().isEmpty() ? "<issuer host/path>" : claims.issuerHostPath();
    String principal = "arn:aws:iam::" + in.account() + ":oidc-provider/" + provider;
    String sent = "Claims sent: " + claims + ".";
    String cause;
    String fix;
    switch (code) {
      case "AccessDenied":
      case "AccessDeniedException":
        cause = "The trust policy of " + in.roleArn() + " does not allow this token: either it does not let the"
            + " federated principal " + principal + " perform sts:AssumeRoleWithWebIdentity, or its aud/sub"
            + " conditions do not match the claims. " + sent;
        fix = String.format(Locale.ROOT,
            "in the role's trust policy, allow Principal {\"Federated\": \"%s\"} the Action"
                + " \"sts:AssumeRoleWithWebIdentity\", with Condition StringEquals \"%s:aud\": \"%s\" and"
                + " StringEquals (or StringLike with *) \"%s:sub\": \"%s\"; a wrong organization name or a changed"
                + " subjectAttributes list is the usual cause of a mismatch",
            principal, provider, claims.audience(), provider, claims.subject());
        break;
      case "InvalidIdentityToken":
        if (msg.toLowerCase(Locale.ROOT).contains("audience")) {
          cause = "AWS does not accept the token's audience: the IAM OIDC provider for the issuer does not list it."
              + " " + sent;
          fix = "add \"" + claims.audience() + "\" to the audiences (client IDs) of the IAM OIDC provider "
              + principal + " (aws:<org>, or just <org> for a legacy default-project environment)";
        } else {
          cause = "AWS could not validate the token. " + sent;
          fix = "register the issuer \"" + claims.issuer() + "\" as an IAM OIDC provider (" + principal
              + ") with the audience \"" + claims.audience() + "\", serve its /.well-known/openid-configuration and"
              + " JWKS over HTTPS, and sign with RS256 and a kid that the JWKS lists";
        }
        break;
      case "ValidationError":
      case "ValidationException":
        if (msg.contains("MaxSessionDuration") || msg.contains("DurationSeconds")) {
          cause = String.format(Locale.ROOT,
              "The requested duration %s (%d seconds) is above the role's maximum session duration, which is"
                  + " one hour unless raised.",
              GoDuration.format(in.durationSeconds()), in.durationSeconds());
          fix = "raise the role's Maximum session duration (IAM console, or aws iam update-role --role-name <name>"
              + " --max-session-duration 43200; up to 12 hours), or lower oidc.duration to fit it (for example 1h;"
              + " the default is 2h)";
        } else {
          cause = "STS rejected the request. " + sent;
          fix = "check oidc.roleArn, oidc.sessionName and oidc.policyArns";
        }
        break;
      case "ExpiredTokenException":
        cause = "The OIDC token had expired when STS checked it. " + sent;
        fix = "check the machine's clock; for a token file, check that the platform refreshes it";
        break;
      case "IDPCommunicationError":
        cause = "STS could not reach the issuer's discovery document or JWKS. " + sent;
        fix = "make " + claims.issuer() + "/.well-known/openid-configuration and its jwks_uri reachable from AWS"
            + " over HTTPS, then open again";
        break;
      case "IDPRejectedClaim":
        cause = "The identity provider rejected the token. " + sent;
        fix = "mint a fresh token";
        break;
      case "MalformedPolicyDocument":
      case "PackedPolicyTooLarge":
        cause = "The session policies are not acceptable.";
        fix = "check oidc.policyArns: at most 10 existing managed policy ARNs";
        break;
      case "RegionDisabledException":
        cause = "STS is not activated in the region \"" + region + "\".";
        fix = "activate STS in that region, or set another STS region (AWS_REGION, or"
            + " AwsClientSettings.stsRegion)";
        break;
      default:
        cause = "";
        fix = AwsErrors.commonFix(code, AwsLoginProvider.OPERATION, region);
    }
    return AwsErrors.of(AwsLoginProvider.NAME, AwsLoginProvider.OPERATION, e, region,
        cause, fix);
  }
}

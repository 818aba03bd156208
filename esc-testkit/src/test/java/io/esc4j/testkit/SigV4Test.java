package io.esc4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SigV4 against the AWS documentation's test suite vector ("get-vanilla"). */
class SigV4Test {
  private static final Map<String, List<String>> HEADERS =
      Map.of("host", List.of("example.amazonaws.com"), "x-amz-date", List.of("20150830T123600Z"));
  private static final SigV4.Request GET_VANILLA = new SigV4.Request("GET", "/", null, HEADERS::get, new byte[0]);
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  @Test
  void getVanillaVector() {
    SigV4.Authorization auth = SigV4.parse("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
        + "aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    assertThat(SigV4.canonicalRequest(auth.signedHeaders(), GET_VANILLA)).isEqualTo(
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(SigV4.signature(auth, GET_VANILLA, SECRET, "20150830T123600Z"))
        .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    SigV4.verify(auth, GET_VANILLA, SECRET, "service", Instant.parse("2015-08-30T12:40:00Z"));
  }

  @Test
  void rejectsWrongKeyServiceAndSkew() {
    SigV4.Authorization auth = SigV4.parse("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
        + "aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    Instant now = Instant.parse("2015-08-30T12:40:00Z");
    assertThatThrownBy(() -> SigV4.verify(auth, GET_VANILLA, SECRET + "x", "service", now))
        .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code).isEqualTo("InvalidSignatureException"))
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> SigV4.verify(auth, GET_VANILLA, SECRET, "ssm", now))
        .hasMessageContaining("Credential should be scoped to correct service: 'ssm'");
    assertThatThrownBy(() -> SigV4.verify(auth, GET_VANILLA, SECRET, "service", now.plusSeconds(3600)))
        .hasMessageContaining("Signature expired: 20150830T123600Z is now earlier than");
  }

  @Test
  void malformedHeaders() {
    assertThatThrownBy(() -> SigV4.parse(null))
        .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code).isEqualTo("MissingAuthenticationTokenException"));
    assertThatThrownBy(() -> SigV4.parse("AWS4-HMAC-SHA256 Credential=A/B/C/D/aws4_request, SignedHeaders=host"))
        .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code).isEqualTo("IncompleteSignatureException"));
  }
}

package io.esc4j.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoBase64Test {
  @Test
  void decodesWhatTheJdkEncodesWithLineBreaksAnywhere() throws Exception {
    Random r = new Random(7);
    for (int n = 0; n < 2000; n++) {
      byte[] bytes = new byte[r.nextInt(64)];
      r.nextBytes(bytes);
      StringBuilder text = new StringBuilder(Base64.getEncoder().encodeToString(bytes));
      for (int k = r.nextInt(3); k > 0; k--) {
        text.insert(r.nextInt(text.length() + 1), r.nextBoolean() ? "\n" : "\r\n");
      }
      assertThat(GoBase64.decode(text.toString())).as("%s", text).isEqualTo(bytes);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "YQ|2", "YQ=|2", "Y===|1", "=|0", "YWJ|3", "YQ==YQ==|4", "Y Q==|1", "YQ=x|3", "é|0",
      "YWJjZA=|6", "*|0", "YWJjZGVmZw|10"})
  void reportsTheOffsetGoReports(String text, int at) {
    assertThatThrownBy(() -> GoBase64.decode(text)).isInstanceOf(GoBase64.Malformed.class)
        .hasMessage("illegal base64 data at input byte " + at);
  }

  @Test
  void paddingAndLineBreaksAfterIt() throws Exception {
    assertThat(GoBase64.decode("")).isEmpty();
    assertThat(GoBase64.decode("YQ==\n")).containsExactly('a');
    assertThat(GoBase64.decode("YQ=\n=")).containsExactly('a');
    assertThat(GoBase64.decode("YW\nJj\r\n")).containsExactly('a', 'b', 'c');
  }
}

package io.esc4j.aws.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes RSA private keys in PEM form (PKCS#8 and PKCS#1). */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final byte[] RSA_ALGORITHM_ID = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01,
    0x05, 0x00
  };

  private Pem() {}

  /**
   * Parses an RSA private key ({@code BEGIN PRIVATE KEY} or {@code BEGIN RSA PRIVATE KEY}).
   *
   * @param pem the PEM text
   * @return the key, with CRT parameters
   * @throws IllegalArgumentException when the text holds no usable RSA private key; the message
   *     never contains key material
   */
  public static RSAPrivateCrtKey parseRsaPrivateKey(String pem) {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      if (!type.equals("PRIVATE KEY") && !type.equals("RSA PRIVATE KEY")) {
        continue;
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      if (type.equals("RSA PRIVATE KEY")) {
        der = pkcs1ToPkcs8(der);
      }
      try {
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        if (key instanceof RSAPrivateCrtKey crt) {
          return crt;
        }
        throw new IllegalArgumentException("the PEM key has no RSA CRT parameters");
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "the PEM block \"" + type + "\" is not an RSA private key (PKCS#8 or PKCS#1)");
      }
    }
    throw new IllegalArgumentException(
        "no \"BEGIN PRIVATE KEY\" or \"BEGIN RSA PRIVATE KEY\" block found (an RSA key is needed: AWS STS"
            + " accepts only RS256 tokens)");
  }

  /**
   * Derives the public key of an RSA private key.
   *
   * @param key the private key
   * @return the public key
   */
  public static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
  }

  /**
   * Writes a private key as a PKCS#8 PEM block.
   *
   * @param key the key
   * @return the PEM text
   */
  public static String toPem(PrivateKey key) {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
  }

  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM_ID);
    body.write(0x04);
    body.writeBytes(length(pkcs1.length));
    body.writeBytes(pkcs1);
    byte[] b = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(length(b.length));
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    byte[] v = BigInteger.valueOf(n).toByteArray();
    int start = v[0] == 0 ? 1 : 0;
    byte[] out = new byte[v.length - start + 1];
    out[0] = (byte) (0x80 | (v.length - start));
    System.arraycopy(v, start, out, 1, v.length - start);
    return out;
  }
}

/**
 * Keys for secrets at rest: a local AES-256-GCM {@link io.esc4j.crypto.LocalKey} and the {@link
 * io.esc4j.crypto.LocalKeyring} that encrypts and decrypts the payload of {@code fn::secret:
 * {ciphertext: ...}} values with it.
 *
 * <p>Payload format (inside the ESC {@code escx} envelope, which adds its own version and
 * CRC-32): {@code format (1 byte) = 1 | scheme (1 byte) | scheme data}. Scheme 1 is a local
 * AES-256-GCM key: {@code key id (8 bytes) | nonce (12 bytes) | ciphertext | tag (16 bytes)},
 * where the first 10 bytes are authenticated as associated data. Scheme 2 is AWS KMS (esc-aws).
 * The key id names the key a value was encrypted with, so decrypting with the wrong key says
 * which key is needed instead of producing garbage.
 *
 * <p>This package is API.
 */
package io.esc4j.crypto;

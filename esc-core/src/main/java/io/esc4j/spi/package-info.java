/**
 * For extenders: {@link io.esc4j.spi.Provider}s (what {@code fn::open::NAME} calls), {@link
 * io.esc4j.spi.Rotator}s, {@link io.esc4j.spi.EnvironmentStore}s (where documents come from),
 * and the {@link io.esc4j.spi.Decrypter} / {@link io.esc4j.spi.Encrypter} of ciphertext secrets.
 *
 * <p>This package is API.
 */
package io.esc4j.spi;

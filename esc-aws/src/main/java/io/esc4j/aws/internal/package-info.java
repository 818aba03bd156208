/**
 * Not API: the providers {@code aws-login}, {@code aws-secrets} and {@code aws-parameter-store},
 * the client cache, and the mapping of AWS SDK failures to provider errors. Types here are public
 * only so that {@link java.util.ServiceLoader} and the public package can reach them; they can
 * change in any release.
 */
package io.esc4j.aws.internal;

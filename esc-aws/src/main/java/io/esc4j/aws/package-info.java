/**
 * esc-aws's public API: {@link io.esc4j.aws.EscAws}, the {@link io.esc4j.aws.OidcTokenSource} SPI
 * with the {@link io.esc4j.aws.SelfHostedIssuer}, {@link io.esc4j.aws.AwsClientSettings}, and the
 * {@link io.esc4j.aws.RefreshingCredentialsProvider}.
 */
package io.esc4j.aws;

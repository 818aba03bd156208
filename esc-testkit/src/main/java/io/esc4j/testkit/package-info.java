/**
 * esc-testkit: {@link io.esc4j.testkit.LocalAwsServer}, a local AWS endpoint in pure Java (STS,
 * Secrets Manager, SSM wire protocols) that verifies web identity tokens and SigV4 signatures,
 * injects latency and faults, and logs every request, for offline tests.
 */
package io.esc4j.testkit;

/**
 * esc-junit5: {@link io.esc4j.junit5.EscEnvironment}, {@link io.esc4j.junit5.EscValue} and {@link
 * io.esc4j.junit5.LocalAws}, a JUnit 5 extension that opens environments for tests and, with
 * esc-testkit, runs them against a local AWS endpoint.
 */
package io.esc4j.junit5;

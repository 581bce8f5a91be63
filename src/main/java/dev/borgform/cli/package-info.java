/**
 * The command line: picocli commands ({@code plan}, {@code apply}, {@code validate}, {@code
 * export}, {@code emulator}, {@code completion}), the {@code Environment} they are given
 * (variables, working directory, streams, terminal), the session that builds the API client and the
 * sandbox, and the last line of defence for the token ({@code RedactingWriter}). The one package
 * that wires the others together; no other package depends on it.
 */
package dev.borgform.cli;

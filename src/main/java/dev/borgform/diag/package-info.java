/**
 * What every layer reports with: {@code Diagnostic} and {@code SourcePos} ({@code file:line:col}),
 * the exceptions that carry an exit code ({@code ExitCodes}, product.md section 4), and {@code
 * Printable}, the one function that neutralises text from the account or a file before a person
 * reads it. Depends on nothing else of borgform.
 */
package dev.borgform.diag;

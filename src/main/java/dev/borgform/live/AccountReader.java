package dev.borgform.live;

/**
 * Port through which the core reads the account. The BorgBase client implements it with one GraphQL
 * request; tests use in-memory fakes.
 */
public interface AccountReader {
  LiveState read();
}

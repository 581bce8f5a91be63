package dev.borgform.api;

/**
 * Where {@code --debug} sends the HTTP log, one line at a time. The client redacts before it
 * writes: the Authorization header appears as {@code Bearer [REDACTED]} and the token nowhere.
 */
@FunctionalInterface
public interface HttpLog {
  HttpLog NONE = line -> {};

  void line(String text);
}

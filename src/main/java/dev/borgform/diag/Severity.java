package dev.borgform.diag;

public enum Severity {
  ERROR,
  WARNING
}

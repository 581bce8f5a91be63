package dev.borgform.model;

/**
 * Why a text is not an SSH public key BorgBase accepts. The message never contains the key text: if
 * a private key was pasted by mistake, echoing it would leak it into logs.
 */
public final class InvalidPublicKeyException extends Exception {
  private final boolean privateKey;

  InvalidPublicKeyException(String message, boolean privateKey) {
    super(message);
    this.privateKey = privateKey;
  }

  /** True when the text is a private key; callers must not show any part of it. */
  public boolean isPrivateKey() {
    return privateKey;
  }
}

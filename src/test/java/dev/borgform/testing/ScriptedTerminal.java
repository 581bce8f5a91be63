package dev.borgform.testing;

import dev.borgform.cli.Terminal;
import java.time.Duration;

/** A person at a terminal who takes their time, then answers the prompt. */
public final class ScriptedTerminal implements Terminal {
  private final Duration pause;
  private final String answer;

  public ScriptedTerminal(Duration pause, String answer) {
    this.pause = pause;
    this.answer = answer;
  }

  @Override
  public boolean interactive() {
    return true;
  }

  @Override
  public String readLine() {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return answer;
  }
}

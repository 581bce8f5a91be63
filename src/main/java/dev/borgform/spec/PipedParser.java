package dev.borgform.spec;

import dev.borgform.concurrent.Pipe;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * SnakeYAML's parser run on a thread of its own ({@link Pipe}): it scans a large spec into events
 * while the composer, on the caller's thread, makes nodes of the events already parsed. Scanning is
 * most of composing a spec (about 0.5 s of 0.8 s at 10,000 keys and 10,000 repos), so on two cores
 * the two overlap instead of adding up.
 *
 * <p>The composer sees exactly what it would see calling the parser itself: the parser makes each
 * event once, lazily, whoever asks, so the same events come in the same order, and a YAML error
 * (thrown by the parser when it makes the event after the last good one) reaches the composer when
 * it asks for that event, with the same marks. {@code PipedParserTest} holds every spec of the test
 * corpus, broken YAML, and every cut-short copy of the example spec to the same outcome both ways.
 */
final class PipedParser implements Parser, AutoCloseable {
  /** Events handed over at a time: a hand-over per event would cost more than making one. */
  private static final int BATCH = 512;

  private final Pipe<Event> events;

  PipedParser(Parser parser) {
    events =
        Pipe.start(
            "borgform-yaml-parser",
            BATCH,
            new Pipe.Source<>() {
              private boolean ended;

              @Override
              public @Nullable Event next() {
                if (ended) return null;
                Event e = parser.getEvent();
                // After the stream's end SnakeYAML's parser has nothing more to give.
                if (e == null || e instanceof StreamEndEvent) ended = true;
                return e;
              }
            });
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    Event e = events.peek();
    return e != null && e.is(choice);
  }

  @Override
  public @Nullable Event peekEvent() {
    return events.peek();
  }

  @Override
  public @Nullable Event getEvent() {
    return events.take();
  }

  @Override
  public void close() {
    events.close();
  }
}

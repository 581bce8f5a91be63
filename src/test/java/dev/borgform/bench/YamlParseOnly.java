package dev.borgform.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * SnakeYAML's parser alone over one file, in a fresh JVM: the least any spec reading built on
 * SnakeYAML does (no nodes, no spec), for the bench's account of what the goals at 10,000 + 10,000
 * leave to borgform's own work. Prints one JSON line: the file's events, and the wall and CPU time
 * of the parse on this one thread. Argument: the file.
 */
public final class YamlParseOnly {
  private YamlParseOnly() {}

  public static void main(String[] args) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Probe probe = Probe.start();
    long threadCpu = threads.getCurrentThreadCpuTime();
    String text = Files.readString(Path.of(args[0]));
    LoaderOptions options = new LoaderOptions();
    // As borgform reads a spec: comments not kept, the file's size allowed.
    options.setProcessComments(false);
    options.setCodePointLimit(8 * 1024 * 1024);
    Parser parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
    long events = 0;
    while (true) {
      events++;
      if (parser.getEvent() instanceof StreamEndEvent) break;
    }
    threadCpu = threads.getCurrentThreadCpuTime() - threadCpu;
    Map<String, Object> m = probe.stop();
    m.put("threadCpuMs", threadCpu / 1_000_000.0);
    m.put("events", events);
    System.out.println(new ObjectMapper().writeValueAsString(m));
  }
}

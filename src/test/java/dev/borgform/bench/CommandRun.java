package dev.borgform.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.Main;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs one borgform command in this (forked) JVM through {@link Main#run}, exactly as the CLI does,
 * against the endpoint and token in the environment. Standard output is counted and dropped (a
 * 10,000-repo plan prints 20,000 lines); the last line printed is the measurement as JSON.
 * Arguments: the borgform command line.
 */
public final class CommandRun {
  private CommandRun() {}

  public static void main(String[] args) throws Exception {
    long[] bytes = {0};
    OutputStream counting =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            bytes[0] += len;
          }
        };
    PrintWriter out =
        new PrintWriter(new java.io.OutputStreamWriter(counting, StandardCharsets.UTF_8));
    StringWriter err = new StringWriter();
    Probe probe = Probe.start();
    int exit = Main.run(args, System.getenv(), out, new PrintWriter(err));
    Map<String, Object> m = probe.stop();
    m.put("exit", exit);
    m.put("outputBytes", bytes[0]);
    if (exit != 0 && exit != 2) {
      m.put("error", err.toString());
      m.put("args", Arrays.toString(args));
    }
    System.out.println(new ObjectMapper().writeValueAsString(m));
  }
}

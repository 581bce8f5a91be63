package dev.borgform.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version, from a resource Maven fills in at build time. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Properties p = properties();
    String commit = p.getProperty("commit", "");
    String line = "borgform " + p.getProperty("version", "unknown");
    // Unfilled placeholders mean the jar was built outside a git checkout: no commit to show.
    if (!commit.isEmpty() && !commit.startsWith("${")) {
      boolean dirty = "true".equals(p.getProperty("dirty"));
      line += " (commit " + commit + (dirty ? ", with uncommitted changes" : "") + ")";
    }
    return new String[] {line};
  }

  static String version() {
    return properties().getProperty("version", "unknown");
  }

  private static Properties properties() {
    Properties p = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/dev/borgform/version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      // A missing version is not worth failing a command for.
    }
    return p;
  }
}

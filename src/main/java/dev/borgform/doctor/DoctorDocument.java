package dev.borgform.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The report as a versioned JSON document ({@code doctor --output json}), for scripts and bug
 * reports. {@code formatVersion} changes only when a field is removed or changes meaning; fields
 * may be added. Text keeps its exact value (JSON escapes what a terminal would misread).
 */
public final class DoctorDocument {
  public static final String FORMAT_VERSION = "1";

  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String write(DoctorReport report) {
    ObjectNode root = json.createObjectNode();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("endpoint", report.endpoint());
    root.put("passed", report.passed());
    ObjectNode summary = root.putObject("summary");
    for (Status s : Status.values()) summary.put(s.word(), report.count(s));
    ArrayNode checks = root.putArray("checks");
    for (Check c : report.checks()) {
      ObjectNode n = checks.addObject();
      n.put("id", c.id());
      n.put("title", c.title());
      n.put("status", c.status().word());
      n.put("summary", c.summary());
      ArrayNode details = n.putArray("details");
      c.details().forEach(details::add);
      n.put("hint", c.hint());
      ArrayNode findings = n.putArray("findings");
      for (Finding f : c.findings()) {
        ObjectNode fn = findings.addObject();
        fn.put("operation", f.operation());
        fn.put("what", f.what());
        fn.put("breaks", f.breaks());
        fn.put("hint", f.hint());
      }
    }
    try {
      return json.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the doctor report", e);
    }
  }
}

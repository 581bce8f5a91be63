package dev.borgform.testing;

import dev.borgform.plan.Change;
import dev.borgform.plan.FieldChange;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanNote;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A plan as compact text, one line per change, for table tests whose expectations read like the
 * plan a user sees (dnscontrol's readable dumps). Key references show their id, or "new".
 */
public final class PlanDump {
  private PlanDump() {}

  public static String of(Plan plan) {
    StringBuilder sb = new StringBuilder();
    for (Change c : plan.changes()) {
      sb.append(c.action().symbol()).append(' ').append(c.address());
      if (c.liveId() != null) sb.append(" #").append(c.liveId());
      List<FieldChange> fields = c.fields();
      if (c.action() == dev.borgform.plan.Action.UPDATE) {
        for (FieldChange f : fields) {
          sb.append(" ")
              .append(f.field())
              .append('=')
              .append(show(f.before()))
              .append("->")
              .append(show(f.after()));
        }
      }
      if (c instanceof dev.borgform.plan.RepoDelete d && d.detach() != null) {
        sb.append(" detach:");
        for (KeyRef r : d.detach().allKeyRefs())
          sb.append(' ').append(r.name()).append(':').append(r.id());
        if (d.detach().allKeyRefs().isEmpty()) sb.append(" all");
      }
      sb.append('\n');
    }
    for (PlanNote n : plan.notes()) {
      sb.append("! ").append(n.kind()).append(' ').append(n.address()).append('\n');
    }
    return sb.toString();
  }

  private static String show(Object v) {
    if (v instanceof List<?> l) {
      return l.stream()
          .map(
              o ->
                  o instanceof KeyRef r
                      ? r.name() + ":" + (r.isPending() ? "new" : r.id())
                      : String.valueOf(o))
          .collect(Collectors.joining(",", "[", "]"));
    }
    return String.valueOf(v);
  }
}

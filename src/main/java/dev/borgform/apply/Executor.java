package dev.borgform.apply;

import dev.borgform.model.LiveKey;
import dev.borgform.plan.Change;
import dev.borgform.plan.KeyCreate;
import dev.borgform.plan.KeyDelete;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.KeyReplace;
import dev.borgform.plan.Phase;
import dev.borgform.plan.Plan;
import dev.borgform.plan.RepoCreate;
import dev.borgform.plan.RepoDelete;
import dev.borgform.plan.RepoSettings;
import dev.borgform.plan.RepoUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Applies a plan through the {@link AccountWriter} port, phase by phase (add keys; add and edit
 * repos; delete keys; delete repos). Ids of keys created in the first phase are filled into the
 * repo mutations of the second. At the first mutation that does not succeed it stops: later phases
 * depend on earlier ones (a key is deleted only after every repo moved off it), so going on could
 * cut access. The report says what was applied, what failed and what was not attempted.
 */
public final class Executor {
  private final AccountWriter writer;
  private final int batchSize;
  private final BooleanSupplier stopRequested;

  public Executor(AccountWriter writer, int batchSize) {
    this(writer, batchSize, () -> false);
  }

  /**
   * @param stopRequested asked before each batch is sent; once true, nothing more is sent and the
   *     rest is reported as not attempted (Ctrl-C: the batch in flight is finished, not cut off)
   */
  public Executor(AccountWriter writer, int batchSize, BooleanSupplier stopRequested) {
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1");
    this.writer = writer;
    this.batchSize = batchSize;
    this.stopRequested = stopRequested;
  }

  public ApplyReport apply(Plan plan, ApplyListener listener) {
    List<Step> steps = steps(plan);
    listener.started(steps.size());
    Map<String, String> createdKeyIds = new HashMap<>();
    List<StepResult> results = new ArrayList<>();
    boolean stopped = false;
    for (Phase phase : Phase.values()) {
      List<Step> inPhase = steps.stream().filter(s -> s.phase == phase).toList();
      for (int i = 0; i < inPhase.size(); i += batchSize) {
        List<Step> chunk = inPhase.subList(i, Math.min(inPhase.size(), i + batchSize));
        if (!stopped && stopRequested.getAsBoolean()) stopped = true;
        if (stopped) {
          for (Step s : chunk) results.add(s.result(StepResult.Status.NOT_ATTEMPTED, ""));
          continue;
        }
        List<Mutation> batch = new ArrayList<>();
        for (Step s : chunk) batch.add(s.mutation.apply(createdKeyIds));
        List<MutationResult> outcomes;
        listener.sending(batch.size());
        try {
          outcomes = writer.submit(batch);
        } finally {
          listener.answered();
        }
        if (outcomes.size() != batch.size()) {
          throw new IllegalStateException(
              "writer returned " + outcomes.size() + " results for " + batch.size() + " mutations");
        }
        for (int j = 0; j < chunk.size(); j++) {
          Step s = chunk.get(j);
          MutationResult r = outcomes.get(j);
          StepResult sr;
          switch (r.outcome()) {
            case APPLIED -> {
              if (s.createsKeyNamed != null && r.createdId() != null) {
                createdKeyIds.put(s.createsKeyNamed, r.createdId());
              }
              sr =
                  s.result(
                      StepResult.Status.APPLIED,
                      r.createdId() == null ? "" : "id " + r.createdId());
            }
            case FAILED -> {
              stopped = true;
              sr = s.result(StepResult.Status.FAILED, r.message(), r.failure());
            }
            case NOT_SENT -> {
              stopped = true;
              sr = s.result(StepResult.Status.NOT_ATTEMPTED, r.message(), r.failure());
            }
            default -> {
              stopped = true;
              sr = s.result(StepResult.Status.UNKNOWN, r.message(), r.failure());
            }
          }
          results.add(sr);
          listener.stepFinished(sr);
        }
      }
    }
    return new ApplyReport(results);
  }

  /** The plan's mutations in apply order; repo mutations resolve key ids when their turn comes. */
  private static List<Step> steps(Plan plan) {
    List<Step> out = new ArrayList<>();
    for (Change c : plan.changes()) {
      c.accept(
          new Change.Visitor<Void>() {
            @Override
            public Void keyCreate(KeyCreate k) {

              out.add(
                  new Step(
                      c,
                      Phase.ADD_KEYS,
                      Mutation.Kind.ADD_KEY,
                      "create",
                      k.name(),
                      ids -> new Mutation.AddKey(k.name(), k.publicKey().toLine())));

              return null;
            }

            @Override
            public Void keyReplace(KeyReplace k) {

              out.add(
                  new Step(
                      c,
                      Phase.ADD_KEYS,
                      Mutation.Kind.ADD_KEY,
                      "create replacement",
                      k.name(),
                      ids -> new Mutation.AddKey(k.name(), k.publicKey().toLine())));
              for (LiveKey old : k.previous()) {
                out.add(
                    new Step(
                        c,
                        Phase.DELETE_KEYS,
                        Mutation.Kind.DELETE_KEY,
                        "delete replaced id " + old.id(),
                        null,
                        ids -> new Mutation.DeleteKey(old.id())));
              }

              return null;
            }

            @Override
            public Void keyDelete(KeyDelete k) {

              out.add(
                  new Step(
                      c,
                      Phase.DELETE_KEYS,
                      Mutation.Kind.DELETE_KEY,
                      "delete",
                      null,
                      ids -> new Mutation.DeleteKey(k.key().id())));

              return null;
            }

            @Override
            public Void repoCreate(RepoCreate r) {

              out.add(
                  new Step(
                      c,
                      Phase.REPOS,
                      Mutation.Kind.ADD_REPO,
                      "create",
                      null,
                      ids -> new Mutation.AddRepo(resolve(r.settings(), ids))));

              return null;
            }

            @Override
            public Void repoUpdate(RepoUpdate r) {

              out.add(
                  new Step(
                      c,
                      Phase.REPOS,
                      Mutation.Kind.EDIT_REPO,
                      "update",
                      null,
                      ids -> new Mutation.EditRepo(r.before().id(), resolve(r.patch(), ids))));

              return null;
            }

            @Override
            public Void repoDelete(RepoDelete r) {

              RepoSettings detach = r.detach();
              if (detach != null) {
                out.add(
                    new Step(
                        c,
                        Phase.REPOS,
                        Mutation.Kind.EDIT_REPO,
                        "detach keys before delete",
                        null,
                        ids -> new Mutation.EditRepo(r.repo().id(), resolve(detach, ids))));
              }
              out.add(
                  new Step(
                      c,
                      Phase.DELETE_REPOS,
                      Mutation.Kind.DELETE_REPO,
                      "delete",
                      null,
                      ids -> new Mutation.DeleteRepo(r.repo().id())));

              return null;
            }
          });
    }
    return out;
  }

  private static RepoSettings resolve(RepoSettings s, Map<String, String> createdKeyIds) {
    return s.mapKeyRefs(
        ref -> {
          if (!ref.isPending()) return ref;
          String id = createdKeyIds.get(ref.name());
          if (id == null) {
            // Unreachable when phases run in order: the key's creation would have stopped apply.
            throw new IllegalStateException("key \"" + ref.name() + "\" has no id yet");
          }
          return new KeyRef(ref.name(), id);
        });
  }

  private record Step(
      Change change,
      Phase phase,
      Mutation.Kind kind,
      String verb,
      @Nullable String createsKeyNamed,
      Function<Map<String, String>, Mutation> mutation) {

    StepResult result(StepResult.Status status, String detail) {
      return result(status, detail, FailureKind.NONE);
    }

    StepResult result(StepResult.Status status, String detail, FailureKind failure) {
      return new StepResult(change.address(), verb, kind, phase, status, detail, failure);
    }
  }
}

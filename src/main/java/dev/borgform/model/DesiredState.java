package dev.borgform.model;

import java.util.List;
import java.util.Objects;

/** Everything a spec (one file or a folder of them) asks of the account. */
public record DesiredState(List<DesiredKey> keys, List<DesiredRepo> repos, Policy policy) {
  public DesiredState {
    keys = List.copyOf(keys);
    repos = List.copyOf(repos);
    Objects.requireNonNull(policy, "policy");
  }
}

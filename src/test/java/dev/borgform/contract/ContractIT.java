package dev.borgform.contract;

import dev.borgform.emulator.TokenLevel;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract suite: against the emulator in every build; against the live endpoint with {@code
 * mvn -B verify -Plive} and {@code BORGFORM_LIVE_TOKEN} (Full Access; {@code
 * BORGFORM_LIVE_TOKEN_READ} and {@code BORGFORM_LIVE_TOKEN_CREATE} add the token-level steps,
 * {@code BORGFORM_LIVE_URL} another endpoint). docs/borgbase-api.md says how to run it.
 */
class ContractIT {
  @TempDir Path dir;

  @Test
  void theEmulatorKeepsTheContract() throws Exception {
    try (ContractEndpoint emulator = ContractEndpoint.emulator()) {
      new ContractRun(emulator, ContractRun.newPrefix(), System.out, dir)
          .run(ContractScenarios.all());
    }
  }

  @Test
  void theLiveEndpointKeepsTheContract() throws Exception {
    String token = System.getenv("BORGFORM_LIVE_TOKEN");
    if (!Boolean.getBoolean("borgform.live")) {
      System.out.println(
          "contract suite: the live half was skipped (run mvn -B verify -Plive with"
              + " BORGFORM_LIVE_TOKEN set to run it against BorgBase)");
      Assumptions.abort("live half skipped: not asked for (-Plive)");
    }
    if (token == null || token.isBlank()) {
      System.out.println(
          "contract suite: the live half was skipped: BORGFORM_LIVE_TOKEN is not set (a Full"
              + " Access token of a BorgBase account)");
      Assumptions.abort("live half skipped: BORGFORM_LIVE_TOKEN is not set");
    }
    String url =
        System.getenv().getOrDefault("BORGFORM_LIVE_URL", "https://api.borgbase.com/graphql");
    try (ContractEndpoint live =
        ContractEndpoint.live(
            url,
            token.strip(),
            System.getenv("BORGFORM_LIVE_TOKEN_READ"),
            System.getenv("BORGFORM_LIVE_TOKEN_CREATE"))) {
      if (live.token(TokenLevel.READ_ONLY) == null || live.token(TokenLevel.CREATE_ONLY) == null) {
        System.out.println(
            "contract suite: token-level steps run only for the levels given"
                + " (BORGFORM_LIVE_TOKEN_READ, BORGFORM_LIVE_TOKEN_CREATE)");
      }
      new ContractRun(live, ContractRun.newPrefix(), System.out, dir).run(ContractScenarios.all());
    }
  }
}

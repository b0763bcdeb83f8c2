package io.incidentstream.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

  @Test
  void shouldDefaultToTheIssuesLatencyScenario() {
    LoadOptions options = LoadOptions.parse();

    assertThat(options.mode()).isEqualTo(LoadOptions.Mode.LATENCY);
    assertThat(options.target()).hasToString("http://127.0.0.1:8080");
    assertThat(options.maxConnections()).isEqualTo(10_000);
    assertThat(options.rate()).isEqualTo(1000);
    assertThat(options.selectivity()).isEqualTo(0.01);
    assertThat(options.perAddress()).isEqualTo(1000);
    assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.json()).hasToString("load-latency.json");
  }

  @Test
  void shouldReadStepsDurationsAndPids() {
    LoadOptions options =
        LoadOptions.parse(
            "--mode",
            "idle",
            "--connections",
            "5000,10000,19000",
            "--settle",
            "500ms",
            "--measure",
            "2m",
            "--server-pid",
            "1234",
            "--target",
            "http://localhost:9000");

    assertThat(options.connections()).containsExactly(5000, 10_000, 19_000);
    assertThat(options.maxConnections()).isEqualTo(19_000);
    assertThat(options.settle()).isEqualTo(Duration.ofMillis(500));
    assertThat(options.measure()).isEqualTo(Duration.ofMinutes(2));
    assertThat(options.serverPid()).isEqualTo(1234L);
    assertThat(options.target()).hasToString("http://127.0.0.1:9000");
  }

  @Test
  void shouldStepThroughRatesInPeakMode() {
    LoadOptions options = LoadOptions.parse("--mode", "peak", "--rates", "500, 1000,2000");

    assertThat(options.rates()).isEqualTo(List.of(500, 1000, 2000));
  }

  @Test
  void shouldRefuseANonLoopbackTarget() {
    assertThatThrownBy(() -> LoadOptions.parse("--target", "http://10.0.0.5:8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--target must be an IPv4 loopback address")
        .hasMessageContaining("10.0.0.5");
  }

  @Test
  void shouldRefuseTargetsThatAreNotPlainHttpUrls() {
    assertThatThrownBy(() -> LoadOptions.parse("--target", "https://127.0.0.1:8443"))
        .hasMessageContaining("--target must look like http://127.0.0.1:8080");
    assertThatThrownBy(() -> LoadOptions.parse("--target", "http://127.0.0.1"))
        .hasMessageContaining("--target must look like");
  }

  @Test
  void shouldNameTheUnknownOptionAndTheOneMissingAValue() {
    assertThatThrownBy(() -> LoadOptions.parse("--conections", "5"))
        .hasMessage("unknown option --conections");
    assertThatThrownBy(() -> LoadOptions.parse("--rate")).hasMessage("--rate needs a value");
  }

  @Test
  void shouldRefuseBadNumbersAndDurations() {
    assertThatThrownBy(() -> LoadOptions.parse("--rate", "fast"))
        .hasMessage("--rate must be a whole number, got \"fast\"");
    assertThatThrownBy(() -> LoadOptions.parse("--connections", "0"))
        .hasMessage("--connections must be between 1 and 1000000, got 0");
    assertThatThrownBy(() -> LoadOptions.parse("--warmup", "10"))
        .hasMessage("--warmup must be a duration like 500ms, 10s or 2m, got \"10\"");
    assertThatThrownBy(() -> LoadOptions.parse("--measure", "0s"))
        .hasMessage("--measure must be at least 1000ms, got 0s");
    assertThatThrownBy(() -> LoadOptions.parse("--tick", "2s"))
        .hasMessage("--tick must be at most 1s, got 2s");
  }

  @Test
  void shouldAcceptSelectivityAboveZeroUpToWhatTheMixReaches() {
    assertThat(LoadOptions.parse("--selectivity", "1", "--filter-mix", "labels").selectivity())
        .isEqualTo(1.0);
    assertThatThrownBy(() -> LoadOptions.parse("--selectivity", "0"))
        .hasMessageContaining("--selectivity must be above 0 and at most 1");
    assertThatThrownBy(() -> LoadOptions.parse("--selectivity", "1.5"))
        .hasMessageContaining("--selectivity must be above 0 and at most 1");
    assertThatThrownBy(() -> LoadOptions.parse("--selectivity", "0.9"))
        .hasMessageContaining("above the highest the mixed filter mix can reach (0.725)");
  }

  @Test
  void shouldKeepStepsAndRatesToTheirModes() {
    assertThatThrownBy(() -> LoadOptions.parse("--connections", "10,20"))
        .hasMessage("--connections takes one value outside idle mode, got 10,20");
    assertThatThrownBy(() -> LoadOptions.parse("--rates", "10,20"))
        .hasMessage("--rates is for peak mode; use --rate");
    assertThatThrownBy(() -> LoadOptions.parse("--mode", "peak"))
        .hasMessageContaining("peak mode needs --rates");
    assertThatThrownBy(() -> LoadOptions.parse("--mode", "peak", "--rates", "20,10"))
        .hasMessage("--rates must be strictly ascending, got 20,10");
    assertThatThrownBy(() -> LoadOptions.parse("--mode", "burst"))
        .hasMessage("--mode must be one of latency, idle, peak, storm, soak, got \"burst\"");
  }

  @Test
  void shouldTieTheBaselinePidToABaselineTarget() {
    assertThatThrownBy(() -> LoadOptions.parse("--baseline-pid", "12"))
        .hasMessage("--baseline-pid needs --baseline-target");
    assertThatThrownBy(() -> LoadOptions.parse("--baseline-target", "http://127.0.0.1:8080"))
        .hasMessage("--baseline-target must differ from --target");
  }

  @Test
  void shouldRefuseASpreadThatLeavesTheLoopbackRange() {
    assertThatThrownBy(
            () -> LoadOptions.parse("--source-base", "127.255.255.250", "--connections", "10000"))
        .hasMessageContaining("run past 127.255.255.254");
    assertThatThrownBy(() -> LoadOptions.parse("--source-base", "10.1.1.1"))
        .hasMessage("--source-base must be an IPv4 loopback address (127.x.y.z), got 10.1.1.1");
    assertThatThrownBy(() -> LoadOptions.parse("--per-address", "30000"))
        .hasMessage("--per-address must be between 1 and 28000, got 30000");
  }

  @Test
  void shouldReadTheStormAndSoakSettings() {
    LoadOptions storm = LoadOptions.parse("--mode", "storm", "--rounds", "5");
    LoadOptions soak =
        LoadOptions.parse(
            "--mode",
            "soak",
            "--slow-clients",
            "7",
            "--slow-read-interval",
            "500ms",
            "--compare",
            "1m",
            "--sample-interval",
            "2s");

    assertThat(storm.mode()).isEqualTo(LoadOptions.Mode.STORM);
    assertThat(storm.reliability().rounds()).isEqualTo(5);
    assertThat(soak.mode()).isEqualTo(LoadOptions.Mode.SOAK);
    assertThat(soak.reliability())
        .isEqualTo(
            new LoadOptions.Reliability(
                3, 7, Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofSeconds(2)));
    assertThatThrownBy(() -> LoadOptions.parse("--mode", "storm", "--rounds", "0"))
        .hasMessageContaining("--rounds must be between 1 and 1000");
  }
}

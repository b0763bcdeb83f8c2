package io.incidentstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.app.ops.OpsFiles.Alert;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What promtool does not check in ops/prometheus: every alert is actionable (severity, summary, a
 * runbook section that exists) and unit-tested both firing and not firing.
 */
class OpsRulesTest {

  private static final String RUNBOOK_LINK = "ops/RUNBOOK.md#";

  @Test
  void shouldDefineTheAlertsTheOnCallNeeds() {
    assertThat(OpsFiles.alerts())
        .extracting(Alert::name)
        .containsExactlyInAnyOrder(
            "IncidentStreamQueueSaturated",
            "IncidentStreamConnectionErrors",
            "IncidentStreamDeliverySuccessLow",
            "IncidentStreamLatencyHigh",
            "IncidentStreamInstanceDown",
            "IncidentStreamRedisUnreachable",
            "IncidentStreamPubSubLagHigh");
  }

  @Test
  void shouldGiveEveryAlertASeveritySummaryAndRunbook() {
    for (Alert alert : OpsFiles.alerts()) {
      assertThat(alert.labels().get("severity"))
          .as("%s: label severity", alert.name())
          .isIn("critical", "warning");
      assertThat(alert.annotations().get("summary"))
          .as("%s: annotation summary", alert.name())
          .isNotBlank()
          .contains("{{ $labels.instance }}");
      assertThat(alert.annotations().get("runbook"))
          .as("%s: annotation runbook", alert.name())
          .startsWith(RUNBOOK_LINK);
    }
  }

  @Test
  void shouldLinkEveryAlertToItsOwnRunbookSection() throws IOException {
    Set<String> anchors =
        Files.readAllLines(OpsFiles.RUNBOOK).stream()
            .filter(line -> line.startsWith("## "))
            .map(line -> githubAnchor(line.substring(3)))
            .collect(Collectors.toSet());

    for (Alert alert : OpsFiles.alerts()) {
      String anchor = alert.annotations().get("runbook").substring(RUNBOOK_LINK.length());
      assertThat(anchors).as("%s: runbook section #%s", alert.name(), anchor).contains(anchor);
      assertThat(anchor).as(alert.name()).isEqualTo(githubAnchor(alert.name()));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldUnitTestEveryAlertFiringAndNotFiring() {
    Set<String> firing = new HashSet<>();
    Set<String> notFiring = new HashSet<>();
    List<Map<String, Object>> tests =
        (List<Map<String, Object>>) OpsFiles.yaml(OpsFiles.ALERT_TESTS).get("tests");
    for (Map<String, Object> test : tests) {
      for (Map<String, Object> check :
          (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
        List<?> expected = (List<?>) check.get("exp_alerts");
        String alert = (String) check.get("alertname");
        (expected == null || expected.isEmpty() ? notFiring : firing).add(alert);
      }
    }

    Set<String> alerts = OpsFiles.alerts().stream().map(Alert::name).collect(Collectors.toSet());
    assertThat(firing).as("alerts tested firing").isEqualTo(alerts);
    assertThat(notFiring).as("alerts tested not firing").isEqualTo(alerts);
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
  private static String githubAnchor(String heading) {
    return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }
}

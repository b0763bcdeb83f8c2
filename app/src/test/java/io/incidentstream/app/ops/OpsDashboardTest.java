package io.incidentstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.app.ops.OpsFiles.Query;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard charts what an operator needs, queries through its data source variable (so
 * it works provisioned or imported), and the provisioning files load it. That its queries parse is
 * checked by promtool (ops/verify.sh); that its metrics exist, by ExportedMetricsIT.
 */
class OpsDashboardTest {

  private static final Path DASHBOARD = OpsFiles.GRAFANA.resolve("incident-stream.json");

  @Test
  void shouldChartEveryMetricTheOnCallNeeds() {
    Set<String> charted = new TreeSet<>();
    for (Query query : OpsFiles.dashboardQueries(DASHBOARD)) {
      charted.addAll(PromQlMetricNames.in(query.expr()));
    }

    assertThat(charted)
        .contains(
            "websocket_active_connections",
            "websocket_active_subscriptions",
            "websocket_total_connections",
            "websocket_events_broadcast_total",
            "websocket_events_delivered_total",
            "websocket_events_dropped_total",
            "websocket_message_latency_seconds_bucket",
            "websocket_connection_errors_total",
            "websocket_send_errors_total",
            "websocket_internal_errors_total",
            "websocket_queue_saturation_ratio",
            "websocket_queue_saturation_sessions",
            "stream_bus_events_published_total",
            "up",
            "stream_cluster_members",
            "stream_cluster_healthy",
            "stream_cluster_pubsub_lag_seconds_sum",
            "stream_cluster_pubsub_lag_seconds_count");
  }

  @Test
  void shouldKeepTheSeedsConnectionRateQuery() {
    assertThat(OpsFiles.dashboardQueries(DASHBOARD))
        .extracting(Query::expr)
        .anyMatch(
            expr -> expr.contains("rate(websocket_total_connections{") && expr.contains("[5m]"));
  }

  @Test
  void shouldQueryEveryPanelThroughTheDataSourceVariable() {
    JsonNode dashboard = OpsFiles.json(DASHBOARD);
    assertThat(dashboard.path("uid").asText()).isEqualTo("incident-stream");
    assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
        .contains("datasource", "instance");

    for (JsonNode panel : dashboard.findParents("gridPos")) {
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("datasource").path("uid").asText())
          .as("panel %s", panel.path("title").asText())
          .isEqualTo("${datasource}");
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText())
            .as("panel %s target %s", panel.path("title").asText(), target.path("refId"))
            .isEqualTo("${datasource}");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldProvisionAPrometheusDataSourceAndTheDashboardFolder() {
    Map<String, Object> datasources =
        OpsFiles.yaml(OpsFiles.GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
    Map<String, Object> providers =
        OpsFiles.yaml(OpsFiles.GRAFANA.resolve("provisioning/dashboards/incident-stream.yml"));

    List<Map<String, Object>> sources = (List<Map<String, Object>>) datasources.get("datasources");
    assertThat(sources)
        .singleElement()
        .satisfies(
            source -> {
              assertThat(source)
                  .containsEntry("type", "prometheus")
                  .containsEntry("isDefault", true);
              assertThat((String) source.get("url")).startsWith("http://prometheus:9090");
            });
    List<Map<String, Object>> provider = (List<Map<String, Object>>) providers.get("providers");
    assertThat(provider)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p).containsEntry("type", "file");
              assertThat((Map<String, Object>) p.get("options")).containsKey("path");
            });
  }
}

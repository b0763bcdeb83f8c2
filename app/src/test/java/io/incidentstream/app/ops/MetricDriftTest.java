package io.incidentstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.app.ops.OpsFiles.Query;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricDriftTest {

  private static final String SCRAPE =
      """
      # HELP websocket_active_connections
      # TYPE websocket_active_connections gauge
      websocket_active_connections 2.0
      # TYPE websocket_message_latency_seconds histogram
      websocket_message_latency_seconds_bucket{le="0.005"} 3
      websocket_message_latency_seconds_bucket{le="+Inf"} 4
      websocket_message_latency_seconds_count 4
      websocket_message_latency_seconds_sum 0.012
      websocket_events_dropped_total{priority="low",reason="queue_full_low"} 0.0
      """;

  @Test
  void shouldReadTheSampleNamesOfAScrape() {
    assertThat(MetricDrift.sampleNames(SCRAPE))
        .containsExactly(
            "websocket_active_connections",
            "websocket_events_dropped_total",
            "websocket_message_latency_seconds_bucket",
            "websocket_message_latency_seconds_count",
            "websocket_message_latency_seconds_sum");
  }

  @Test
  void shouldAcceptQueriesOfExportedSeriesAndOfUp() {
    List<Query> queries =
        List.of(
            new Query(
                "panel 1",
                "histogram_quantile(0.99, sum by (le) (rate(websocket_message_latency_seconds_bucket[5m])))"),
            new Query("panel 2", "sum(rate(websocket_events_dropped_total{reason=\"x\"}[5m]))"),
            new Query("alert A", "up{job=\"incident-stream\"} == 0"));

    assertThat(MetricDrift.unexported(queries, MetricDrift.sampleNames(SCRAPE))).isEmpty();
  }

  @Test
  void shouldReportANameTheApplicationDoesNotExportAndWhereItIsUsed() {
    List<Query> queries =
        List.of(
            new Query("alert Renamed", "rate(websocket_connection_errors_total[5m]) > 1"),
            new Query("panel 7 \"Latency\" target A", "websocket_message_latency_seconds_max"),
            new Query("panel 8", "websocket_active_connections"));

    assertThat(MetricDrift.unexported(queries, MetricDrift.sampleNames(SCRAPE)))
        .containsExactly(
            "alert Renamed: websocket_connection_errors_total",
            "panel 7 \"Latency\" target A: websocket_message_latency_seconds_max");
  }

  @Test
  void shouldNotTakeAFamilyNameForItsSeries() {
    assertThat(
            MetricDrift.unexported(
                List.of(new Query("q", "websocket_message_latency_seconds")),
                Set.of("websocket_message_latency_seconds_count")))
        .containsExactly("q: websocket_message_latency_seconds");
  }

  @Test
  void shouldCollectTheQueriesOfTheAlertsAndTheDashboard() {
    assertThat(MetricDrift.opsQueries())
        .extracting(Query::where)
        .anyMatch(where -> where.startsWith("ops/prometheus/alerts.yml alert "))
        .anyMatch(where -> where.startsWith("ops/grafana/incident-stream.json panel "))
        .anyMatch(where -> where.equals("ops/grafana/incident-stream.json variable instance"))
        .anyMatch(where -> where.startsWith("ops/k8s/base/hpa.yaml metric "));
  }
}

package io.incidentstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

  @Test
  void shouldFindABareSelector() {
    assertThat(PromQlMetricNames.in("websocket_active_connections"))
        .containsExactly("websocket_active_connections");
  }

  @Test
  void shouldSkipFunctionsAggregationsAndLabelLists() {
    assertThat(
            PromQlMetricNames.in(
                "histogram_quantile(0.99, sum by (job, instance, le) "
                    + "(rate(websocket_message_latency_seconds_bucket[5m]))) > 0.05"))
        .containsExactly("websocket_message_latency_seconds_bucket");
  }

  @Test
  void shouldSkipLabelMatchersAndTheirValues() {
    assertThat(
            PromQlMetricNames.in(
                "sum(rate(websocket_events_dropped_total{reason=~\"queue_full.*\","
                    + "instance=~\"$instance\", x='}'}[$__rate_interval]))"))
        .containsExactly("websocket_events_dropped_total");
  }

  @Test
  void shouldFindBothSidesOfABinaryOperation() {
    assertThat(
            PromQlMetricNames.in(
                "sum without (priority) (rate(a_total[5m])) / on (instance) group_left (reason)"
                    + " sum(rate(b_total[5m])) and bool up == 0 unless c offset 5m"))
        .containsExactly("a_total", "b_total", "c", "up");
  }

  @Test
  void shouldSkipNumbersDurationsAndKeywords() {
    assertThat(PromQlMetricNames.in("m * 1e-9 + 0x1F - 1.5 + Inf + NaN > bool 60"))
        .containsExactly("m");
  }

  @Test
  void shouldReadNameMatchers() {
    assertThat(PromQlMetricNames.in("{__name__=\"stream_history_size\", job=\"x\"}"))
        .containsExactly("stream_history_size");
  }

  @Test
  void shouldSkipAggregationsWrittenInUpperCase() {
    assertThat(PromQlMetricNames.in("SUM BY (instance) (x)")).containsExactly("x");
  }
}

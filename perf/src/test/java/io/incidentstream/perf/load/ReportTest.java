package io.incidentstream.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonFactory;
import io.incidentstream.domain.event.JsonNull;
import io.incidentstream.domain.json.JsonTree;
import io.incidentstream.perf.load.LoadOptions.Mode;
import io.incidentstream.perf.load.Report.Measurement;
import io.incidentstream.perf.load.Report.ServerRun;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void shouldWriteEveryFigureAsSnakeCaseJsonWithUnknownFiguresAsNull() {
    Report report = report(Mode.LATENCY, baseline(), ours());

    Map<String, Object> json = map(JsonTree.parse(new JsonFactory(), ReportJson.write(report), 64));

    assertThat(json).containsEntry("mode", "latency");
    Map<String, Object> ours = map(list(json.get("servers")).get(1));
    assertThat(ours).containsEntry("name", "ours").containsEntry("pid", 4242L);
    Map<String, Object> measurement = map(list(ours.get("measurements")).get(0));
    assertThat(measurement)
        .containsEntry("expected_deliveries", 3_000_000L)
        .containsEntry("received_deliveries", 3_000_000L)
        .containsEntry("deliveries_per_second", 100_000.0)
        .containsEntry("server_dropped_events", 0.0);
    assertThat(map(measurement.get("latency_millis"))).containsEntry("p99", 3.4);
    Map<String, Object> baselineMeasurement =
        map(list(map(list(json.get("servers")).get(0)).get("measurements")).get(0));
    assertThat(baselineMeasurement).containsEntry("server_dropped_events", JsonNull.INSTANCE);
    assertThat(map(json.get("ratios"))).containsKey("p99 latency, baseline / ours");
  }

  @Test
  void shouldTabulateBothServersSideBySide() {
    String table = ReportTable.render(report(Mode.LATENCY, baseline(), ours()));

    assertThat(table)
        .contains("| latency p99         | 12.00 ms")
        .contains("| 3.40 ms ")
        .contains("| deliveries/s out    | 80,000 ")
        .contains("| 3,000,000 / 3,000,000 |")
        .contains("- p99 latency, baseline / ours: 3.53x")
        .contains("ours connections: 10,000 of 10,000 subscribed");
  }

  @Test
  void shouldOrientEveryRatioSoAboveOneMeansOursIsBetter() {
    Map<String, Double> ratios = Ratios.of(Mode.LATENCY, List.of(baseline(), ours()));

    assertThat(ratios.get("p99 latency, baseline / ours")).isCloseTo(12 / 3.4, within(1e-9));
    assertThat(ratios.get("heap per connection, baseline / ours")).isCloseTo(2.0, within(1e-9));
    // baseline: 1.0 core for 80k deliveries/s; ours: 0.5 core for 100k.
    assertThat(ratios.get("server CPU per delivery, baseline / ours"))
        .isCloseTo((1.0 / 80_000) / (0.5 / 100_000), within(1e-9));
    assertThat(Ratios.of(Mode.LATENCY, List.of(ours()))).isEmpty();
  }

  @Test
  void shouldLeaveOutRatiosOfFiguresOneSideLacks() {
    Measurement nothingInTime =
        new Measurement(
            10_000,
            1000,
            30,
            30_000,
            1000,
            0,
            0,
            Map.of(),
            3_000_000,
            0,
            0,
            3_000_000,
            0,
            0,
            900_000,
            0,
            Report.Latency.of(new Histogram(3), 3_000_000, 30_000),
            0.9,
            0.3);
    ServerRun late =
        new ServerRun(
            "ours",
            URI.create("http://127.0.0.1:8080"),
            null,
            "",
            connections(),
            null,
            List.of(nothingInTime),
            null,
            null,
            null);

    assertThat(Ratios.of(Mode.LATENCY, List.of(baseline(), late))).isEmpty();
  }

  @Test
  void shouldCountEveryKindOfLossAsADrop() {
    Measurement lossy = measurement(1000, 3_000_000, 2_999_000, 12.0, 5, 3.0);

    assertThat(lossy.dropFree()).isFalse();
    assertThat(lossy.drops()).isEqualTo(1000 + 3 + 5);
    assertThat(ReportTable.drops(lossy))
        .isEqualTo("1,008 (undelivered 1,000, shed 3, rejected 5, closed 0)");
    assertThat(measurement(1000, 10, 10, 1.0, 0, 0.0).dropFree()).isTrue();
  }

  @Test
  void shouldRankUndeliveredEventsAboveEveryReceivedOne() {
    Histogram micros = new Histogram(3);
    micros.recordValueWithCount(1_000, 980);
    micros.recordValueWithCount(7_000, 10);

    Report.Latency tenMissing = Report.Latency.of(micros, 10, 30_000);
    Report.Latency elevenMissing = Report.Latency.of(micros, 11, 30_000);

    assertThat(tenMissing.p50()).isEqualTo(1.0);
    assertThat(tenMissing.p99()).isCloseTo(7.0, within(0.01));
    assertThat(tenMissing.max()).isNaN();
    assertThat(elevenMissing.p99()).isNaN();
    assertThat(elevenMissing.undeliveredWaitedAtLeast()).isEqualTo(30_000);
    assertThat(Report.Latency.of(micros, 0, 30_000).max()).isCloseTo(7.0, within(0.01));
  }

  @Test
  void shouldShowALatencyAmongUndeliveredEventsAsALowerBound() {
    Histogram micros = new Histogram(3);
    micros.recordValueWithCount(2_000, 50);
    Measurement m =
        new Measurement(
            10,
            1,
            30,
            1,
            1,
            0,
            0,
            Map.of(),
            100,
            50,
            1.6,
            50,
            0,
            0,
            50,
            0,
            Report.Latency.of(micros, 50, 31_500),
            0.1,
            0.1);

    assertThat(ReportTable.ms(m, m.latencyMillis().p50())).isEqualTo("2.00 ms");
    assertThat(ReportTable.ms(m, m.latencyMillis().p99())).isEqualTo("> 31,500 ms");
  }

  @Test
  void shouldNameThePeakOfEachServer() {
    Measurement low = measurement(1000, 100, 100, 2.0, 0, 0.0);
    Measurement high = measurement(4000, 400, 400, 20.0, 0, 0.0);
    ServerRun ours =
        new ServerRun(
            "ours",
            URI.create("http://127.0.0.1:8080"),
            null,
            "",
            connections(),
            null,
            List.of(low, high),
            high,
            null,
            null);

    String table = ReportTable.render(report(Mode.PEAK, ours));

    assertThat(table)
        .contains("peak: **")
        .contains("at 4,000 events/s (p99 20.00 ms, limit 50 ms)");
  }

  @Test
  void shouldPutTheMarkdownTableBesideTheJson() {
    assertThat(LoadGenerator.markdownBeside(Path.of("perf/target/load-peak.json")))
        .isEqualTo(Path.of("perf/target/load-peak.md"));
  }

  private static Report report(Mode mode, ServerRun... servers) {
    Report.Settings settings =
        new Report.Settings(
            List.of(10_000),
            List.of(1000),
            0.01,
            0.725 / 73,
            73,
            "mixed",
            10,
            30,
            1000,
            "127.0.0.2",
            4,
            10,
            50,
            42);
    Report.Machine machine =
        new Report.Machine(2, "OpenJDK 17", List.of("-Xmx2g"), 0.5, 0.7, "2026-11-25T20:00:00Z");
    return new Report(mode, settings, machine, List.of(servers), Ratios.of(mode, List.of(servers)));
  }

  private static ServerRun baseline() {
    Measurement m = measurement(1000, 2_400_000, 2_400_000, 12.0, 0, Double.NaN);
    Measurement slower =
        new Measurement(
            m.connections(),
            1000,
            30,
            30_000,
            1000,
            0,
            0,
            Map.of(),
            2_400_000,
            2_400_000,
            80_000,
            0,
            0,
            Double.NaN,
            Double.NaN,
            0,
            m.latencyMillis(),
            1.0,
            0.4);
    return new ServerRun(
        "baseline",
        URI.create("http://127.0.0.1:8090"),
        4141L,
        "",
        connections(),
        heap(16_000),
        List.of(slower),
        null,
        null,
        null);
  }

  private static ServerRun ours() {
    return new ServerRun(
        "ours",
        URI.create("http://127.0.0.1:8080"),
        4242L,
        "-Xmx2g",
        connections(),
        heap(8_000),
        List.of(measurement(1000, 3_000_000, 3_000_000, 3.4, 0, 0.0)),
        null,
        null,
        null);
  }

  private static Measurement measurement(
      int rate, long expected, long received, double p99, long rejected, double shed) {
    return new Measurement(
        10_000,
        rate,
        30,
        rate * 30L,
        rate,
        rejected,
        0,
        Map.of(),
        expected,
        received,
        received / 30.0,
        Math.max(0, expected - received),
        0,
        shed,
        received,
        0,
        new Report.Latency(received, 1.1, 2.0, p99, p99 * 2, p99 * 3, 1.3, 0, 0),
        0.5,
        0.3);
  }

  private static Report.Connections connections() {
    return new Report.Connections(
        10_000, 10_000, 0, 6.5, Map.of(), Map.of(), Map.of(), Map.of(), 10_000, 0, 0, 0);
  }

  private static Report.Heap heap(double perConnection) {
    return new Report.Heap(
        50_000_000,
        60_000_000,
        List.of(
            new Report.HeapStep(
                10_000,
                50_000_000 + (long) (perConnection * 10_000),
                perConnection,
                perConnection,
                Double.NaN,
                Double.NaN)),
        List.of());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }
}

package io.incidentstream.streaming.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.incidentstream.streaming.support.PrometheusScrape;
import io.incidentstream.streaming.support.PrometheusScrape.Sample;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The seed's PromQL examples, evaluated by Prometheus itself ({@code promtool test rules}) on what
 * this server exports: the scripted session of {@link ScriptedSessionMetricsIT} is scraped before
 * the clients connect and at the end, the two scrapes become the samples at t=0 and t=5s of a
 * generated rule test, and each query must give the value the scrapes imply (computed here the way
 * Prometheus extrapolates a rate). Needs {@code promtool} (Debian package {@code prometheus}):
 * skipped without it, except under {@code CI=true}, where it fails.
 */
@MicronautTest
@Property(name = "stream.max-pending-messages", value = "4")
@Property(name = "stream.max-pending-bytes", value = "64KB")
class PromQlIT {

  private static final long SCRAPE_GAP_SECONDS = 5;
  private static final double RANGE_SECONDS = 300;

  @Inject EmbeddedServer server;
  @Inject MeterRegistry meters;

  @Test
  void shouldAnswerTheSeedsQueriesOnTwoScrapes() throws Exception {
    String promtool = promtool();
    ScriptedSessionMetricsIT.Scrapes scrapes = ScriptedSessionMetricsIT.runScript(server, meters);
    PrometheusScrape before = scrapes.before();
    PrometheusScrape after = scrapes.after();
    assertThat(before.value("websocket_total_connections")).isZero();

    Map<String, Double> queries = new LinkedHashMap<>();
    queries.put(
        "rate(websocket_total_connections[5m])",
        rate(before, after, "websocket_total_connections"));
    double delivered = increase(before, after, "websocket_events_delivered_total");
    double dropped = increase(before, after, "websocket_events_dropped_total");
    assertThat(dropped).isPositive();
    queries.put(
        "sum(rate(websocket_events_delivered_total[5m])) / (sum(rate(websocket_events_delivered_total[5m]))"
            + " + sum(rate(websocket_events_dropped_total[5m])))",
        delivered / (delivered + dropped));
    queries.put(
        "histogram_quantile(0.95, sum by (le) (rate(websocket_message_latency_seconds_bucket[5m])))",
        quantile(0.95, after, "websocket_message_latency_seconds_bucket"));
    queries.put(
        "sum(rate(websocket_events_dropped_total{reason=\"slow_consumer_closed\"}[5m])) > bool 0",
        1.0);

    Path test = writeRuleTest(before, after, queries);
    Process process =
        new ProcessBuilder(promtool, "test", "rules", test.getFileName().toString())
            .directory(test.getParent().toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("promtool test rules:%n%s", output).isZero();
    assertThat(output).contains("SUCCESS");
  }

  private static String promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    boolean ci = "true".equals(System.getenv("CI"));
    assertThat(ci).as("promtool (Debian package prometheus) is required under CI=true").isFalse();
    assumeTrue(false, "promtool not installed (Debian package prometheus)");
    throw new IllegalStateException("unreachable");
  }

  /** Each query becomes "its value is within 1e-9 of what the scrapes imply", expected 1. */
  private static Path writeRuleTest(
      PrometheusScrape before, PrometheusScrape after, Map<String, Double> queries)
      throws IOException {
    StringBuilder yaml = new StringBuilder("rule_files: []\nevaluation_interval: 5s\ntests:\n");
    yaml.append("  - interval: ").append(SCRAPE_GAP_SECONDS).append("s\n    input_series:\n");
    Map<String, String[]> series = new LinkedHashMap<>();
    collect(series, before, 0);
    collect(series, after, 1);
    series.forEach(
        (selector, values) ->
            yaml.append("      - series: '")
                .append(selector)
                .append("'\n        values: '")
                .append(values[0])
                .append(' ')
                .append(values[1])
                .append("'\n"));
    yaml.append("    promql_expr_test:\n");
    queries.forEach(
        (query, expected) ->
            yaml.append("      - expr: 'abs((")
                .append(query.replace("'", "''"))
                .append(") - ")
                .append(expected)
                .append(") < bool 1e-9'\n        eval_time: ")
                .append(SCRAPE_GAP_SECONDS)
                .append(
                    "s\n        exp_samples:\n          - labels: '{}'\n            value: 1\n"));
    Path dir = Files.createDirectories(Path.of("target", "promql"));
    Path file = dir.resolve("seed-queries-test.yml");
    Files.writeString(file, yaml.toString());
    return file;
  }

  private static void collect(Map<String, String[]> series, PrometheusScrape scrape, int slot) {
    for (Sample sample : scrape.samples()) {
      if (!sample.name().startsWith("websocket_")) {
        continue;
      }
      String selector = selector(sample);
      series.computeIfAbsent(selector, s -> new String[] {"_", "_"})[slot] = format(sample.value());
    }
  }

  private static String selector(Sample sample) {
    if (sample.labels().isEmpty()) {
      return sample.name();
    }
    return sample.labels().entrySet().stream()
        .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
        .collect(Collectors.joining(",", sample.name() + "{", "}"));
  }

  private static String format(double value) {
    return value == Double.POSITIVE_INFINITY ? "+Inf" : Double.toString(value);
  }

  /** Increase of a counter (summed over its series) between the scrapes: both start from zero. */
  private static double increase(PrometheusScrape before, PrometheusScrape after, String name) {
    return after.sum(name) - before.sum(name);
  }

  /**
   * Prometheus' {@code rate()} over 5m at the second scrape with just the two samples: the
   * increase, extrapolated towards the start of the range by half a sample interval, but never past
   * where the series would have been zero ({@code rate} treats every series as a counter), over the
   * range's seconds.
   */
  private static double rate(PrometheusScrape before, PrometheusScrape after, String name) {
    double first = before.value(name);
    double delta = after.value(name) - first;
    double sampled = SCRAPE_GAP_SECONDS;
    double toStart = RANGE_SECONDS - SCRAPE_GAP_SECONDS;
    if (delta > 0 && first >= 0) {
      toStart = Math.min(toStart, sampled * (first / delta));
    }
    double extrapolated = sampled + (toStart < sampled * 1.1 ? toStart : sampled / 2);
    return delta * (extrapolated / sampled) / RANGE_SECONDS;
  }

  /**
   * {@code histogram_quantile} over the buckets' increases (all start at zero, so every rate is its
   * increase over the same range: the quantile of the increases).
   */
  private static double quantile(double q, PrometheusScrape after, String bucketName) {
    List<Sample> buckets =
        after.series(bucketName).stream().sorted((a, b) -> Double.compare(le(a), le(b))).toList();
    double total = buckets.get(buckets.size() - 1).value();
    double rank = q * total;
    double lowerBound = 0;
    double below = 0;
    for (Sample bucket : buckets) {
      double upper = le(bucket);
      if (bucket.value() >= rank) {
        if (Double.isInfinite(upper)) {
          return lowerBound;
        }
        return lowerBound + (upper - lowerBound) * (rank - below) / (bucket.value() - below);
      }
      lowerBound = upper;
      below = bucket.value();
    }
    return Double.NaN;
  }

  private static double le(Sample bucket) {
    String le = bucket.labels().get("le");
    return "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
  }
}

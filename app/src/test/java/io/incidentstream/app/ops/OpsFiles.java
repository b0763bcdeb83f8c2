package io.incidentstream.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** Reads the repository's ops/ files (Prometheus rules, Grafana dashboards) for the tests. */
final class OpsFiles {

  static final Path OPS = locateOps();
  static final Path ALERTS = OPS.resolve("prometheus/alerts.yml");
  static final Path ALERT_TESTS = OPS.resolve("prometheus/alerts_test.yml");
  static final Path RUNBOOK = OPS.resolve("RUNBOOK.md");
  static final Path GRAFANA = OPS.resolve("grafana");

  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

  /** One alerting rule of alerts.yml. */
  record Alert(
      String name, String expr, Map<String, String> labels, Map<String, String> annotations) {}

  /** A PromQL query and where it is written, for error messages. */
  record Query(String where, String expr) {}

  private OpsFiles() {}

  /** The build runs the tests in the module directory (app/); ops/ is its sibling. */
  private static Path locateOps() {
    Path moduleDir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = moduleDir; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("ops/prometheus"))) {
        return dir.resolve("ops");
      }
    }
    throw new IllegalStateException("no ops/prometheus directory above " + moduleDir);
  }

  static Map<String, Object> yaml(Path file) {
    try {
      return new Yaml().load(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Alert> alerts() {
    List<Alert> alerts = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) yaml(ALERTS).get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        if (rule.containsKey("alert")) {
          alerts.add(
              new Alert(
                  (String) rule.get("alert"),
                  (String) rule.get("expr"),
                  (Map<String, String>) rule.getOrDefault("labels", Map.of()),
                  (Map<String, String>) rule.getOrDefault("annotations", Map.of())));
        }
      }
    }
    return alerts;
  }

  static List<Path> dashboards() {
    try (Stream<Path> files = Files.list(GRAFANA)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel target's {@code expr} of a dashboard, rows' nested panels included. */
  static List<Query> dashboardQueries(Path dashboard) {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : json(dashboard).findParents("gridPos")) {
      for (JsonNode target : panel.path("targets")) {
        String where =
            "%s panel %s \"%s\" target %s"
                .formatted(
                    GRAFANA.getParent().getParent().relativize(dashboard),
                    panel.path("id").asText(),
                    panel.path("title").asText(),
                    target.path("refId").asText());
        queries.add(new Query(where, target.path("expr").asText()));
      }
    }
    return queries;
  }

  /** The metric a dashboard variable lists values of: {@code label_values(metric, label)}. */
  static List<Query> dashboardVariableMetrics(Path dashboard) {
    List<Query> metrics = new ArrayList<>();
    for (JsonNode variable : json(dashboard).path("templating").path("list")) {
      Matcher metric = LABEL_VALUES.matcher(variable.path("definition").asText());
      if (metric.find()) {
        metrics.add(
            new Query(
                "%s variable %s"
                    .formatted(
                        GRAFANA.getParent().getParent().relativize(dashboard),
                        variable.path("name").asText()),
                metric.group(1)));
      }
    }
    return metrics;
  }
}

package io.incidentstream.app.ops;

import io.incidentstream.app.ops.OpsFiles.Alert;
import io.incidentstream.app.ops.OpsFiles.Query;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the metric names the ops/ files query (the autoscaler's included) with the sample names
 * a scrape of the application returned. Names are compared as Prometheus stores them (with {@code
 * _total}, {@code _bucket}, {@code _sum}, {@code _count}, {@code _max}): a query for {@code
 * x_bucket} needs the histogram's buckets to be exported, not only its count. Stateless.
 */
final class MetricDrift {

  /** Series Prometheus makes itself for every target, not scraped from the application. */
  static final Set<String> PROMETHEUS_OWN = Set.of("up");

  private MetricDrift() {}

  /** Every query of the alert rules, the dashboards' panels and their variables. */
  static List<Query> opsQueries() {
    List<Query> queries = new ArrayList<>();
    Path repo = OpsFiles.OPS.getParent();
    for (Alert alert : OpsFiles.alerts()) {
      queries.add(
          new Query(repo.relativize(OpsFiles.ALERTS) + " alert " + alert.name(), alert.expr()));
    }
    for (Path dashboard : OpsFiles.dashboards()) {
      queries.addAll(OpsFiles.dashboardQueries(dashboard));
      queries.addAll(OpsFiles.dashboardVariableMetrics(dashboard));
    }
    queries.addAll(K8sManifests.autoscalingSeries());
    return queries;
  }

  /** "where: name" for each metric a query names that is not exported, in query order. */
  static List<String> unexported(List<Query> queries, Set<String> exported) {
    List<String> missing = new ArrayList<>();
    for (Query query : queries) {
      for (String name : PromQlMetricNames.in(query.expr())) {
        if (!exported.contains(name) && !PROMETHEUS_OWN.contains(name)) {
          missing.add(query.where() + ": " + name);
        }
      }
    }
    return missing;
  }

  /** The sample names of a Prometheus text exposition, sorted. */
  static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      String sample = line.strip();
      if (sample.isEmpty() || sample.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < sample.length() && sample.charAt(end) != '{' && sample.charAt(end) != ' ') {
        end++;
      }
      names.add(sample.substring(0, end));
    }
    return names;
  }
}

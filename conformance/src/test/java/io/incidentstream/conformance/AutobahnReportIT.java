package io.incidentstream.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.domain.support.ReliabilityReport;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Reads what the Autobahn fuzzing client found (its {@code index.json}), which ran just before in
 * {@code pre-integration-test} against {@link AutobahnServer}: every case that ran must pass (its
 * behaviour OK, NON-STRICT or INFORMATIONAL and its close behaviour OK or INFORMATIONAL; the plugin
 * itself checks only the former), and every case of the suite must have run unless the build
 * excluded it. Writes section {@code 30-autobahn} of the reliability report: the counts per case
 * group.
 */
class AutobahnReportIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AGENT = "autobahntestsuite-maven-plugin";

  @Test
  void shouldPassEveryCaseThatRanAndRunEveryCaseNotExcluded() throws IOException {
    Properties facts = facts();
    Path index = Paths.get(facts.getProperty("reports")).resolve("index.json");
    assertThat(Files.getLastModifiedTime(index).toMillis())
        .as("index.json of this run (server started at %s)", facts.getProperty("startedAt"))
        .isGreaterThanOrEqualTo(Long.parseLong(facts.getProperty("startedAt")));
    List<CaseResult> results = read(index);
    List<String> excluded = patterns("autobahn.exclude", "");
    List<String> selected = patterns("autobahn.cases", "*");
    boolean wholeSuite = selected.equals(List.of("*"));

    Map<Integer, GroupCounts> groups = new TreeMap<>();
    for (SuiteGroup group : SuiteGroup.values()) {
      groups.put(group.number, new GroupCounts(group));
    }
    List<CaseResult> failures = new ArrayList<>();
    for (CaseResult result : results) {
      groups.get(result.group()).add(result);
      if (!result.passes()) {
        failures.add(result);
      }
    }
    List<String> missing = new ArrayList<>();
    for (GroupCounts counts : groups.values()) {
      counts.excluded = wholeSuite ? counts.group.cases - counts.ran : 0;
      if (counts.excluded > 0 && !counts.group.coveredBy(excluded)) {
        missing.add(counts.group.number + ".*: " + counts.excluded + " cases did not run");
      }
    }

    ReliabilityReport.section(
        "30-autobahn",
        "RFC 6455 conformance (Autobahn fuzzing client)",
        section(facts, results, groups, selected, excluded, failures));

    assertThat(missing).as("cases of the suite that neither ran nor were excluded").isEmpty();
    assertThat(failures)
        .as("cases whose behaviour or close behaviour is not accepted")
        .extracting(CaseResult::toString)
        .isEmpty();
  }

  private static Properties facts() throws IOException {
    Path file = Paths.get("target", AutobahnServer.FACTS);
    assertThat(file).as("written by AutobahnServer when the plugin started it").exists();
    Properties facts = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      facts.load(in);
    }
    return facts;
  }

  /** A comma-separated list of case ids or patterns given to the plugin and to this test. */
  private static List<String> patterns(String property, String otherwise) {
    String patterns = System.getProperty(property, otherwise);
    return Arrays.stream(patterns.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  private static List<CaseResult> read(Path index) throws IOException {
    JsonNode agent = JSON.readTree(index.toFile()).path(AGENT);
    assertThat(agent.isObject()).as("results of agent %s in %s", AGENT, index).isTrue();
    List<CaseResult> results = new ArrayList<>();
    agent
        .fields()
        .forEachRemaining(
            e ->
                results.add(
                    new CaseResult(
                        e.getKey(),
                        e.getValue().path("behavior").asText(),
                        e.getValue().path("behaviorClose").asText(),
                        e.getValue().path("remoteCloseCode").isNull()
                            ? null
                            : e.getValue().path("remoteCloseCode").asInt(),
                        e.getValue().path("duration").asLong())));
    results.sort(Comparator.comparing(CaseResult::sortKey));
    return results;
  }

  private static String section(
      Properties facts,
      List<CaseResult> results,
      Map<Integer, GroupCounts> groups,
      List<String> selected,
      List<String> excluded,
      List<CaseResult> failures) {
    long millis = results.stream().mapToLong(CaseResult::durationMillis).sum();
    StringBuilder md = new StringBuilder();
    md.append("The Autobahn Testsuite's fuzzing client (autobahntestsuite-maven-plugin 0.1.5, ")
        .append("Jython 2.7.4) against an echo on `/ws` of the production server: ")
        .append("`conformance`'s `AutobahnServer`, the production beans and application.yml, ")
        .append("the echo speaking instead of the stream protocol (`")
        .append(facts.getProperty("protocol"))
        .append("`), `stream.max-message-size` ")
        .append(facts.getProperty("maxMessageSize"))
        .append(" bytes, compression ")
        .append(Boolean.parseBoolean(facts.getProperty("compression")) ? "on" : "off")
        .append(", Netty leak detection ")
        .append(facts.getProperty("leakDetection"))
        .append(". A case passes when its behaviour is OK, NON-STRICT or INFORMATIONAL and its ")
        .append("close behaviour OK or INFORMATIONAL.\n\n");
    md.append(results.size())
        .append(" cases ran in ")
        .append(String.format("%.1f", millis / 1000.0))
        .append(" s (sum of the case durations); ")
        .append(results.size() - failures.size())
        .append(" passed, ")
        .append(failures.size())
        .append(" failed. Cases selected: `")
        .append(String.join(",", selected))
        .append("`; excluded: ")
        .append(excluded.isEmpty() ? "none" : "`" + String.join(",", excluded) + "`")
        .append(".\n\n");
    List<List<?>> rows = new ArrayList<>();
    for (GroupCounts g : groups.values()) {
      rows.add(g.row());
    }
    md.append(
        ReliabilityReport.table(
            List.of(
                "group",
                "cases",
                "ran",
                "OK",
                "NON-STRICT",
                "INFORMATIONAL",
                "FAILED",
                "UNIMPLEMENTED",
                "excluded",
                "close OK",
                "close INFORMATIONAL",
                "close other"),
            rows));
    md.append("\nExclusions: 12 and 13 (permessage-deflate) are not in the suite this plugin ")
        .append("ships, and `stream.compression` is off by default anyway; the 9.* cases ")
        .append("excluded send messages over `stream.max-message-size`, which the server ")
        .append("closes with 1009 (the long run, `perf/reliability.sh --long`, runs 9.* whole ")
        .append("with a 16MB limit and replaces this section).\n");
    if (!failures.isEmpty()) {
      md.append("\nFailed cases:\n\n");
      List<List<?>> failed = new ArrayList<>();
      for (CaseResult f : failures) {
        failed.add(
            List.of(
                f.id(),
                f.behavior(),
                f.behaviorClose(),
                f.remoteCloseCode() == null ? "none" : f.remoteCloseCode()));
      }
      md.append(
          ReliabilityReport.table(
              List.of("case", "behaviour", "close behaviour", "server's close code"), failed));
    }
    return md.toString();
  }

  /** One case's outcome, as index.json has it. */
  record CaseResult(
      String id,
      String behavior,
      String behaviorClose,
      Integer remoteCloseCode,
      long durationMillis) {

    int group() {
      return Integer.parseInt(id.substring(0, id.indexOf('.')));
    }

    boolean passes() {
      return switch (behavior) {
            case "OK", "NON-STRICT", "INFORMATIONAL" -> true;
            default -> false;
          }
          && switch (behaviorClose) {
            case "OK", "INFORMATIONAL" -> true;
            default -> false;
          };
    }

    String sortKey() {
      StringBuilder key = new StringBuilder();
      for (String part : id.split("\\.")) {
        key.append(String.format("%05d", Integer.parseInt(part)));
      }
      return key.toString();
    }

    @Override
    public String toString() {
      return id
          + ": "
          + behavior
          + ", close "
          + behaviorClose
          + ", server's close code "
          + remoteCloseCode;
    }
  }

  /**
   * The case groups of the suite that autobahntestsuite-maven-plugin 0.1.5 ships (Autobahn
   * Testsuite 0.6.x without the compression groups 12 and 13), with their case counts.
   */
  enum SuiteGroup {
    FRAMING(1, "framing", 16),
    PING_PONG(2, "ping/pong", 11),
    RESERVED_BITS(3, "reserved bits", 7),
    OPCODES(4, "opcodes", 10),
    FRAGMENTATION(5, "fragmentation", 20),
    UTF8(6, "UTF-8", 145),
    CLOSE(7, "close", 37),
    LIMITS(9, "limits/performance", 54),
    MISC(10, "misc", 1),
    COMPRESSION(12, "compression (permessage-deflate)", 0),
    COMPRESSION_CONTEXT(13, "compression (context takeover)", 0);

    final int number;
    final String title;
    final int cases;

    SuiteGroup(int number, String title, int cases) {
      this.number = number;
      this.title = title;
      this.cases = cases;
    }

    boolean coveredBy(List<String> patterns) {
      return patterns.stream().anyMatch(p -> p.startsWith(number + "."));
    }
  }

  /** Counts of one group. */
  static final class GroupCounts {

    final SuiteGroup group;
    int ran;
    int excluded;
    final Map<String, Integer> behaviors = new TreeMap<>();
    final Map<String, Integer> closes = new TreeMap<>();

    GroupCounts(SuiteGroup group) {
      this.group = group;
    }

    void add(CaseResult result) {
      ran++;
      behaviors.merge(result.behavior(), 1, Integer::sum);
      closes.merge(result.behaviorClose(), 1, Integer::sum);
    }

    List<?> row() {
      int closeOther = ran - count(closes, "OK") - count(closes, "INFORMATIONAL");
      return List.of(
          group.number + " " + group.title,
          group.cases,
          ran,
          count(behaviors, "OK"),
          count(behaviors, "NON-STRICT"),
          count(behaviors, "INFORMATIONAL"),
          count(behaviors, "FAILED"),
          count(behaviors, "UNIMPLEMENTED"),
          excluded,
          count(closes, "OK"),
          count(closes, "INFORMATIONAL"),
          closeOther);
    }

    private static int count(Map<String, Integer> counts, String key) {
      return counts.getOrDefault(key, 0);
    }
  }
}

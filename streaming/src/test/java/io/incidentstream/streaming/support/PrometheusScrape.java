package io.incidentstream.streaming.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of {@code /prometheus} (text format 0.0.4), parsed into samples so that tests can
 * assert series and values the way a dashboard reads them. Immutable.
 */
public final class PrometheusScrape {

  /** One sample line: metric name, labels (sorted by name) and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Sample> samples;

  private PrometheusScrape(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  public static PrometheusScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      samples.add(sample(line));
    }
    return new PrometheusScrape(text, List.copyOf(samples));
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    if (brace < 0 || brace > space) {
      return new Sample(
          line.substring(0, space), Map.of(), Double.parseDouble(line.substring(space + 1)));
    }
    int end = line.lastIndexOf('}');
    return new Sample(
        line.substring(0, brace),
        labels(line.substring(brace + 1, end)),
        Double.parseDouble(line.substring(end + 1).trim()));
  }

  private static Map<String, String> labels(String body) {
    Map<String, String> labels = new TreeMap<>();
    int i = 0;
    while (i < body.length()) {
      int eq = body.indexOf('=', i);
      String name = body.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; body.charAt(j) != '"'; j++) {
        char c = body.charAt(j);
        if (c == '\\') {
          j++;
          c = body.charAt(j) == 'n' ? '\n' : body.charAt(j);
        }
        value.append(c);
      }
      labels.put(name, value.toString());
      i = j + 1;
      while (i < body.length() && (body.charAt(i) == ',' || body.charAt(i) == ' ')) {
        i++;
      }
    }
    return labels;
  }

  public String text() {
    return text;
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Every sample of {@code name}, whatever its labels. */
  public List<Sample> series(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /**
   * The value of the one series of {@code name} whose labels include {@code labelPairs} (name,
   * value, name, value...).
   *
   * @throws AssertionError when no series or several match
   */
  public double value(String name, String... labelPairs) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      wanted.put(labelPairs[i], labelPairs[i + 1]);
    }
    List<Sample> matching =
        series(name).stream()
            .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet()))
            .toList();
    if (matching.size() != 1) {
      throw new AssertionError(
          matching.size() + " series of " + name + " with " + wanted + " in the scrape");
    }
    return matching.get(0).value();
  }

  /** The sum over every series of {@code name}. */
  public double sum(String name) {
    return series(name).stream().mapToDouble(Sample::value).sum();
  }
}

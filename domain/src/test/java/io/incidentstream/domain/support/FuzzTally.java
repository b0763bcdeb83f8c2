package io.incidentstream.domain.support;

import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.FieldError;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * What one fuzz target saw: inputs tried, outcomes by class, findings; written as its section of
 * the reliability report once the run is over. Thread-safe.
 *
 * <p>A run is a seed replay (the committed inputs, as a plain {@code ./mvnw verify} runs every
 * {@code @FuzzTest}) unless {@code JAZZER_FUZZ} is set, when Jazzer fuzzes the one target the run
 * selected for the time it was given.
 */
public final class FuzzTally {

  /** Outcome classes kept apart; more are counted as one "other" row. */
  private static final int MAX_CLASSES = 40;

  private static final int MAX_FINDINGS_SHOWN = 10;

  /** The catch-all of the decoders: an unexpected exception inside, which a fuzz input exposed. */
  private static final String CATCH_ALL = "could not be decoded (";

  private static final Pattern INDEX = Pattern.compile("\\[[0-9]+]");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w-])[0-9]+\\b");

  private final String sectionId;
  private final String title;
  private final String target;
  private final String property;
  private final String seeds;
  private final LongAdder inputs = new LongAdder();
  private final LongAccumulator largest = new LongAccumulator(Math::max, 0);
  private final Map<String, LongAdder> outcomes = new ConcurrentSkipListMap<>();
  private final List<String> findings = new ArrayList<>();
  private final AtomicInteger findingCount = new AtomicInteger();
  private final long startNanos = System.nanoTime();

  /**
   * @param sectionId the report section, e.g. {@code 10-fuzz-client}
   * @param target what is fuzzed, in Markdown
   * @param property the property every input must satisfy, in Markdown
   * @param seeds where the committed seeds live, relative to the module
   */
  public FuzzTally(String sectionId, String title, String target, String property, String seeds) {
    this.sectionId = sectionId;
    this.title = title;
    this.target = target;
    this.property = property;
    this.seeds = seeds;
  }

  /** Whether Jazzer is fuzzing (JAZZER_FUZZ set) rather than replaying the committed seeds. */
  public static boolean fuzzing() {
    String value = System.getenv("JAZZER_FUZZ");
    return value != null && !value.isEmpty() && !value.equals("0") && !value.equals("false");
  }

  /** Counts one input of {@code bytes} bytes. */
  public void input(int bytes) {
    inputs.increment();
    largest.accumulate(bytes);
  }

  /** Counts one outcome of class {@code name}. */
  public void outcome(String name) {
    String key = outcomes.containsKey(name) || outcomes.size() < MAX_CLASSES ? name : "other";
    outcomes.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /**
   * Counts a decoder's rejection by class ({@code prefix: reason class}) and returns the class;
   * throws {@link AssertionError} when the rejection is the decoders' catch-all for an exception
   * inside, which is a bug and never the documented error.
   */
  public String rejected(String prefix, Decoded.Failed<?> failed) {
    FieldError first = failed.errors().get(0);
    if (first.message().startsWith(CATCH_ALL)) {
      throw new AssertionError(
          "the decoder hid an internal exception as a rejection: " + failed.describe());
    }
    String name = prefix + ": " + errorClass(first);
    outcome(name);
    return name;
  }

  /** Records a property violation; the caller rethrows it so Jazzer keeps the input. */
  public void finding(Throwable failure) {
    findingCount.incrementAndGet();
    synchronized (findings) {
      if (findings.size() < MAX_FINDINGS_SHOWN) {
        String message = String.valueOf(failure.getMessage()).replace('\n', ' ');
        if (message.length() > 300) {
          message = message.substring(0, 300) + "…";
        }
        findings.add(failure.getClass().getName() + ": " + message);
      }
    }
  }

  /** The class of a rejection: the document-level reason without its details, or the field. */
  static String errorClass(FieldError error) {
    if (!error.path().isEmpty()) {
      String path = INDEX.matcher(error.path()).replaceAll("[]");
      String[] parts = path.split("\\.", 3);
      String field = parts.length > 1 ? parts[0] + "." + parts[1] : parts[0];
      return "invalid field `" + field + "`";
    }
    String reason = error.message();
    for (String cut : new String[] {" (", ", got", ":"}) {
      int at = reason.indexOf(cut);
      if (at > 0) {
        reason = reason.substring(0, at);
      }
    }
    return NUMBER.matcher(reason).replaceAll("N");
  }

  /** Writes the section: target, property, mode, inputs, outcomes by class and findings. */
  public void write() {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    List<List<?>> rows = new ArrayList<>();
    outcomes.forEach((name, count) -> rows.add(List.of(name, count.sum())));
    StringBuilder md = new StringBuilder();
    md.append("- Target: ").append(target).append('\n');
    md.append("- Property: ").append(property).append('\n');
    md.append("- Mode: ").append(mode(took)).append('\n');
    md.append("- Inputs tried: ")
        .append(inputs.sum())
        .append(" (largest ")
        .append(largest.get())
        .append(" bytes), in ")
        .append(took.toMillis() / 1000.0)
        .append(" s; max heap ")
        .append(Runtime.getRuntime().maxMemory() / (1024 * 1024))
        .append(" MiB; load average at the end ")
        .append(loadAverage())
        .append('\n');
    md.append("- Findings: ").append(findingCount.get()).append(findingsText()).append("\n\n");
    md.append(ReliabilityReport.table(List.of("outcome", "inputs"), rows));
    ReliabilityReport.section(sectionId, title, md.toString());
  }

  private String mode(Duration took) {
    if (fuzzing()) {
      return "fuzzing with Jazzer (coverage-guided, JAZZER_FUZZ set) for "
          + took.toSeconds()
          + " s, starting from the committed seeds in `"
          + seeds
          + "`";
    }
    return "seed replay (the committed regression inputs in `"
        + seeds
        + "`, as every `./mvnw verify` runs them; no fuzzing)";
  }

  private String findingsText() {
    synchronized (findings) {
      if (findings.isEmpty()) {
        return "";
      }
      StringBuilder out = new StringBuilder();
      for (String f : findings) {
        out.append("\n  - `").append(f.replace("`", "'")).append('`');
      }
      return out.toString();
    }
  }

  private static String loadAverage() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    double load = os.getSystemLoadAverage();
    return load < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f", load);
  }
}

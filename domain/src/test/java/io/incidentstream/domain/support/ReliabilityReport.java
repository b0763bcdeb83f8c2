package io.incidentstream.domain.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One section of {@code docs/RELIABILITY.md}, written by the test that measured it.
 *
 * <p>A reliability test (fuzzing, raw-socket wire cases, Autobahn, faults, storms, soaks) ends by
 * calling {@link #section} with what it tried and what it saw. The section lands in {@code
 * target/reliability/<id>.md} at the root of the repository; {@code perf/reliability.sh} puts the
 * sections together, in the order of their ids, into {@code docs/RELIABILITY.md}. A test writes its
 * section only once it has measured everything the section states, so a failed test leaves no stale
 * figure behind in a new report (the script clears the directory before a run).
 */
public final class ReliabilityReport {

  private static final Pattern ID = Pattern.compile("[0-9]{2}-[a-z0-9-]+");

  private ReliabilityReport() {}

  /**
   * Writes (or replaces) one section.
   *
   * @param id file name without {@code .md}: two digits that order it in the report, then a name,
   *     e.g. {@code 20-wire}
   * @param title the section's heading
   * @param markdown the section's body: what was tried, injected, published, delivered and lost
   */
  public static void section(String id, String title, String markdown) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("section id must look like 20-wire: " + id);
    }
    Path file = directory().resolve(id + ".md");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, "## " + title + "\n\n" + markdown.strip() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write reliability section " + file, e);
    }
  }

  /** A Markdown table; cells are rendered with {@code String.valueOf}, pipes escaped. */
  public static String table(List<String> header, List<? extends List<?>> rows) {
    StringBuilder out = new StringBuilder();
    out.append(row(header)).append('\n');
    out.append(header.stream().map(h -> "---").collect(Collectors.joining("|", "|", "|")));
    out.append('\n');
    for (List<?> r : rows) {
      out.append(row(r)).append('\n');
    }
    return out.toString();
  }

  /** {@code target/reliability} at the root of the repository (the directory holding mvnw). */
  public static Path directory() {
    Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw"))) {
        return p.resolve("target").resolve("reliability");
      }
    }
    throw new IllegalStateException("no mvnw above " + dir + ": not inside the repository");
  }

  private static String row(List<?> cells) {
    return cells.stream()
        .map(c -> String.valueOf(c).replace("|", "\\|").replace("\n", " "))
        .collect(Collectors.joining(" | ", "| ", " |"));
  }
}

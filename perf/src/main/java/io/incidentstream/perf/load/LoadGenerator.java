package io.incidentstream.perf.load;

import io.incidentstream.perf.load.baseline.BaselineServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar perf/target/loadgen.jar [options]}: runs one load scenario, prints its table and
 * writes its JSON report (and the table as Markdown beside it). {@code baseline-server} starts the
 * comparison server instead. Exit code 2 for bad arguments, 1 for a failed run.
 */
public final class LoadGenerator {

  private LoadGenerator() {}

  public static void main(String[] args) {
    // Before anything logs: keep Micronaut's and Netty's logging to warnings.
    System.setProperty(
        "logback.configurationFile",
        System.getProperty("logback.configurationFile", "loadgen-logback.xml"));
    if (args.length > 0 && args[0].equals("baseline-server")) {
      BaselineServer.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(LoadOptions.USAGE);
      return;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options));
  }

  private static int run(LoadOptions options) {
    try {
      Report report = new LoadRun(options, System.out).run();
      String table = ReportTable.render(report);
      System.out.print("\n" + table);
      Files.writeString(options.json(), ReportJson.write(report));
      Files.writeString(markdownBeside(options.json()), table);
      System.out.println("JSON report: " + options.json().toAbsolutePath());
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | IOException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }

  static Path markdownBeside(Path json) {
    String name = json.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return json.resolveSibling(stem + ".md");
  }
}

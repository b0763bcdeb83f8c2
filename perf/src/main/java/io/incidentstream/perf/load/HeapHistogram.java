package io.incidentstream.perf.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code jcmd <pid> GC.class_histogram}: the live objects after the full GC that command runs,
 * per class and in total. Comparing two of them says what each added connection costs. Immutable.
 *
 * @param bytesByClass shallow bytes of the live instances of each class
 */
record HeapHistogram(
    long totalBytes, Map<String, Long> bytesByClass, Map<String, Long> instancesByClass) {

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)");

  HeapHistogram {
    bytesByClass = Map.copyOf(bytesByClass);
    instancesByClass = Map.copyOf(instancesByClass);
  }

  /** One class's growth per added connection. */
  record Growth(String className, double bytesPerConnection, double instancesPerConnection) {}

  static HeapHistogram parse(String jcmdOutput) {
    Map<String, Long> bytes = new HashMap<>();
    Map<String, Long> instances = new HashMap<>();
    long total = -1;
    for (String line : jcmdOutput.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        bytes.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
        instances.merge(row.group(3), Long.parseLong(row.group(1)), Long::sum);
        continue;
      }
      Matcher sum = TOTAL.matcher(line);
      if (sum.find()) {
        total = Long.parseLong(sum.group(1));
      }
    }
    if (total < 0) {
      throw new IllegalStateException("not a class histogram (no Total line): " + jcmdOutput);
    }
    return new HeapHistogram(total, bytes, instances);
  }

  /** The classes that grew most from {@code before}, per added connection, largest first. */
  List<Growth> growthSince(HeapHistogram before, int addedConnections, int limit) {
    List<Growth> growth = new ArrayList<>();
    for (Map.Entry<String, Long> entry : bytesByClass.entrySet()) {
      String name = entry.getKey();
      long addedBytes = entry.getValue() - before.bytesByClass.getOrDefault(name, 0L);
      long addedInstances =
          instancesByClass.getOrDefault(name, 0L) - before.instancesByClass.getOrDefault(name, 0L);
      if (addedBytes > 0) {
        growth.add(
            new Growth(
                name,
                (double) addedBytes / addedConnections,
                (double) addedInstances / addedConnections));
      }
    }
    growth.sort(Comparator.comparingDouble(Growth::bytesPerConnection).reversed());
    return List.copyOf(growth.subList(0, Math.min(limit, growth.size())));
  }
}

package io.incidentstream.perf.load;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The load generator's command line, validated: every bad value is an {@link
 * IllegalArgumentException} whose message names the option and says what is allowed. Immutable.
 *
 * @param connections connections to hold; in {@code idle} mode the ascending steps to measure at
 * @param rates events per second to publish; one value, except in {@code peak} mode, which steps
 *     through them in order
 * @param serverPid the target server's process id, for heap (via {@code jcmd}) and CPU figures
 * @param wsTargets the servers the connections open to, in turn (connection i to server i mod n);
 *     by default {@code target} alone. Events are always published to {@code target}, so with a
 *     cluster every delivery to another instance crosses the bus
 * @param baselineTarget when set, the same scenario runs first against this server (the baseline),
 *     then against {@code target}, and the report holds both and their ratios
 * @param reliability the settings of the {@code storm} and {@code soak} modes
 */
public record LoadOptions(
    Mode mode,
    URI target,
    List<Integer> connections,
    List<Integer> rates,
    double selectivity,
    FilterMix.Kind filterMix,
    Duration warmup,
    Duration measure,
    Duration settle,
    Duration drainTimeout,
    Duration p99Limit,
    Inet4Address sourceBase,
    int perAddress,
    int connectRate,
    int connectConcurrency,
    int publishers,
    Duration tick,
    @Nullable Long serverPid,
    List<URI> wsTargets,
    @Nullable URI baselineTarget,
    @Nullable Long baselinePid,
    Path json,
    int threads,
    long seed,
    Reliability reliability) {

  /** What the run measures. */
  public enum Mode {
    /** Fixed connections and rate: latency, deliveries and drops. */
    LATENCY,
    /** Subscribed connections, no events: heap per connection at each step. */
    IDLE,
    /** Fixed connections, rate stepped up until p99 crosses the limit or anything drops. */
    PEAK,
    /**
     * Connection storm: {@code --rounds} times, open the connections as fast as the server takes
     * them, drop them all without a close handshake, and read the server's registry, heap and
     * direct memory once it has let them go.
     */
    STORM,
    /**
     * Soak: the connections at the rate without slow clients for {@code --compare}, then with
     * {@code --slow-clients} that read one message per {@code --slow-read-interval} for {@code
     * --measure}; memory sampled every {@code --sample-interval}.
     */
    SOAK
  }

  /**
   * The settings of the storm and soak modes.
   *
   * @param rounds storm: how many times the connections are opened and dropped
   * @param slowClients soak: clients that subscribe to every event and read one frame per {@code
   *     slowReadInterval}
   * @param compare soak: the measured window without the slow clients, the p99 to compare with
   * @param sampleInterval soak: how often the server's memory is sampled
   */
  public record Reliability(
      int rounds,
      int slowClients,
      Duration slowReadInterval,
      Duration compare,
      Duration sampleInterval) {}

  /** Most connections one source address may hold: the kernel's ephemeral port range. */
  static final int MAX_PER_ADDRESS = 28_000;

  static final String USAGE =
      """
      usage: java -jar perf/target/loadgen.jar [options]
             java -jar perf/target/loadgen.jar baseline-server [--port 8090]

        --mode latency|idle|peak|storm|soak
                                   what to measure (default latency)
        --target URL               server on this machine (default http://127.0.0.1:8080)
        --connections N[,N...]     connections (default 10000); idle mode: ascending steps
        --rate R                   events/s published (default 1000)
        --rates R,R,...            peak mode: ascending rates to step through
        --selectivity S            mean share of connections one event reaches, 0 < S <= 1
                                   (default 0.01)
        --filter-mix mixed|labels  filter shapes (default mixed; labels: one label each)
        --warmup D, --measure D    per measurement (defaults 10s, 30s; D like 500ms, 10s, 2m)
        --settle D                 idle mode: wait before measuring heap (default 5s)
        --drain-timeout D          longest wait for late deliveries (default 30s)
        --p99-limit D              peak mode: stop once p99 exceeds it (default 50ms)
        --source-base A            first loopback source address (default 127.0.0.2)
        --per-address N            connections per source address (default 1000, the
                                   server's stream.max-connections-per-address)
        --connect-rate N           new connections per second (default 2000)
        --connect-concurrency N    handshakes in flight at once (default 256)
        --publishers N             keep-alive HTTP connections publishing (default 4)
        --tick D                   publish period; events are batched per tick (default 10ms)
        --server-pid PID           target's pid: heap per connection (jcmd) and CPU
        --ws-targets URL[,URL...]  servers the connections open to, in turn (default: the
                                   target); events still go to --target (cluster runs)
        --baseline-target URL      run the same load against this server first and compare
        --baseline-pid PID         the baseline server's pid
        --json FILE                where to write the JSON report (default load-<mode>.json)
        --threads N                client event loop threads (default 2)
        --seed N                   event sequence seed (default 42)
        --rounds N                 storm: open and drop the connections N times (default 3)
        --slow-clients N           soak: clients reading one frame per interval (default 5)
        --slow-read-interval D     soak: the slow clients' read interval (default 1s)
        --compare D                soak: measured window without the slow clients (default 30s)
        --sample-interval D        soak: how often the server's memory is sampled (default 5s)
      """;

  private static final Map<String, String> DEFAULTS = defaults();

  public LoadOptions {
    connections = List.copyOf(connections);
    rates = List.copyOf(rates);
    wsTargets = List.copyOf(wsTargets);
  }

  /** The one connection count of a non-idle run, or the largest idle step. */
  public int maxConnections() {
    return connections.get(connections.size() - 1);
  }

  /** The one rate of a latency run. */
  public int rate() {
    return rates.get(0);
  }

  /** Reads {@code --name value} pairs; unknown names, missing or bad values are rejected. */
  public static LoadOptions parse(String... args) {
    Map<String, String> values = new HashMap<>(DEFAULTS);
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (!name.startsWith("--") || !DEFAULTS.containsKey(name.substring(2))) {
        throw new IllegalArgumentException("unknown option " + name);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      values.put(name.substring(2), args[i + 1]);
    }
    return fromValues(values);
  }

  private static LoadOptions fromValues(Map<String, String> v) {
    Mode mode = parseEnum(Mode.class, "mode", v.get("mode"));
    URI target = loopbackTarget("target", v.get("target"));
    List<Integer> connections = ascending("connections", v.get("connections"));
    if (connections.size() > 1 && mode != Mode.IDLE) {
      throw new IllegalArgumentException(
          "--connections takes one value outside idle mode, got " + v.get("connections"));
    }
    List<Integer> rates = rates(mode, v);
    int perAddress = range("per-address", v.get("per-address"), 1, MAX_PER_ADDRESS);
    Inet4Address sourceBase = loopbackAddress("source-base", v.get("source-base"));
    SourceAddresses.check(sourceBase, perAddress, connections.get(connections.size() - 1));
    double selectivity = selectivity(v.get("selectivity"));
    FilterMix.Kind mix = parseEnum(FilterMix.Kind.class, "filter-mix", v.get("filter-mix"));
    FilterMix.check(mix, selectivity);
    @Nullable URI baselineTarget =
        optional(v.get("baseline-target"), s -> loopbackTarget("baseline-target", s));
    @Nullable Long baselinePid = optional(v.get("baseline-pid"), s -> pid("baseline-pid", s));
    if (baselinePid != null && baselineTarget == null) {
      throw new IllegalArgumentException("--baseline-pid needs --baseline-target");
    }
    if (baselineTarget != null && baselineTarget.equals(target)) {
      throw new IllegalArgumentException("--baseline-target must differ from --target");
    }
    return new LoadOptions(
        mode,
        target,
        connections,
        rates,
        selectivity,
        mix,
        duration("warmup", v.get("warmup"), Duration.ZERO),
        duration("measure", v.get("measure"), Duration.ofSeconds(1)),
        duration("settle", v.get("settle"), Duration.ZERO),
        duration("drain-timeout", v.get("drain-timeout"), Duration.ofSeconds(1)),
        duration("p99-limit", v.get("p99-limit"), Duration.ofMillis(1)),
        sourceBase,
        perAddress,
        range("connect-rate", v.get("connect-rate"), 1, 100_000),
        range("connect-concurrency", v.get("connect-concurrency"), 1, 10_000),
        range("publishers", v.get("publishers"), 1, 64),
        tick(v.get("tick")),
        optional(v.get("server-pid"), s -> pid("server-pid", s)),
        wsTargets(target, v.get("ws-targets")),
        baselineTarget,
        baselinePid,
        Path.of(v.getOrDefault("json", "").isEmpty() ? defaultJson(mode) : v.get("json")),
        range("threads", v.get("threads"), 1, 64),
        longValue("seed", v.get("seed")),
        new Reliability(
            range("rounds", v.get("rounds"), 1, 1000),
            range("slow-clients", v.get("slow-clients"), 0, 1000),
            duration("slow-read-interval", v.get("slow-read-interval"), Duration.ofMillis(10)),
            duration("compare", v.get("compare"), Duration.ofSeconds(1)),
            duration("sample-interval", v.get("sample-interval"), Duration.ofMillis(100))));
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("mode", "latency");
    d.put("target", "http://127.0.0.1:8080");
    d.put("connections", "10000");
    d.put("rate", "1000");
    d.put("rates", "");
    d.put("selectivity", "0.01");
    d.put("filter-mix", "mixed");
    d.put("warmup", "10s");
    d.put("measure", "30s");
    d.put("settle", "5s");
    d.put("drain-timeout", "30s");
    d.put("p99-limit", "50ms");
    d.put("source-base", "127.0.0.2");
    d.put("per-address", "1000");
    d.put("connect-rate", "2000");
    d.put("connect-concurrency", "256");
    d.put("publishers", "4");
    d.put("tick", "10ms");
    d.put("server-pid", "");
    d.put("ws-targets", "");
    d.put("baseline-target", "");
    d.put("baseline-pid", "");
    d.put("json", "");
    d.put("threads", "2");
    d.put("seed", "42");
    d.put("rounds", "3");
    d.put("slow-clients", "5");
    d.put("slow-read-interval", "1s");
    d.put("compare", "30s");
    d.put("sample-interval", "5s");
    return Map.copyOf(d);
  }

  private static List<URI> wsTargets(URI target, String text) {
    if (text.isBlank()) {
      return List.of(target);
    }
    List<URI> targets = new ArrayList<>();
    for (String item : text.split(",")) {
      targets.add(loopbackTarget("ws-targets", item.trim()));
    }
    return targets;
  }

  private static String defaultJson(Mode mode) {
    return "load-" + mode.name().toLowerCase(Locale.ROOT) + ".json";
  }

  private static List<Integer> rates(Mode mode, Map<String, String> v) {
    String rates = v.get("rates");
    if (mode != Mode.PEAK) {
      if (!rates.isEmpty()) {
        throw new IllegalArgumentException("--rates is for peak mode; use --rate");
      }
      return List.of(range("rate", v.get("rate"), 1, 1_000_000));
    }
    if (rates.isEmpty()) {
      throw new IllegalArgumentException("peak mode needs --rates, e.g. --rates 500,1000,2000");
    }
    return ascending("rates", rates);
  }

  /** A comma-separated list of positive, strictly ascending integers. */
  static List<Integer> ascending(String name, String text) {
    List<Integer> values = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      int value = range(name, part.trim(), 1, 1_000_000);
      if (!values.isEmpty() && value <= values.get(values.size() - 1)) {
        throw new IllegalArgumentException(
            "--" + name + " must be strictly ascending, got " + text);
      }
      values.add(value);
    }
    return values;
  }

  static int range(String name, String text, int min, int max) {
    long value = longValue(name, text);
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "--" + name + " must be between " + min + " and " + max + ", got " + text);
    }
    return (int) value;
  }

  private static long longValue(String name, String text) {
    try {
      return Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be a whole number, got \"" + text + "\"");
    }
  }

  private static long pid(String name, String text) {
    long pid = longValue(name, text);
    if (pid <= 0) {
      throw new IllegalArgumentException("--" + name + " must be a process id, got " + text);
    }
    return pid;
  }

  private static double selectivity(String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--selectivity must be a number, got \"" + text + "\"");
    }
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(
          "--selectivity must be above 0 and at most 1 (0.01 = 1%), got " + text);
    }
    return value;
  }

  /** {@code 500ms}, {@code 10s} or {@code 2m}, at least {@code min}. */
  static Duration duration(String name, String text, Duration min) {
    Duration value = parseDuration(name, text.trim().toLowerCase(Locale.ROOT));
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "--" + name + " must be at least " + min.toMillis() + "ms, got " + text);
    }
    return value;
  }

  private static Duration parseDuration(String name, String text) {
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      if (text.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      }
      if (text.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "--" + name + " must be a duration like 500ms, 10s or 2m, got \"" + text + "\"");
  }

  private static Duration tick(String text) {
    Duration tick = duration("tick", text, Duration.ofMillis(1));
    if (tick.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("--tick must be at most 1s, got " + text);
    }
    return tick;
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String text) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(constant.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(
        "--" + name + " must be one of " + String.join(", ", allowed) + ", got \"" + text + "\"");
  }

  private static <T> @Nullable T optional(String text, Function<String, T> parser) {
    return text.isEmpty() ? null : parser.apply(text);
  }

  /**
   * An {@code http://} URL on this machine's IPv4 loopback: the generator never loads another host,
   * and spreads its connections over 127.0.0.0/8 source addresses.
   */
  static URI loopbackTarget(String name, String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + name + " is not a URL: " + text);
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
      throw new IllegalArgumentException(
          "--" + name + " must look like http://127.0.0.1:8080, got " + text);
    }
    InetAddress address = resolve(name, uri.getHost());
    if (!(address instanceof Inet4Address) || !address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "--"
              + name
              + " must be an IPv4 loopback address (127.0.0.0/8): the load generator only loads"
              + " a server on this machine; got "
              + uri.getHost()
              + " ("
              + address.getHostAddress()
              + ")");
    }
    return URI.create("http://" + address.getHostAddress() + ":" + uri.getPort());
  }

  static Inet4Address loopbackAddress(String name, String text) {
    InetAddress address = resolve(name, text);
    if (!(address instanceof Inet4Address ipv4) || !address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "--" + name + " must be an IPv4 loopback address (127.x.y.z), got " + text);
    }
    return ipv4;
  }

  private static InetAddress resolve(String name, String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--" + name + ": unknown host " + host);
    }
  }
}

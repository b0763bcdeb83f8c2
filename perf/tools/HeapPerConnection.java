import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap per idle subscribed {@code /ws} connection. Starts the server jar in its own JVM (G1,
 * -Xmx512m), opens N connections that each subscribe with a one-incident filter, and compares the
 * server's live-object class histograms (jcmd GC.class_histogram, which runs a full GC first)
 * before and after: bytes per connection, and per class.
 *
 * <p>Usage (JDK 17, jcmd on the PATH): {@code java perf/tools/HeapPerConnection.java
 * [app/target/incident-stream.jar] [connections, default 10000]}. One process holds every client
 * socket, so stay below the open-file limit (ulimit -n) minus a few hundred.
 */
public class HeapPerConnection {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern HISTOGRAM_ROW =
      Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");
  private static final Pattern ACTIVE =
      Pattern.compile("(?m)^websocket_active_connections(?:\\{[^}]*\\})? ([0-9.]+)");

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  private HeapPerConnection(int port) {
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "app/target/incident-stream.jar");
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path copy = Files.createTempFile("incident-stream-", ".jar");
    Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
    int port = freePort();
    Process server = startServer(copy, port, connections);
    try {
      new HeapPerConnection(port).measure(server.pid(), connections);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
      Files.deleteIfExists(copy);
    }
  }

  private void measure(long pid, int connections) throws Exception {
    awaitHealthy();
    closeAll(open(10));
    awaitActive(0);
    Map<String, long[]> before = histogram(pid);
    List<WebSocket> sockets = open(connections);
    awaitActive(connections);
    Map<String, long[]> after = histogram(pid);
    report(before, after, connections);
    closeAll(sockets);
  }

  private static Process startServer(Path jar, int port, int connections) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(javaBin(), "-Xmx512m", "-XX:+UseG1GC", "-jar", jar.toString());
    builder.environment().put("PORT", Integer.toString(port));
    String limit = Integer.toString(connections + 100);
    builder.environment().put("STREAM_MAX_CONNECTIONS", limit);
    builder.environment().put("STREAM_MAX_CONNECTIONS_PER_ADDRESS", limit);
    // Token-less clients stream as anonymous viewers (this tool mints no tokens); an anonymous
    // session's token never expires, as a long-lived one costs nothing until near its end.
    builder.environment().put("STREAM_SECURITY_ANONYMOUS", "true");
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitHealthy() throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (get("/health").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // the server is still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("server not healthy within " + TIMEOUT);
  }

  /** Polls the server's own gauge, so the histograms see exactly the connections we expect. */
  private void awaitActive(int expected) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    double active = -1;
    while (System.nanoTime() < deadline) {
      Matcher matcher = ACTIVE.matcher(get("/prometheus").body());
      active = matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
      if (active == expected) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(expected + " connections expected, server reports " + active);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Opens {@code n} connections, each subscribed once; returns when all are subscribed. */
  private List<WebSocket> open(int n) throws Exception {
    URI uri = URI.create("ws://127.0.0.1:" + port + "/ws");
    AtomicInteger subscribed = new AtomicInteger();
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<WebSocket>> opening = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      String subscribe =
          "{\"type\":\"subscribe\",\"subscription_id\":\"s"
              + i
              + "\",\"filters\":{\"incident_ids\":[\""
              + UUID.randomUUID()
              + "\"]}}";
      CompletableFuture<WebSocket> socket =
          http.newWebSocketBuilder()
              .buildAsync(uri, new Counting(subscribed))
              .thenCompose(ws -> ws.sendText(subscribe, true));
      socket.whenComplete((ws, error) -> inFlight.release());
      opening.add(socket);
    }
    List<WebSocket> sockets = new ArrayList<>(n);
    for (CompletableFuture<WebSocket> socket : opening) {
      sockets.add(socket.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (subscribed.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    if (subscribed.get() < n) {
      throw new IllegalStateException(subscribed + " of " + n + " connections subscribed");
    }
    return sockets;
  }

  private static void closeAll(List<WebSocket> sockets) {
    sockets.forEach(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
  }

  private static Map<String, long[]> histogram(long pid) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream in = jcmd.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (jcmd.waitFor() != 0) {
      throw new IllegalStateException("jcmd failed: " + output);
    }
    Map<String, long[]> rows = new HashMap<>();
    for (String line : output.split("\n")) {
      Matcher row = HISTOGRAM_ROW.matcher(line);
      if (row.matches()) {
        rows.put(
            row.group(3).replaceAll("[/$]Lambda.*", "\\$Lambda"),
            new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))});
      }
    }
    return rows;
  }

  private static void report(Map<String, long[]> before, Map<String, long[]> after, int n) {
    Map<String, long[]> delta = new HashMap<>();
    after.forEach((k, v) -> delta.merge(k, v.clone(), HeapPerConnection::add));
    before.forEach((k, v) -> delta.merge(k, new long[] {-v[0], -v[1]}, HeapPerConnection::add));
    long total = delta.values().stream().mapToLong(v -> v[1]).sum();
    System.out.printf(
        "%d idle subscribed connections, %s %s: %,d bytes of live heap, %,.0f B per connection%n",
        n,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        total,
        (double) total / n);
    System.out.printf("%10s %10s  %s%n", "B/conn", "obj/conn", "class");
    delta.entrySet().stream()
        .filter(e -> Math.abs(e.getValue()[1]) >= 8L * n)
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .forEach(
            e ->
                System.out.printf(
                    "%10.1f %10.2f  %s%n",
                    (double) e.getValue()[1] / n, (double) e.getValue()[0] / n, e.getKey()));
  }

  private static long[] add(long[] a, long[] b) {
    return new long[] {a[0] + b[0], a[1] + b[1]};
  }

  /**
   * Counts {@code subscribed} replies; answers pings (the JDK client does) and ignores the rest.
   */
  private static final class Counting implements WebSocket.Listener {

    private final AtomicInteger subscribed;
    private final StringBuilder message = new StringBuilder();

    Counting(AtomicInteger subscribed) {
      this.subscribed = subscribed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        if (message.indexOf("\"type\":\"subscribed\"") >= 0) {
          subscribed.incrementAndGet();
        }
        message.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}

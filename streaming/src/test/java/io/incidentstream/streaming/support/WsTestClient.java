package io.incidentstream.streaming.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A real WebSocket client over TCP (JDK {@link HttpClient}) for the /ws tests: records every text
 * frame as parsed JSON, WebSocket pings, and the close code and reason. It reads one message at a
 * time and can stop reading to act as a slow consumer. Thread-safe.
 */
public final class WsTestClient implements AutoCloseable {

  /** The protocol name a client offers beside its {@code bearer.<token>} subprotocol entry. */
  public static final String SUBPROTOCOL = "incident-stream.v1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
  private final List<String> texts = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final AtomicInteger pings = new AtomicInteger();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile String closeReason = "";
  private volatile boolean reading = true;
  private volatile boolean owed;
  private final WebSocket socket;

  private WsTestClient(URI uri, Consumer<WebSocket.Builder> handshake) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
    handshake.accept(builder);
    this.socket =
        builder
            .buildAsync(uri, new Listener())
            .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .join();
  }

  /**
   * Connects to {@code /ws} of the server at {@code serverUri} (its http:// URI) with a viewer
   * token of every tenant ({@link TestTokens#viewer()}) in {@code Authorization: Bearer}.
   */
  public static WsTestClient connect(URI serverUri) {
    return connectWithToken(serverUri, TestTokens.viewer());
  }

  /** Connects with {@code token} in {@code Authorization: Bearer}. */
  public static WsTestClient connectWithToken(URI serverUri, String token) {
    return connect(wsUri(serverUri), b -> b.header("Authorization", "Bearer " + token));
  }

  /**
   * Connects as a browser must: {@code Sec-WebSocket-Protocol: incident-stream.v1, bearer.<token>}.
   */
  public static WsTestClient connectWithSubprotocol(URI serverUri, String token) {
    return connect(wsUri(serverUri), b -> b.subprotocols(SUBPROTOCOL, "bearer." + token));
  }

  /**
   * Connects to {@code wsUri} exactly as {@code handshake} sets up the request (no token added).
   */
  public static WsTestClient connect(URI wsUri, Consumer<WebSocket.Builder> handshake) {
    return new WsTestClient(wsUri, handshake);
  }

  /** The {@code ws://} URI of {@code /ws} on the server at {@code serverUri}. */
  public static URI wsUri(URI serverUri) {
    return URI.create("ws://" + serverUri.getAuthority() + "/ws");
  }

  /** The subprotocol the server chose in its handshake answer ("" for none). */
  public String subprotocol() {
    return socket.getSubprotocol();
  }

  public static WsTestClient connectAndAwaitWelcome(URI serverUri) {
    WsTestClient client = connect(serverUri);
    client.awaitType("welcome");
    return client;
  }

  public void send(String text) {
    socket.sendText(text, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  public void sendBinary(byte[] bytes) {
    socket
        .sendBinary(ByteBuffer.wrap(bytes), true)
        .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  /** Sends one text message split into several frames. */
  public void sendFragmented(String... parts) {
    for (int i = 0; i < parts.length; i++) {
      socket
          .sendText(parts[i], i == parts.length - 1)
          .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          .join();
    }
  }

  public void subscribe(String id, String filtersJson) {
    send(
        "{\"type\":\"subscribe\",\"subscription_id\":\""
            + id
            + "\",\"filters\":"
            + filtersJson
            + "}");
  }

  public void subscribeSince(String id, String filtersJson, long since) {
    send(
        "{\"type\":\"subscribe\",\"subscription_id\":\""
            + id
            + "\",\"filters\":"
            + filtersJson
            + ",\"since\":"
            + since
            + "}");
  }

  /** A resume that names the epoch its {@code since} belongs to. */
  public void subscribeSince(String id, String filtersJson, long since, String epoch) {
    send(
        "{\"type\":\"subscribe\",\"subscription_id\":\""
            + id
            + "\",\"filters\":"
            + filtersJson
            + ",\"since\":"
            + since
            + ",\"epoch\":\""
            + epoch
            + "\"}");
  }

  /** The stream's epoch as {@code welcome} named it. */
  public String epoch() {
    return awaitType("welcome").path("epoch").asText();
  }

  /** Sends a close frame; the server must answer with its own. */
  public void close(int code, String reason) {
    socket.sendClose(code, reason).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** Stops asking for messages: the socket is no longer read, TCP backs up to the server. */
  public void pauseReading() {
    reading = false;
  }

  public synchronized void resumeReading() {
    reading = true;
    if (owed) {
      owed = false;
      socket.request(1);
    }
  }

  public List<JsonNode> frames() {
    return List.copyOf(frames);
  }

  /** Every text frame as it arrived, in order, before parsing (for byte-level checks). */
  public List<String> texts() {
    return List.copyOf(texts);
  }

  public List<JsonNode> framesOfType(String type) {
    return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
  }

  public List<JsonNode> events() {
    return framesOfType("event");
  }

  public int pings() {
    return pings.get();
  }

  public JsonNode awaitType(String type) {
    return awaitFrame(f -> type.equals(f.path("type").asText()));
  }

  /** Waits for the {@code n}-th frame (1-based) of a type. */
  public JsonNode awaitNthOfType(String type, int n) {
    await().atMost(TIMEOUT).until(() -> framesOfType(type).size() >= n);
    return framesOfType(type).get(n - 1);
  }

  public JsonNode awaitFrame(Predicate<JsonNode> condition) {
    await().atMost(TIMEOUT).until(() -> frames.stream().anyMatch(condition));
    return frames.stream().filter(condition).findFirst().orElseThrow();
  }

  public List<JsonNode> awaitEvents(int count) {
    await().atMost(TIMEOUT).until(() -> events().size() >= count);
    return events();
  }

  /** Waits for the server's close frame and returns its status code. */
  public int awaitClose() {
    return closeCode.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  public boolean isClosed() {
    return closeCode.isDone();
  }

  public String closeReason() {
    return closeReason;
  }

  public List<Throwable> errors() {
    return List.copyOf(errors);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }

  private synchronized void requestNext(WebSocket webSocket) {
    if (reading) {
      webSocket.request(1);
    } else {
      owed = true;
    }
  }

  private final class Listener implements WebSocket.Listener {

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        texts.add(text);
        frames.add(parse(text));
      }
      requestNext(webSocket);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      errors.add(new AssertionError("unexpected binary frame from the server"));
      requestNext(webSocket);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      pings.incrementAndGet();
      requestNext(webSocket);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeReason = reason;
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      errors.add(error);
      closeCode.complete(1006);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("server sent invalid JSON: " + text, e);
    }
  }
}

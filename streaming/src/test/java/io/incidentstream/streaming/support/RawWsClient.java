package io.incidentstream.streaming.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A WebSocket client (with a viewer token of every tenant) on a plain socket with a tiny receive
 * buffer, for tests that need a client which really stops reading: until {@link #readUntilClose} is
 * called, nothing is read after the handshake, so the server's writes back up within a few
 * kilobytes (the JDK client reads ahead into buffers of megabytes). Not thread-safe: one test
 * thread.
 */
public final class RawWsClient implements AutoCloseable {

  private static final int RECEIVE_BUFFER = 4096;
  private static final int TIMEOUT_MILLIS = 30_000;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWsClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Opens {@code /ws} on the server at {@code serverUri} and reads the 101 answer only. */
  public static RawWsClient connect(URI serverUri) {
    try {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(RECEIVE_BUFFER);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.connect(new InetSocketAddress(serverUri.getHost(), serverUri.getPort()));
      RawWsClient client = new RawWsClient(socket);
      client.handshake(serverUri.getAuthority());
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handshake(String authority) throws IOException {
    String key = Base64.getEncoder().encodeToString(new byte[16]);
    String request =
        "GET /ws HTTP/1.1\r\nHost: "
            + authority
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Authorization: Bearer "
            + TestTokens.viewer()
            + "\r\nSec-WebSocket-Key: "
            + key
            + "\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = readLine();
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + status);
    }
    while (!readLine().isEmpty()) {
      // headers
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("connection closed during the handshake");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  /** Sends one masked text frame (the mask is all zeros, which RFC 6455 allows). */
  public void sendText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    sendFrame(0x1, payload);
  }

  private void sendFrame(int opcode, byte[] payload) {
    try {
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x80 | opcode);
      if (payload.length < 126) {
        frame.write(0x80 | payload.length);
      } else {
        frame.write(0x80 | 126);
        frame.write(payload.length >>> 8);
        frame.write(payload.length & 0xFF);
      }
      frame.write(new byte[4]);
      frame.write(payload);
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the server sent, in order, up to its close frame. */
  public record Received(List<String> texts, int closeCode) {}

  /**
   * Reads every frame up to the server's close frame, answers it with a close frame and closes the
   * socket.
   */
  public Received readUntilClose() {
    List<String> texts = new ArrayList<>();
    try {
      while (true) {
        int head = in.readUnsignedByte();
        int opcode = head & 0x0F;
        byte[] payload = readPayload();
        if (opcode == 0x1) {
          texts.add(new String(payload, StandardCharsets.UTF_8));
        } else if (opcode == 0x8) {
          int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
          sendFrame(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
          socket.close();
          return new Received(texts, code);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] readPayload() throws IOException {
    int second = in.readUnsignedByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return payload;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

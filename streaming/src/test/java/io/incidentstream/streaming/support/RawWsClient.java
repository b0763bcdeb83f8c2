package io.incidentstream.streaming.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

  // Frame by frame, for the wire-conformance tests: anything a client may (or must not) send.

  private static final byte[] MASK = {0x12, 0x34, 0x56, 0x78};

  /**
   * One frame as it goes on the wire: {@code head} is the first byte (FIN, RSV bits, opcode); the
   * payload is masked with a fixed non-zero key unless {@code masked} is false.
   */
  public static byte[] frame(int head, byte[] payload, boolean masked) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(head);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(maskBit | payload.length);
    } else if (payload.length <= 0xFFFF) {
      frame.write(maskBit | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xFF);
    } else {
      frame.write(maskBit | 127);
      frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
    }
    if (!masked) {
      frame.writeBytes(payload);
      return frame.toByteArray();
    }
    frame.writeBytes(MASK);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ MASK[i & 3]);
    }
    return frame.toByteArray();
  }

  /** The header alone of a masked frame that declares {@code length} payload bytes. */
  public static byte[] header(int head, long length) {
    return ByteBuffer.allocate(14)
        .put((byte) head)
        .put((byte) (0x80 | 127))
        .putLong(length)
        .put(MASK)
        .array();
  }

  /** Writes bytes as they are. */
  public void sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One frame from the server. */
  public record Frame(int head, byte[] payload) {

    public int opcode() {
      return head & 0x0F;
    }

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close frame's code: 1005 when it has none. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  /** Reads the next frame. */
  public Frame readFrame() {
    try {
      int head = in.readUnsignedByte();
      return new Frame(head, readPayload());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How a connection ended: the frames up to the server's close frame (whose code is {@code
   * closeCode}, -1 if none came), then how TCP ended ({@code eof} or {@code reset}).
   */
  public record Ending(List<Frame> frames, int closeCode, String end) {}

  /**
   * Reads frames up to the server's close frame, answers it (echoing the code) if {@code answer},
   * then reads on until the connection ends; a read that gets nothing for 30 s fails.
   */
  public Ending readToTheEnd(boolean answer) {
    List<Frame> frames = new ArrayList<>();
    try {
      while (true) {
        Frame frame = readFrame();
        if (frame.opcode() != 0x8) {
          frames.add(frame);
          continue;
        }
        if (answer) {
          sendFrame(0x8, Arrays.copyOf(frame.payload(), Math.min(2, frame.payload().length)));
        }
        return new Ending(frames, frame.closeCode(), readToEof());
      }
    } catch (UncheckedIOException e) {
      return new Ending(frames, -1, endOf(e.getCause()));
    }
  }

  private static String endOf(IOException cause) {
    if (cause instanceof EOFException) {
      return "eof";
    }
    return cause instanceof SocketTimeoutException ? "still open" : "reset";
  }

  /**
   * Reads (and drops) whatever comes until the connection ends: {@code eof} for an orderly end,
   * {@code reset} for a reset.
   */
  public String drainToTheEnd() {
    return readToEof();
  }

  private String readToEof() {
    byte[] buffer = new byte[1 << 16];
    try {
      while (in.read(buffer) >= 0) {
        // drain
      }
      return "eof";
    } catch (SocketTimeoutException stillOpen) {
      return "still open";
    } catch (IOException reset) {
      return "reset";
    }
  }

  /** Drops the connection with a TCP reset (SO_LINGER 0), as a crashed client would. */
  public void reset() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

package io.incidentstream.streaming.support.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Redis client over a plain socket speaking RESP2, so the harness and the fault-injecting
 * tests depend on no Redis library. Replies: simple and bulk strings as {@link String}, integers as
 * {@link Long}, arrays as {@link List}, nil as {@code null}, error replies thrown as {@link
 * ErrorReply}. Not thread-safe: one connection per thread.
 */
public final class RespClient implements AutoCloseable {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** Connects; throws {@link UncheckedIOException} when nothing listens there. */
  public static RespClient connect(String host, int port) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      return new RespClient(socket);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException("cannot connect to Redis at " + host + ":" + port, e);
    }
  }

  /** Sends one command and reads its reply. */
  public Object call(String... command) {
    send(command);
    return read();
  }

  /** Sends one command whose arguments are raw bytes (say, not UTF-8) and reads its reply. */
  public Object call(byte[]... command) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    buffer.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] argument : command) {
      buffer.writeBytes(("$" + argument.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buffer.writeBytes(argument);
      buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    try {
      out.write(buffer.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send a command to Redis", e);
    }
    return read();
  }

  /** Sends one command without reading a reply (e.g. SUBSCRIBE, then {@link #read()}). */
  public void send(String... command) {
    try {
      out.write(encode(command));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send " + command[0] + " to Redis", e);
    }
  }

  /** Reads the next reply or pushed message. */
  public Object read() {
    try {
      return readReply();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a reply from Redis", e);
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static byte[] encode(String... command) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    buffer.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String argument : command) {
      byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
      buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buffer.writeBytes(bytes);
      buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return buffer.toByteArray();
  }

  private Object readReply() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("Redis closed the connection");
    }
    String line = readLine();
    return switch (type) {
      case '+' -> line;
      case '-' -> throw new ErrorReply(line);
      case ':' -> Long.parseLong(line);
      case '$' -> readBulk(Integer.parseInt(line));
      case '*' -> readArray(Integer.parseInt(line));
      default -> throw new IOException("not a RESP2 reply: " + (char) type + line);
    };
  }

  private String readBulk(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length + 2);
    if (bytes.length < length + 2) {
      throw new EOFException("Redis closed the connection inside a bulk string");
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private List<Object> readArray(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    List<Object> items = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      items.add(readReply());
    }
    return items;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\r') {
      if (b < 0) {
        throw new EOFException("Redis closed the connection inside a reply");
      }
      line.write(b);
    }
    in.read();
    return line.toString(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing useful to do: the connection is gone either way.
    }
  }

  /** An error reply ({@code -ERR ...}) from Redis. */
  public static final class ErrorReply extends RuntimeException {
    ErrorReply(String message) {
      super(message);
    }
  }
}

package io.incidentstream.client;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket server that accepts every handshake, sends {@code welcome} and then says nothing
 * more, ever: no events, no pings, no pongs, while keeping TCP open, like a server that hangs or a
 * path that silently lost its packets. Records the text frames clients send. Thread-safe.
 */
final class SilentServer implements AutoCloseable {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final String welcome;
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<String> received = new CopyOnWriteArrayList<>();

  SilentServer(long heartbeatIntervalMs) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.welcome =
        "{\"type\":\"welcome\",\"session_id\":\"s\",\"server_time\":\"2026-12-07T00:00:00Z\","
            + "\"instance_id\":\"silent\",\"heartbeat_interval_ms\":"
            + heartbeatIntervalMs
            + ",\"epoch\":\"e:0\"}";
    Thread acceptor = new Thread(this::accept, "silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI url() {
    return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws");
  }

  int connections() {
    return connections.size();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.add(socket);
        Thread reader = new Thread(() -> serve(socket), "silent-connection");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try {
      handshake(socket);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (true) {
        readFrame(in);
      }
    } catch (IOException gone) {
      // the client went away
    }
  }

  private void handshake(Socket socket) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String key = null;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Sec-WebSocket-Key")) {
        key = value;
      } else if (name.equalsIgnoreCase("Authorization")) {
        authorizations.add(value);
      }
    }
    OutputStream out = socket.getOutputStream();
    out.write(
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: "
                + accept(key)
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(textFrame(welcome));
    out.flush();
  }

  /** Reads one (masked) client frame and records it if it is text. */
  private void readFrame(DataInputStream in) throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] mask = new byte[4];
    if ((second & 0x80) != 0) {
      in.readFully(mask);
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i % 4];
    }
    if ((first & 0x0f) == 1) {
      received.add(new String(payload, StandardCharsets.UTF_8));
    }
  }

  private static byte[] textFrame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    if (payload.length > 0xffff) {
      throw new IllegalArgumentException("frame too long for this test server");
    }
    boolean small = payload.length < 126;
    byte[] frame = new byte[payload.length + (small ? 2 : 4)];
    frame[0] = (byte) 0x81;
    if (small) {
      frame[1] = (byte) payload.length;
    } else {
      frame[1] = 126;
      frame[2] = (byte) (payload.length >> 8);
      frame[3] = (byte) payload.length;
    }
    System.arraycopy(payload, 0, frame, small ? 2 : 4, payload.length);
    return frame;
  }

  private static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      for (Socket socket : connections) {
        socket.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

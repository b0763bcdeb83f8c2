package io.incidentstream.domain.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.incidentstream.domain.DomainException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Writes JSON to exact-size UTF-8 byte arrays. Each thread reuses one growable buffer, so an encode
 * costs the generator's work plus one copy; a buffer grown past {@value #MAX_RETAINED} bytes is
 * dropped after use rather than kept for the thread's lifetime. Thread-safe.
 */
public final class JsonOutput {

  /** Writes one document, or part of one, with the generator it is given. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator generator) throws IOException;
  }

  private static final int INITIAL_SIZE = 1024;
  private static final int MAX_RETAINED = 64 * 1024;
  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

  private JsonOutput() {}

  /**
   * The factory every codec shares: strict duplicate-key detection, nesting bounded just above
   * {@code maxDepth} (the reader reports the limit itself, with a clearer message), and no
   * auto-closing, so a deliberately unfinished document such as an event-frame prefix stays so.
   */
  public static JsonFactory newFactory(int maxDepth) {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(maxDepth + 1).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
        .build();
  }

  public static byte[] write(JsonFactory factory, Body body) {
    Buffer buffer = BUFFERS.get();
    if (buffer.inUse) {
      buffer = new Buffer();
    }
    buffer.inUse = true;
    try {
      try (JsonGenerator generator = factory.createGenerator(buffer)) {
        body.write(generator);
      }
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new DomainException("could not encode JSON", e);
    } finally {
      buffer.release();
    }
  }

  private static final class Buffer extends ByteArrayOutputStream {
    boolean inUse;

    Buffer() {
      super(INITIAL_SIZE);
    }

    void release() {
      reset();
      inUse = false;
      if (buf.length > MAX_RETAINED) {
        BUFFERS.remove();
      }
    }
  }
}

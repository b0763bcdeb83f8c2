package io.incidentstream.streaming;

/** The one unchecked exception type of the streaming module. */
public class StreamingException extends RuntimeException {

  public StreamingException(String message) {
    super(message);
  }

  public StreamingException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.incidentstream.domain;

/** The one unchecked exception type of the domain module: a broken invariant or a bad argument. */
public class DomainException extends RuntimeException {

  public DomainException(String message) {
    super(message);
  }

  public DomainException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.incidentstream.domain.port;

/**
 * This instance's session changes as they happen (opened, subscribed, unsubscribed, closed), each
 * with a copy of the session just after it, for the console's live sessions table. The stream
 * records a change only while someone listens, with one queue offer; views are read and delivered
 * off the event loops and the dispatch thread, in the order the changes happened. At most {@link
 * #MAX_PENDING} changes wait to be read; past that the oldest are dropped and every listener is
 * told to read the sessions again. Thread-safe.
 */
public interface SessionChanges {

  /** Changes held for reading at most. */
  int MAX_PENDING = 10_000;

  Feed listen(Listener listener);

  /** Receives changes one at a time, never concurrently. */
  interface Listener {

    void onChange(SessionChange change);

    /** Changes were dropped (more than {@link #MAX_PENDING} waited): read the sessions again. */
    void onChangesLost();
  }

  /** An open listening. */
  interface Feed extends AutoCloseable {

    /** Stops the feed. Idempotent. */
    @Override
    void close();
  }
}

package io.incidentstream.app.client;

import io.incidentstream.client.ClientError;
import io.incidentstream.client.ClientListener;
import io.incidentstream.client.ConnectionState;
import io.incidentstream.client.NotRecovered;
import io.incidentstream.client.Stopped;
import io.incidentstream.client.StreamEvent;
import io.incidentstream.client.SubscriptionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records everything a client tells its listeners, in the order it was told (the dispatch thread
 * calls one at a time). Thread-safe.
 */
final class Recorder implements SubscriptionListener, ClientListener {

  /** One thing the client reported, as a line. */
  final List<String> log = new CopyOnWriteArrayList<>();

  final List<Long> seqs = new CopyOnWriteArrayList<>();
  final List<StreamEvent> events = new CopyOnWriteArrayList<>();
  final List<NotRecovered> notRecovered = new CopyOnWriteArrayList<>();
  final List<ClientError> errors = new CopyOnWriteArrayList<>();
  final List<String> subscribedEpochs = new CopyOnWriteArrayList<>();
  final List<String> connected = new CopyOnWriteArrayList<>();
  final List<ConnectionState> states = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(StreamEvent event) {
    seqs.add(event.seq());
    events.add(event);
  }

  @Override
  public void onSubscribed(String subscriptionId, String epoch) {
    subscribedEpochs.add(epoch);
    log.add("subscribed " + subscriptionId + " in epoch " + epoch);
  }

  @Override
  public void onNotRecovered(NotRecovered notice) {
    notRecovered.add(notice);
    log.add(notice.describe() + " (after " + seqs.size() + " events)");
  }

  @Override
  public void onStateChanged(ConnectionState state, String detail) {
    states.add(state);
    if (state == ConnectionState.CONNECTED) {
      connected.add(detail);
    }
    log.add(state + ": " + detail);
  }

  @Override
  public void onError(ClientError error) {
    errors.add(error);
    log.add("error " + error.kind() + ": " + error.message());
  }

  @Override
  public void onStopped(Stopped stopped) {
    log.add("stopped " + stopped);
  }

  long count(ConnectionState state) {
    return states.stream().filter(state::equals).count();
  }

  long lastSeq() {
    return seqs.isEmpty() ? -1 : seqs.get(seqs.size() - 1);
  }

  @Override
  public String toString() {
    return seqs.size() + " events, log " + log;
  }
}

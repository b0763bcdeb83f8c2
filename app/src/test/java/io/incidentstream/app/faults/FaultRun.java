package io.incidentstream.app.faults;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One fault under a steady stream: resuming clients on every live instance of a cluster, and an
 * idempotent producer publishing across the live instances. A test starts the run, waits for some
 * events to be acknowledged ({@link #awaitAcknowledged}), injects its fault, recovers, and calls
 * {@link #finish()}, which lets the stream go on for a while, stops the producer once everything it
 * created is acknowledged, waits until the clients hold it all, and accounts for it:
 *
 * <pre>
 * try (FaultRun run = FaultRun.start("Redis killed", cluster, 2)) {
 *   run.awaitAcknowledged(40);
 *   ... inject, recover ...
 *   FaultAccount account = run.finish();
 *   account.assertNothingLost();
 * }
 * </pre>
 *
 * Thread-safe where its parts are; meant for one test thread.
 */
public final class FaultRun implements AutoCloseable {

  /** The producer's pace: one event created (and one attempt sent) per tick. */
  public static final Duration PACE = Duration.ofMillis(20);

  /** Events acknowledged after the recovery before the producer stops. */
  public static final int EVENTS_AFTER_RECOVERY = 40;

  /** How long recovery and catching up may take on a loaded machine. */
  public static final Duration CATCH_UP = Duration.ofSeconds(120);

  private final String fault;
  private final List<ResumingClient> clients;
  private final IdempotentProducer producer;
  private final long startedNanos = System.nanoTime();

  private FaultRun(String fault, List<ResumingClient> clients, IdempotentProducer producer) {
    this.fault = fault;
    this.clients = clients;
    this.producer = producer;
  }

  /**
   * Connects {@code clientsPerInstance} resuming clients to each live instance of {@code cluster},
   * waits until all are subscribed, then starts the producer.
   */
  public static FaultRun start(String fault, AppCluster cluster, int clientsPerInstance) {
    return start(
        fault,
        cluster.liveWsUris(),
        cluster::liveWsUris,
        () -> cluster.live().stream().map(AppInstance::httpUri).toList(),
        cluster.viewerToken(),
        cluster.publisherToken(),
        clientsPerInstance);
  }

  /**
   * The same for any set of instances: clients start on {@code first} and reconnect to what {@code
   * liveWs} answers; the producer posts to what {@code liveHttp} answers.
   */
  public static FaultRun start(
      String fault,
      List<URI> first,
      Supplier<List<URI>> liveWs,
      Supplier<List<URI>> liveHttp,
      String viewerToken,
      String publisherToken,
      int clientsPerInstance) {
    List<ResumingClient> clients = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      for (int c = 0; c < clientsPerInstance; c++) {
        String name = "client-" + (i + 1) + "." + (c + 1);
        clients.add(ResumingClient.connect(name, first.get(i), liveWs, viewerToken));
      }
    }
    await()
        .atMost(CATCH_UP)
        .alias("every client subscribed")
        .until(() -> clients.stream().allMatch(ResumingClient::isSubscribed));
    IdempotentProducer producer =
        IdempotentProducer.start("faults", liveHttp, publisherToken, PACE);
    return new FaultRun(fault, List.copyOf(clients), producer);
  }

  public List<ResumingClient> clients() {
    return clients;
  }

  /** The clients that started on {@code instance}. */
  public List<ResumingClient> clientsFirstOn(URI instance) {
    return clients.stream().filter(c -> c.firstUri().equals(instance)).toList();
  }

  public IdempotentProducer producer() {
    return producer;
  }

  /** Waits until the producer has {@code count} (more) events acknowledged in all. */
  public void awaitAcknowledged(int count) {
    await()
        .atMost(CATCH_UP)
        .alias(count + " events acknowledged")
        .until(() -> producer.acknowledged() >= count);
  }

  /**
   * Lets the stream run until {@link #EVENTS_AFTER_RECOVERY} more events are acknowledged, stops
   * the producer once all it created are, waits (up to {@link #CATCH_UP}) until every client holds
   * every acknowledged event (by its {@code message_id}), and accounts for the run. A client that
   * never catches up shows in the account as lost events, not as a timeout.
   */
  public FaultAccount finish() {
    awaitAcknowledged(producer.acknowledged() + EVENTS_AFTER_RECOVERY);
    producer.finish(CATCH_UP);
    try {
      await()
          .atMost(CATCH_UP)
          .pollInterval(Duration.ofMillis(200))
          .until(this::everyClientHoldsEverything);
    } catch (ConditionTimeoutException e) {
      // reported by the account: which client lacks which seqs
    }
    return FaultAccount.of(fault, producer, clients);
  }

  /** Seconds since the run started. */
  public long elapsedSeconds() {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
  }

  @Override
  public void close() {
    producer.close();
    clients.forEach(ResumingClient::close);
  }

  private boolean everyClientHoldsEverything() {
    Set<String> acked = producer.ackedSeqs().keySet();
    return clients.stream().allMatch(c -> c.messageIdBySeq().values().containsAll(acked));
  }
}

package io.incidentstream.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one fault run published, acknowledged and delivered, from the producer's records and every
 * resuming client's: the figures of one row of the faults report, and the checks that nothing
 * acknowledged is missing, nothing is duplicated and every event kept the seq it was acknowledged
 * with.
 *
 * @param seqsAckedTwice seqs the producer got for two different events (a seq handed out again)
 * @param lost per client, the seqs (as acknowledged) of the acknowledged events it does not hold
 * @param duplicates per client, the events it got again (at or below a seq it already had)
 * @param misnumbered per client, events whose seq differs from the one their message_id was
 *     acknowledged with
 */
public record FaultAccount(
    String fault,
    int published,
    int acknowledged,
    int answeredDuplicate,
    Map<String, Integer> failedAttempts,
    List<Long> seqsAckedTwice,
    int deliveredMin,
    int deliveredMax,
    Map<String, List<Long>> lost,
    Map<String, List<String>> duplicates,
    Map<String, List<String>> misnumbered,
    int reconnects,
    int recoveredTrue,
    int recoveredFalse,
    Map<String, Integer> told) {

  /** Takes the figures once the producer has finished and the clients have caught up. */
  public static FaultAccount of(
      String fault, IdempotentProducer producer, List<ResumingClient> clients) {
    Map<String, Long> acked = producer.ackedSeqs();
    Map<String, List<Long>> lost = new TreeMap<>();
    Map<String, List<String>> duplicates = new TreeMap<>();
    Map<String, List<String>> misnumbered = new TreeMap<>();
    Map<String, Integer> told = new TreeMap<>();
    List<Integer> delivered = new ArrayList<>();
    int reconnects = 0;
    int recoveredTrue = 0;
    int recoveredFalse = 0;
    for (ResumingClient client : clients) {
      Map<Long, String> held = client.messageIdBySeq();
      Set<String> heldIds = Set.copyOf(held.values());
      lost.put(
          client.name(),
          acked.entrySet().stream()
              .filter(e -> !heldIds.contains(e.getKey()))
              .map(Map.Entry::getValue)
              .sorted()
              .toList());
      duplicates.put(client.name(), client.duplicates());
      misnumbered.put(client.name(), misnumbered(held, acked));
      delivered.add((int) heldIds.stream().filter(acked::containsKey).count());
      reconnects += client.reconnects();
      recoveredTrue += (int) client.recovered().stream().filter(r -> r).count();
      recoveredFalse += (int) client.recovered().stream().filter(r -> !r).count();
      client.told().forEach((what, n) -> told.merge(what, n, Integer::sum));
    }
    return new FaultAccount(
        fault,
        producer.published(),
        acked.size(),
        producer.answeredDuplicate(),
        producer.failures(),
        ackedTwice(acked),
        delivered.stream().mapToInt(Integer::intValue).min().orElse(0),
        delivered.stream().mapToInt(Integer::intValue).max().orElse(0),
        lost,
        duplicates,
        misnumbered,
        reconnects,
        recoveredTrue,
        recoveredFalse,
        told);
  }

  private static List<Long> ackedTwice(Map<String, Long> acked) {
    Map<Long, Long> counts =
        acked.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    return counts.entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static List<String> misnumbered(Map<Long, String> held, Map<String, Long> acked) {
    return held.entrySet().stream()
        .filter(e -> acked.containsKey(e.getValue()) && !acked.get(e.getValue()).equals(e.getKey()))
        .map(
            e ->
                e.getValue()
                    + " acknowledged as seq "
                    + acked.get(e.getValue())
                    + ", got "
                    + e.getKey())
        .toList();
  }

  public int lostTotal() {
    return lost.values().stream().mapToInt(List::size).sum();
  }

  public int duplicatesTotal() {
    return duplicates.values().stream().mapToInt(List::size).sum();
  }

  /**
   * Every acknowledged event reached every client once, with the seq it was acknowledged with, and
   * every event published was acknowledged in the end.
   */
  public void assertNothingLost() {
    assertThat(acknowledged)
        .as("%s: every event published was acknowledged", fault)
        .isEqualTo(published);
    assertThat(seqsAckedTwice).as("%s: seqs acknowledged for two events", fault).isEmpty();
    assertThat(lost)
        .as("%s: acknowledged events (by their acknowledged seq) a client lacks", fault)
        .allSatisfy((c, seqs) -> assertThat(seqs).as(c).isEmpty());
    assertThat(duplicates)
        .as("%s: events a client got twice", fault)
        .allSatisfy((c, d) -> assertThat(d).as(c).isEmpty());
    assertThat(misnumbered)
        .as("%s: events delivered under another seq", fault)
        .allSatisfy((c, m) -> assertThat(m).as(c).isEmpty());
  }

  /** The row of the report's table, in the order of {@link #HEADER}. */
  public List<Object> row() {
    return List.of(
        fault,
        published,
        acknowledged,
        failedAttempts.isEmpty() ? "0" : describe(failedAttempts),
        answeredDuplicate,
        seqsAckedTwice.size(),
        deliveredMin + " / " + deliveredMax,
        duplicatesTotal(),
        lostTotal(),
        reconnects,
        recoveredTrue + " / " + recoveredFalse,
        told.isEmpty() ? "nothing (connections stayed open)" : describe(told));
  }

  public static final List<String> HEADER =
      List.of(
          "fault injected",
          "published",
          "acknowledged",
          "failed attempts (retried)",
          "retries answered duplicate",
          "seqs acknowledged twice",
          "delivered per client (min / max)",
          "duplicates",
          "lost",
          "reconnects",
          "recovered true / false",
          "what clients were told");

  private static String describe(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " x" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}

package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.ClusterDirectory;
import io.incidentstream.domain.port.InstanceFailure;
import io.incidentstream.domain.port.InstanceView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Runs one call on every other live instance and gathers the answers and the failures. */
final class Peers {

  private Peers() {}

  /** What the peers answered, and which did not. */
  record Gathered<T>(List<T> answers, List<InstanceFailure> failures) {}

  static <T> CompletableFuture<Gathered<T>> ask(
      ClusterDirectory cluster,
      @Nullable String onlyInstance,
      Function<InstanceView, CompletableFuture<PeerClient.Reply<T>>> call) {
    String self = cluster.localInstanceId();
    List<CompletableFuture<PeerClient.Reply<T>>> calls = new ArrayList<>();
    for (InstanceView peer : cluster.instances()) {
      if (peer.id().equals(self) || (onlyInstance != null && !onlyInstance.equals(peer.id()))) {
        continue;
      }
      calls.add(call.apply(peer));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<T> answers = new ArrayList<>();
              List<InstanceFailure> failures = new ArrayList<>();
              for (CompletableFuture<PeerClient.Reply<T>> c : calls) {
                PeerClient.Reply<T> reply = c.join();
                if (reply.value() != null) {
                  answers.add(reply.value());
                } else if (reply.failure() != null) {
                  failures.add(reply.failure());
                }
              }
              return new Gathered<>(answers, failures);
            });
  }
}

package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.SubscriptionView;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.fanout.SubscriptionService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Fan-out that holds no subscriptions: for tests of a session alone. */
final class NoSubscriptions implements SubscriptionService {
  @Override
  public void subscribe(Recipient recipient, ClientMessage.Subscribe subscribe) {}

  @Override
  public void unsubscribe(Recipient recipient, String subscriptionId) {}

  @Override
  public void removeAll(Recipient recipient) {}

  @Override
  public void changeTenants(Recipient recipient, TenantScope tenants) {}

  @Override
  public void afterPendingEvents(Runnable task) {
    task.run();
  }

  @Override
  public CompletionStage<Map<String, List<SubscriptionView>>> describe(
      Collection<? extends Recipient> recipients) {
    return CompletableFuture.completedFuture(Map.of());
  }

  @Override
  public int activeSubscriptions() {
    return 0;
  }
}

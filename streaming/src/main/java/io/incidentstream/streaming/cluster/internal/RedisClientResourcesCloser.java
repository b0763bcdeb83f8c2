package io.incidentstream.streaming.cluster.internal;

import io.lettuce.core.RedisClient;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanDestroyedEvent;
import io.micronaut.context.event.BeanDestroyedEventListener;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * Shuts down the Lettuce {@code ClientResources} (its event loops and computation threads) once
 * micronaut-redis-lettuce has shut its {@link RedisClient} down. The library hands the client
 * resources it built itself but never shuts them, so each closed application context would leave
 * their threads running. Stateless.
 */
@Singleton
@Requires(property = "redis.uri")
final class RedisClientResourcesCloser implements BeanDestroyedEventListener<RedisClient> {

  @Override
  public void onDestroyed(BeanDestroyedEvent<RedisClient> event) {
    event.getBean().getResources().shutdown(0, 2, TimeUnit.SECONDS);
  }
}

package io.incidentstream.streaming.metrics.internal;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.netty.buffer.PooledByteBufAllocator;
import jakarta.inject.Singleton;

/**
 * Netty's pooled allocator, where every connection's buffers and the shared event frames live:
 * {@code netty_allocator_memory_used{allocator_type,id,memory_type}}, pinned memory, arenas, thread
 * caches. Micrometer's binder rather than Micronaut's ({@code bytebuf-allocators}), whose per-arena
 * meters disagree on their tag keys and are refused by the Prometheus registry.
 */
@Factory
class NettyAllocatorMeters {

  @Bean
  @Singleton
  MeterBinder pooledAllocatorMetrics() {
    return new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT);
  }
}

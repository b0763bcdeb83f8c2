package io.incidentstream.streaming.fanout.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplayFrameCacheTest {

  private final List<PooledEventFrame> encoded = new ArrayList<>();

  private PooledEventFrame encode() {
    PooledEventFrame buf = new PooledEventFrame(Unpooled.buffer(4).writeInt(encoded.size()));
    encoded.add(buf);
    return buf;
  }

  @Test
  void shouldEncodeEachEventOnce() {
    ReplayFrameCache cache = new ReplayFrameCache(4, 1024);
    UUID id = UUID.randomUUID();

    PooledEventFrame first = cache.get(id, this::encode);
    PooledEventFrame second = cache.get(id, this::encode);

    assertThat(second).isSameAs(first);
    assertThat(encoded).hasSize(1);
    cache.clear();
  }

  @Test
  void shouldReleaseWhatItEvictsAndClears() {
    ReplayFrameCache cache = new ReplayFrameCache(2, 1024);
    for (int i = 0; i < 5; i++) {
      cache.get(UUID.randomUUID(), this::encode);
    }

    assertThat(encoded.subList(0, 3)).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    assertThat(encoded.subList(3, 5)).allSatisfy(buf -> assertThat(buf.refCnt()).isOne());
    cache.clear();
    assertThat(encoded).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
  }

  @Test
  void shouldKeepEntriesUpToTheByteBoundAndEvictTheEldestPastIt() {
    ReplayFrameCache cache = new ReplayFrameCache(100, 12);
    for (int i = 0; i < 3; i++) {
      cache.get(UUID.randomUUID(), this::encode);
    }
    assertThat(encoded).allSatisfy(buf -> assertThat(buf.refCnt()).isOne());

    cache.get(UUID.randomUUID(), this::encode);

    assertThat(encoded.get(0).refCnt()).isZero();
    assertThat(encoded.subList(1, 4)).allSatisfy(buf -> assertThat(buf.refCnt()).isOne());
    cache.clear();
  }

  @Test
  void shouldKeepTheNewestEntryEvenWhenItAloneExceedsTheByteBound() {
    ReplayFrameCache cache = new ReplayFrameCache(100, 2);
    UUID id = UUID.randomUUID();

    PooledEventFrame first = cache.get(id, this::encode);

    assertThat(cache.get(id, this::encode)).isSameAs(first);
    assertThat(first.refCnt()).isOne();
    cache.clear();
  }
}

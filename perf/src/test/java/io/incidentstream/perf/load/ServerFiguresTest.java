package io.incidentstream.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerFiguresTest {

  private static final String HISTOGRAM_BEFORE =
      """
      12345:
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:          1000         100000  [B (java.base@17.0.15)
         2:           500          12000  java.lang.String (java.base@17.0.15)
      Total          1500         112000
      """;

  private static final String HISTOGRAM_AFTER =
      """
      12345:
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:          3000         300000  [B (java.base@17.0.15)
         2:          2500          60000  java.lang.String (java.base@17.0.15)
         3:           200          12800  io.netty.channel.DefaultChannelHandlerContext
      Total          5700         372800
      """;

  @Test
  void shouldReadTheLiveTotalAndEachClassFromAClassHistogram() {
    HeapHistogram histogram = HeapHistogram.parse(HISTOGRAM_AFTER);

    assertThat(histogram.totalBytes()).isEqualTo(372_800);
    assertThat(histogram.bytesByClass()).containsEntry("[B", 300_000L).hasSize(3);
    assertThat(histogram.instancesByClass()).containsEntry("java.lang.String", 2500L);
  }

  @Test
  void shouldRankWhatEachAddedConnectionCosts() {
    List<HeapHistogram.Growth> growth =
        HeapHistogram.parse(HISTOGRAM_AFTER)
            .growthSince(HeapHistogram.parse(HISTOGRAM_BEFORE), 100, 2);

    assertThat(growth)
        .containsExactly(
            new HeapHistogram.Growth("[B", 2000, 20),
            new HeapHistogram.Growth("java.lang.String", 480, 20));
  }

  @Test
  void shouldRefuseOutputThatIsNoHistogram() {
    assertThatThrownBy(() -> HeapHistogram.parse("12345:\nCould not attach"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Total line");
  }

  @Test
  void shouldSumPrometheusSamplesOverLabelsAndKeepTheHeapApart() {
    Map<String, Double> metrics =
        ServerProbe.parsePrometheus(
            """
            # HELP websocket_events_dropped_total dropped
            # TYPE websocket_events_dropped_total counter
            websocket_events_dropped_total{priority="Low",reason="queue_full"} 3.0
            websocket_events_dropped_total{priority="High",reason="queue_full"} 2.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1000.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E3
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9000.0
            process_cpu_time_ns_total 4.5E9
            """);

    assertThat(metrics.get("websocket_events_dropped_total")).isEqualTo(5.0);
    assertThat(metrics.get(ServerProbe.HEAP_USED)).isEqualTo(3500.0);
    assertThat(metrics.get("jvm_memory_used_bytes")).isCloseTo(12_500.0, within(1e-9));
    assertThat(metrics.get("process_cpu_time_ns_total")).isEqualTo(4.5e9);
  }

  @Test
  void shouldReadDirectMemoryDropsByReasonAndStallsByKindFromPrometheus() {
    Map<String, Double> m =
        ServerProbe.parsePrometheus(
            """
            # TYPE jvm_buffer_memory_used_bytes gauge
            jvm_buffer_memory_used_bytes{id="direct"} 3080200.0
            jvm_buffer_memory_used_bytes{id="mapped"} 10.0
            netty_allocator_memory_used{allocator_type="PooledByteBufAllocator",id="1",memory_type="direct"} 4194304.0
            netty_allocator_memory_used{allocator_type="PooledByteBufAllocator",id="1",memory_type="heap"} 7.0
            netty_allocator_memory_pinned{allocator_type="PooledByteBufAllocator",id="1",memory_type="direct"} 16.0
            websocket_events_dropped_total{reason="queue_full_low"} 5.0
            websocket_events_dropped_total{reason="slow_consumer_closed"} 2.0
            stream_event_loop_stalls_total{kind="blocked"} 0.0
            stream_event_loop_stalls_total{kind="busy"} 3.0
            """);

    assertThat(m)
        .containsEntry(ServerProbe.DIRECT_BUFFERS, 3080200.0)
        .containsEntry(ServerProbe.NETTY_DIRECT_USED, 4194304.0)
        .containsEntry(ServerProbe.NETTY_DIRECT_PINNED, 16.0)
        .containsEntry("websocket_events_dropped_total", 7.0)
        .containsEntry("websocket_events_dropped_total:queue_full_low", 5.0)
        .containsEntry("websocket_events_dropped_total:slow_consumer_closed", 2.0)
        .containsEntry("stream_event_loop_stalls_total:blocked", 0.0)
        .containsEntry("stream_event_loop_stalls_total:busy", 3.0);
  }
}

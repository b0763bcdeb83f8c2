package io.incidentstream.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveriesTest {

  // An origin well in the past, so a stamp "5 ms before now" is never before the origin.
  private final Deliveries deliveries =
      new Deliveries(System.nanoTime() - TimeUnit.SECONDS.toNanos(10));
  private final Stamp stamp = new Stamp();

  @Test
  void shouldCountOnlyEventsInsideTheWindow() {
    deliver(3, 4);
    deliveries.open(5);
    deliver(3, 4);
    deliver(3, 5);
    deliver(3, 9);
    deliveries.close(9);
    deliver(3, 9);

    assertThat(deliveries.received()).isEqualTo(2);
    assertThat(deliveries.latency().getTotalCount()).isEqualTo(2);
  }

  @Test
  void shouldClearTheFiguresWhenTheNextWindowOpens() {
    deliveries.open(0);
    deliver(1, 1);
    deliveries.close(2);
    deliveries.open(2);

    assertThat(deliveries.received()).isZero();
    assertThat(deliveries.latency().getTotalCount()).isZero();
  }

  @Test
  void shouldCountDeliveriesToTheWrongTeamAndUnstampedFrames() {
    deliveries.open(0);
    read("~4~1~0");
    deliveries.onEvent(true, stamp, 5);
    read("no stamp");
    deliveries.onEvent(false, stamp, 5);

    assertThat(deliveries.misrouted()).isEqualTo(1);
    assertThat(deliveries.unstamped()).isEqualTo(1);
  }

  @Test
  void shouldMeasureLatencyFromTheStampedSendTime() {
    deliveries.open(0);
    long sent = deliveries.now() - 5_000_000;
    read("~1~0~" + sent);
    deliveries.onEvent(true, stamp, 1);

    assertThat(deliveries.latency().getMinValue()).isGreaterThanOrEqualTo(5_000);
  }

  private void deliver(int group, long seq) {
    read("~" + group + "~" + seq + "~" + deliveries.now());
    deliveries.onEvent(true, stamp, group);
  }

  private void read(String text) {
    ByteBuf frame = Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
    stamp.read(frame);
  }
}

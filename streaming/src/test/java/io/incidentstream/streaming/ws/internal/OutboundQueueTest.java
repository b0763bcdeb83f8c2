package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.Priority;
import io.incidentstream.streaming.support.TestEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

  private static final int LOW = 0;
  private static final int NORMAL = 1;
  private static final int HIGH = 2;
  private static final int CRITICAL = 3;

  private final List<Integer> shed = new ArrayList<>();
  private final List<OutboundQueue.Drop> dropKinds = new ArrayList<>();
  private final List<ByteBuf> buffers = new ArrayList<>();

  private OutboundQueue queue(int maxMessages, long maxBytes) {
    return new OutboundQueue(
        OutboundQueue.Limits.of(maxMessages, maxBytes),
        (rank, why) -> {
          shed.add(why == OutboundQueue.Drop.SHED ? rank : -1 - rank);
          dropKinds.add(why);
        });
  }

  private Outbound event(int rank, int bytes) {
    ByteBuf buf = Unpooled.buffer(bytes).writeZero(bytes);
    buffers.add(buf);
    EventEnvelope e = TestEvents.envelope(1, Instant.EPOCH);
    return Outbound.event(
        buf,
        Unpooled.EMPTY_BUFFER,
        new EventEnvelope(
            e.messageId(), e.seq(), e.timestamp(), Priority.values()[rank], e.tenant(), e.event()));
  }

  private Outbound control() {
    ByteBuf buf = Unpooled.buffer(8).writeZero(8);
    buffers.add(buf);
    return Outbound.control(buf);
  }

  private static List<Integer> drainRanks(OutboundQueue queue) {
    List<Integer> ranks = new ArrayList<>();
    Outbound item;
    while ((item = queue.poll()) != null) {
      ranks.add(item.rank());
      item.release();
    }
    return ranks;
  }

  @Test
  void shouldKeepFifoOrder() {
    OutboundQueue queue = queue(10, 1_000);
    queue.offer(event(HIGH, 1));
    queue.offer(event(LOW, 1));
    queue.offer(event(NORMAL, 1));

    assertThat(drainRanks(queue)).containsExactly(HIGH, LOW, NORMAL);
  }

  @Test
  void shouldShedTheOldestLowestPriorityFirst() {
    OutboundQueue queue = queue(3, 1_000);
    queue.offer(event(NORMAL, 1));
    queue.offer(event(LOW, 1));
    queue.offer(event(HIGH, 1));

    assertThat(queue.offer(event(HIGH, 1))).isEqualTo(OutboundQueue.Offer.ACCEPTED);
    assertThat(queue.offer(event(HIGH, 1))).isEqualTo(OutboundQueue.Offer.ACCEPTED);

    assertThat(shed).containsExactly(LOW, NORMAL);
    assertThat(drainRanks(queue)).containsExactly(HIGH, HIGH, HIGH);
  }

  @Test
  void shouldKeepFifoOrderWhenTheNewestFrameIsShed() {
    OutboundQueue queue = queue(3, 1_000);
    queue.offer(event(HIGH, 1));
    queue.offer(event(HIGH, 1));
    queue.offer(event(LOW, 1));

    queue.offer(event(NORMAL, 1));
    queue.offer(event(CRITICAL, 1));
    queue.offer(control());

    assertThat(shed).containsExactly(LOW, NORMAL, HIGH);
    assertThat(drainRanks(queue)).containsExactly(HIGH, CRITICAL, Outbound.CONTROL);
    assertThat(queue.offer(event(LOW, 1))).isEqualTo(OutboundQueue.Offer.ACCEPTED);
    assertThat(drainRanks(queue)).containsExactly(LOW);
  }

  @Test
  void shouldDropTheIncomingEventWhenNothingQueuedRanksLower() {
    OutboundQueue queue = queue(2, 1_000);
    queue.offer(event(NORMAL, 1));
    queue.offer(event(HIGH, 1));

    assertThat(queue.offer(event(NORMAL, 1))).isEqualTo(OutboundQueue.Offer.DROPPED);
    assertThat(queue.offer(event(LOW, 1))).isEqualTo(OutboundQueue.Offer.DROPPED);
    assertThat(drainRanks(queue)).containsExactly(NORMAL, HIGH);
  }

  @Test
  void shouldNeverShedCriticalAndOverflowWhenFullOfIt() {
    OutboundQueue queue = queue(2, 1_000);
    queue.offer(event(CRITICAL, 1));
    queue.offer(event(CRITICAL, 1));

    assertThat(queue.offer(event(HIGH, 1))).isEqualTo(OutboundQueue.Offer.DROPPED);
    assertThat(queue.offer(event(CRITICAL, 1))).isEqualTo(OutboundQueue.Offer.OVERFLOW);
    assertThat(queue.offer(control())).isEqualTo(OutboundQueue.Offer.OVERFLOW);
    assertThat(shed).isEmpty();
    assertThat(drainRanks(queue)).containsExactly(CRITICAL, CRITICAL);
  }

  @Test
  void shouldShedToMakeRoomForCritical() {
    OutboundQueue queue = queue(2, 1_000);
    queue.offer(event(HIGH, 1));
    queue.offer(event(LOW, 1));

    assertThat(queue.offer(event(CRITICAL, 1))).isEqualTo(OutboundQueue.Offer.ACCEPTED);
    assertThat(drainRanks(queue)).containsExactly(HIGH, CRITICAL);
  }

  @Test
  void shouldBoundBytesAsWellAsMessages() {
    OutboundQueue queue = queue(100, 100);
    queue.offer(event(LOW, 60));

    assertThat(queue.offer(event(NORMAL, 60))).isEqualTo(OutboundQueue.Offer.ACCEPTED);
    assertThat(shed).containsExactly(LOW);
    assertThat(queue.offer(event(NORMAL, 60))).isEqualTo(OutboundQueue.Offer.DROPPED);
  }

  @Test
  void shouldAcceptOneOversizedFrameIntoAnEmptyQueue() {
    OutboundQueue queue = queue(10, 100);

    assertThat(queue.offer(event(LOW, 500))).isEqualTo(OutboundQueue.Offer.ACCEPTED);
  }

  @Test
  void shouldDiscardEventsButKeepControlWhenTerminating() {
    OutboundQueue queue = queue(10, 1_000);
    queue.offer(event(HIGH, 1));
    queue.offer(control());
    queue.offer(event(CRITICAL, 1));

    queue.terminate(true, false, control(), Outbound.close(1008, "policy"));

    assertThat(queue.offer(event(CRITICAL, 1))).isEqualTo(OutboundQueue.Offer.CLOSED);
    assertThat(drainRanks(queue))
        .containsExactly(Outbound.CONTROL, Outbound.CONTROL, Outbound.CLOSE);
    assertThat(dropKinds).containsExactly(OutboundQueue.Drop.CLOSED, OutboundQueue.Drop.CLOSED);
  }

  @Test
  void shouldReportDiscardsOfASlowConsumerAsSuch() {
    OutboundQueue queue = queue(10, 1_000);
    queue.offer(event(HIGH, 1));
    queue.offer(event(LOW, 1));

    queue.terminate(true, true, control(), Outbound.close(4008, "slow consumer"));
    queue.close();

    assertThat(dropKinds)
        .containsExactly(OutboundQueue.Drop.SLOW_CONSUMER, OutboundQueue.Drop.SLOW_CONSUMER);
  }

  @Test
  void shouldReleaseEveryBufferExactlyOnce() {
    OutboundQueue queue = queue(3, 1_000);
    for (int i = 0; i < 20; i++) {
      queue.offer(event(i % 4, 10));
    }
    queue.offer(control());
    Outbound first = queue.poll();
    first.release();
    queue.close();
    queue.offer(event(CRITICAL, 1));

    assertThat(buffers).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
  }

  @Test
  void shouldFillForCatchUpOnlyToThreeQuartersWithoutShedding() {
    OutboundQueue queue = queue(8, 1_000);
    List<OutboundQueue.Offer> offers = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      offers.add(queue.offerIfRoom(event(LOW, 1)));
    }

    assertThat(offers).containsOnly(OutboundQueue.Offer.ACCEPTED, OutboundQueue.Offer.FULL);
    assertThat(queue.size()).isEqualTo(6);
    assertThat(queue.offer(control())).isEqualTo(OutboundQueue.Offer.ACCEPTED);
    assertThat(shed).isEmpty();
    assertThat(queue.isBelowLowWatermark()).isFalse();
    drainRanks(queue);
    assertThat(queue.isBelowLowWatermark()).isTrue();
    assertThat(buffers).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
  }

  @Test
  void shouldStopCatchUpAtThreeQuartersOfTheBytes() {
    OutboundQueue queue = queue(100, 100);

    assertThat(queue.offerIfRoom(event(NORMAL, 70))).isEqualTo(OutboundQueue.Offer.ACCEPTED);
    assertThat(queue.offerIfRoom(event(NORMAL, 10))).isEqualTo(OutboundQueue.Offer.FULL);
    assertThat(queue.isBelowLowWatermark()).isFalse();
    drainRanks(queue);
    assertThat(queue.offerIfRoom(event(NORMAL, 500))).isEqualTo(OutboundQueue.Offer.ACCEPTED);
    drainRanks(queue);
    assertThat(shed).isEmpty();
    assertThat(buffers).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
  }

  @Test
  void shouldTakeFramesInOrderUpToTheByteBudgetUnderOneLock() {
    OutboundQueue queue = queue(10, 10_000);
    for (int rank = 0; rank < 4; rank++) {
      queue.offer(event(rank, 100));
    }

    Outbound first = queue.pollUpTo(150);

    assertThat(first.rank()).isZero();
    assertThat(first.next).isNotNull();
    assertThat(first.next.rank()).isOne();
    assertThat(first.next.next).as("stops once the budget is reached").isNull();
    assertThat(queue.size()).isEqualTo(2);
    first.next.release();
    first.release();
    assertThat(drainRanks(queue)).containsExactly(2, 3);
    assertThat(queue.pollUpTo(1)).isNull();
  }

  @Test
  void shouldTakeAtLeastOneFrameAndNeverPastTheClose() {
    OutboundQueue queue = queue(10, 10_000);
    queue.offer(event(1, 100));
    queue.terminate(false, false, control(), Outbound.close(1000, "bye"));

    Outbound first = queue.pollUpTo(0);
    assertThat(first.rank()).isOne();
    assertThat(first.next).isNull();
    first.release();

    Outbound rest = queue.pollUpTo(Long.MAX_VALUE);
    assertThat(rest.rank()).isEqualTo(Outbound.CONTROL);
    assertThat(rest.next.isClose()).isTrue();
    assertThat(rest.next.next).isNull();
    assertThat(queue.size()).isZero();
    rest.release();
  }
}

package io.incidentstream.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandOffTest {

  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final List<Integer> delivered = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final HandOff handOff = new HandOff(4, failures::add, Thread::new);

  @AfterEach
  void stop() {
    release.countDown();
    handOff.stopAfterQueued();
  }

  private void blockDispatch() {
    handOff.offerControl(
        () -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  @Test
  void shouldRunCallsInOrderOnOneThread() {
    List<String> threads = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      Runnable call =
          () -> {
            threads.add(Thread.currentThread().getName());
            delivered.add(n);
          };
      if (i % 3 == 0) {
        handOff.offerControl(call);
      } else {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(handOff::hasRoom);
        handOff.offerEvent(call);
      }
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 100);
    assertThat(delivered).isSorted().doesNotHaveDuplicates();
    assertThat(threads).containsOnly(threads.get(0));
  }

  @Test
  void shouldHaveRoomForExactlyCapacityEventsAndAlwaysForControlCalls() {
    blockDispatch();
    for (int i = 0; i < 4; i++) {
      assertThat(handOff.hasRoom()).as("room for event %d", i + 1).isTrue();
      handOff.offerEvent(() -> {});
    }

    assertThat(handOff.hasRoom()).as("room for a fifth event").isFalse();
    assertThat(handOff.queuedEvents()).isEqualTo(4);
    AtomicBoolean controlRan = new AtomicBoolean();
    handOff.offerControl(() -> controlRan.set(true));
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).untilTrue(controlRan);
  }

  @Test
  void shouldRunTheDrainedTaskOnceHalfTheEventsAreDelivered() {
    blockDispatch();
    for (int i = 0; i < 4; i++) {
      int n = i;
      handOff.offerEvent(() -> delivered.add(n));
    }
    List<Integer> deliveredWhenDrained = new CopyOnWriteArrayList<>();
    handOff.whenDrained(() -> deliveredWhenDrained.addAll(delivered));

    assertThat(deliveredWhenDrained).as("not drained while blocked").isEmpty();
    release.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> !deliveredWhenDrained.isEmpty());
    assertThat(deliveredWhenDrained).containsExactly(0, 1);
  }

  @Test
  void shouldRunTheDrainedTaskAtOnceWhenAlreadyDrained() {
    AtomicBoolean ran = new AtomicBoolean();

    handOff.whenDrained(() -> ran.set(true));

    assertThat(ran).isTrue();
  }

  @Test
  void shouldReportAFailingCallAndGoOn() {
    handOff.offerEvent(
        () -> {
          throw new IllegalStateException("listener bug");
        });
    handOff.offerEvent(() -> delivered.add(2));

    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(2));
    assertThat(failures)
        .singleElement()
        .hasToString("java.lang.IllegalStateException: listener bug");
    assertThat(handOff.queuedEvents()).isZero();
  }

  @Test
  void shouldDiscardQueuedEventsButRunControlCallsWhenStoppedThatWay() {
    blockDispatch();
    handOff.offerEvent(() -> delivered.add(1));
    AtomicBoolean controlRan = new AtomicBoolean();
    handOff.offerControl(() -> controlRan.set(true));
    handOff.offerEvent(() -> delivered.add(2));

    handOff.discardEventsAndStop();
    release.countDown();

    await().atMost(Duration.ofSeconds(10)).untilTrue(controlRan);
    assertThat(delivered).isEmpty();
    assertThat(handOff.queuedEvents()).isZero();
  }
}

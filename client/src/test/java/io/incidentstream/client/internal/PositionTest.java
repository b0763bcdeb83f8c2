package io.incidentstream.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PositionTest {

  @Test
  void shouldPassEachSeqOnceInOrderAndResumeAfterTheLast() {
    Position position = new Position(Position.NONE, null);
    position.welcome("e1");

    assertThat(position.since()).isNull();
    assertThat(position.isNew(1)).isTrue();
    position.advance(1);
    position.advance(5);

    assertThat(position.isNew(5)).as("a duplicate").isFalse();
    assertThat(position.isNew(3)).as("an older event").isFalse();
    assertThat(position.isNew(6)).isTrue();
    assertThat(position.since()).isEqualTo(5);
    assertThat(position.epoch()).isEqualTo("e1");
    assertThatThrownBy(() -> position.advance(5)).hasMessageContaining("not after 5");
  }

  @Test
  void shouldKeepItsSeqWhenTheStreamKeepsItsEpoch() {
    Position position = new Position(40, "e1");

    position.welcome("e1");

    assertThat(position.since()).isEqualTo(40);
    assertThat(position.isNew(40)).isFalse();
  }

  @Test
  void shouldAcceptTheNewNumberingWhenTheEpochChanges() {
    Position position = new Position(900, "e1");

    position.welcome("e2");

    assertThat(position.epoch()).isEqualTo("e2");
    assertThat(position.since()).as("the old seq names other events now").isNull();
    assertThat(position.isNew(1)).isTrue();
  }

  @Test
  void shouldTakeTheFirstEpochForASeqGivenWithoutOne() {
    Position position = new Position(12, null);

    assertThat(position.epoch()).isNull();
    position.welcome("e7");

    assertThat(position.epoch()).isEqualTo("e7");
    assertThat(position.since()).isEqualTo(12);
  }
}

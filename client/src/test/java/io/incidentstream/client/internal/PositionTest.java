package io.incidentstream.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PositionTest {

  @Test
  void shouldResumeAfterTheHighestSeqHandedOn() {
    Position position = new Position(Position.NONE, null);
    assertThat(position.welcome("e1")).isFalse();

    assertThat(position.since()).isNull();
    position.record(5);
    position.record(3);

    assertThat(position.since()).isEqualTo(5);
    assertThat(position.epoch()).isEqualTo("e1");
  }

  @Test
  void shouldKeepItsSeqWhenTheStreamKeepsItsEpoch() {
    Position position = new Position(40, "e1");

    assertThat(position.welcome("e1")).isFalse();

    assertThat(position.since()).isEqualTo(40);
  }

  @Test
  void shouldForgetItsSeqWhenTheEpochChanges() {
    Position position = new Position(900, "e1");

    assertThat(position.welcome("e2")).as("numbering restarted").isTrue();

    assertThat(position.epoch()).isEqualTo("e2");
    assertThat(position.since()).as("the old seq names other events now").isNull();
    position.record(1);
    assertThat(position.since()).isEqualTo(1);
  }

  @Test
  void shouldTakeTheFirstEpochForASeqGivenWithoutOne() {
    Position position = new Position(12, null);

    assertThat(position.epoch()).isNull();
    assertThat(position.welcome("e7")).isFalse();

    assertThat(position.epoch()).isEqualTo("e7");
    assertThat(position.since()).isEqualTo(12);
  }
}

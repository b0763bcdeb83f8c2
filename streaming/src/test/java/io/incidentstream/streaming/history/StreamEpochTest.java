package io.incidentstream.streaming.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamEpochTest {

  @Test
  void shouldStartEachEmbeddedStreamUnderAnEpochOfItsOwn() {
    StreamEpoch first = new StreamEpoch();
    StreamEpoch second = new StreamEpoch();

    assertThat(first.current()).matches("[0-9a-f]{16}:0");
    assertThat(second.current()).isNotEqualTo(first.current());
  }

  @Test
  void shouldAdoptTheEpochTheBusSaw() {
    StreamEpoch epoch = new StreamEpoch();

    epoch.adopt("0123456789abcdef:42");

    assertThat(epoch.current()).isEqualTo("0123456789abcdef:42");
    assertThat(epoch.isCurrent("0123456789abcdef:42")).isTrue();
    assertThat(StreamEpoch.random(7)).endsWith(":7");
  }
}

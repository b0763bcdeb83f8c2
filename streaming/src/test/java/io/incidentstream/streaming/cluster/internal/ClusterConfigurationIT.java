package io.incidentstream.streaming.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad {@code stream.cluster.*} value fails start-up with a message naming the key. */
class ClusterConfigurationIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "heartbeat-interval | 1 second | be a duration such as 500ms, 5s or 1m, was \"1 second\"",
        "heartbeat-timeout | 500ms | be longer than stream.cluster.heartbeat-interval (PT1S)",
        "membership-ttl | 0s | be at least 3ms, was PT0S",
        "reconnect-max-backoff | 10ms | be at least stream.cluster.reconnect-min-backoff",
        "history-size | lots | be a whole number, was \"lots\"",
        "history-size | 0 | be >= 1, was 0",
        "ingest-max-size | 2048B | be a size such as 65536, 64KB or 10MB, was \"2048B\"",
        "key-prefix | has space | be 1-64 characters of [A-Za-z0-9._:{}-]",
      })
  void shouldFailStartUpNamingTheKey(String key, String value, String rule) {
    Map<String, Object> properties =
        Map.of("redis.uri", REDIS.uri(), "stream.cluster." + key, value);

    assertThatThrownBy(() -> ApplicationContext.run(properties).close())
        .hasMessageContaining("stream.cluster." + key + " must " + rule);
  }

  @Test
  void shouldStartWithTheDefaults() {
    try (ApplicationContext context = ApplicationContext.run(Map.of("redis.uri", REDIS.uri()))) {
      ClusterConfiguration config = context.getBean(ClusterConfiguration.class);
      assertThat(config.ingestMaxSize()).isEqualTo(10 * 1024 * 1024);
      assertThat(config.membershipRefresh()).hasMillis(3333);
    }
  }
}

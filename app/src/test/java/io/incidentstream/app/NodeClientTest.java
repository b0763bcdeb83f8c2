package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client's unit tests ({@code client/js/test}, Node's built-in test runner): backoff
 * with full jitter, seq order and dedupe across a resume, {@code recovered:false}, no retry after
 * 1008 or after 4001 without a new token, prompt reconnect after 1001, dead-connection detection
 * and token refresh, against a scripted WebSocket on a mocked clock. Needs {@code node}: skipped
 * loudly without it, except under {@code CI=true}, where it fails.
 */
class NodeClientTest {

  private static final Path CLIENT = Path.of("..", "client", "js").toAbsolutePath().normalize();

  @Test
  void shouldPassTheJavaScriptClientUnitTests() {
    try (NodeRuntime.NodeProcess node =
        NodeRuntime.start(
            CLIENT, Map.of(), "--test", "--test-reporter=tap", "test/incident-stream.test.mjs")) {
      int exit = node.await(Duration.ofMinutes(2));

      assertThat(exit).as("node --test exit code; %s", node).isZero();
      assertThat(node.out)
          .as("%s", node)
          .contains("# fail 0")
          .anyMatch(l -> l.matches("# pass \\d+"));
    }
  }
}

package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.client.StreamEvent;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Priority;
import io.incidentstream.domain.model.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir Path dir;

  private int run(Map<String, String> env, String... args) {
    return new TailCommand(
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(List.of(args));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldRefuseBadArgumentsWithExitStatus2AndSayWhy() {
    assertThat(run(Map.of(), "--token", "t")).isEqualTo(2);
    assertThat(err()).contains("tail: --url is required", "usage:");

    assertThat(run(Map.of(), "--url", "http://localhost:8080/ws", "--token", "t")).isEqualTo(2);
    assertThat(err()).contains("bad --url http://localhost:8080/ws");

    assertThat(run(Map.of(), "--url", "ws://h/ws")).isEqualTo(2);
    assertThat(err()).contains("a token is required: --token-file <file>, --token <jwt> or");

    assertThat(run(Map.of(), "--url", "ws://h/ws", "--token", "t", "--severities", "p0"))
        .isEqualTo(2);
    assertThat(err()).contains("unknown severity \"p0\" (expected one of P0, P1, P2, P3, P4)");

    assertThat(run(Map.of(), "--url", "ws://h/ws", "--token", "t", "--event-types", "created"))
        .isEqualTo(2);
    assertThat(err()).contains("unknown event type \"created\"");

    assertThat(run(Map.of(), "--url", "ws://h/ws", "--token", "t", "--since", "-3")).isEqualTo(2);
    assertThat(err()).contains("bad --since -3");

    assertThat(run(Map.of(), "--url", "ws://h/ws", "--token", "t", "--epoch", "e")).isEqualTo(2);
    assertThat(err()).contains("--epoch needs --since");

    assertThat(run(Map.of(), "--url", "ws://h/ws", "--token-file", dir.resolve("none").toString()))
        .isEqualTo(2);
    assertThat(err()).contains("cannot read --token-file");

    assertThat(run(Map.of(), "--url", "ws://h/ws", "--token", "t", "--colour")).isEqualTo(2);
    assertThat(err()).contains("unknown option --colour");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void shouldTakeTheTokenFromTheEnvironmentOrAFileReadOnEveryConnect() throws Exception {
    TailCommand.Options fromEnv =
        TailCommand.Options.parse(
            List.of("--url", "ws://h/ws"), Map.of(TailCommand.TOKEN_ENV, "env-token"));
    assertThat(fromEnv.tokens().get()).isEqualTo("env-token");

    Path file = dir.resolve("viewer.jwt");
    Files.writeString(file, "first\n");
    TailCommand.Options fromFile =
        TailCommand.Options.parse(
            List.of("--url", "ws://h/ws", "--token-file", file.toString()), Map.of());
    assertThat(fromFile.tokens().get()).isEqualTo("first");
    Files.writeString(file, "rotated\n");
    assertThat(fromFile.tokens().get()).isEqualTo("rotated");
  }

  @Test
  void shouldPrintOneLinePerEventWithSeqTimePriorityTypeIncidentAndTitle() {
    UUID incident = UUID.fromString("7f3c2a9e-4b1d-4e8a-9c6f-2d5b8e1a3f70");
    StreamEvent escalated =
        new StreamEvent(
            42,
            UUID.randomUUID(),
            Instant.parse("2026-12-07T14:02:19.004Z"),
            Priority.HIGH,
            new Escalated(incident, Severity.P2, Severity.P1, "error budget burning"),
            List.of("tail"),
            "e:0",
            "{}");
    StreamEvent system =
        new StreamEvent(
            43,
            UUID.randomUUID(),
            Instant.parse("2026-12-07T14:02:20Z"),
            Priority.LOW,
            new SystemEvent("deployment", "checkout-api v2.14.5 deployed", Map.of()),
            List.of("tail"),
            "e:0",
            "{}");

    assertThat(TailCommand.line(escalated))
        .isEqualTo(
            "42 2026-12-07T14:02:19.004Z High escalated 7f3c2a9e-4b1d-4e8a-9c6f-2d5b8e1a3f70"
                + " P2->P1 error budget burning");
    assertThat(TailCommand.line(system))
        .isEqualTo(
            "43 2026-12-07T14:02:20Z Low system_event - deployment: checkout-api v2.14.5 deployed");
  }
}

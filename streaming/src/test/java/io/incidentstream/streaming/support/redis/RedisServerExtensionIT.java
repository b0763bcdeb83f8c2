package io.incidentstream.streaming.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class RedisServerExtensionIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void shouldAnswerPingOnItsUri() {
    try (RespClient client = REDIS.client()) {
      assertThat(client.call("PING")).isEqualTo("PONG");
    }
    if (REDIS.isManaged()) {
      assertThat(REDIS.uri()).isEqualTo("redis://127.0.0.1:" + REDIS.port());
    }
  }

  @Test
  void shouldRefuseConnectionsWhenStoppedAndKeepDataAcrossRestartOnTheSamePort() {
    try (RespClient client = REDIS.client()) {
      client.call("SET", "harness:key", "kept");
      client.call("INCR", "harness:counter");
    }
    int port = REDIS.port();

    REDIS.stop();
    try {
      assertThatThrownBy(() -> RespClient.connect("127.0.0.1", port))
          .isInstanceOf(UncheckedIOException.class);
    } finally {
      REDIS.start();
    }

    assertThat(REDIS.port()).isEqualTo(port);
    try (RespClient client = REDIS.client()) {
      assertThat(client.call("GET", "harness:key")).isEqualTo("kept");
      assertThat(client.call("INCR", "harness:counter")).isEqualTo(2L);
    }
  }

  @Test
  void shouldEmptyTheServerOnFlushAll() {
    try (RespClient client = REDIS.client()) {
      client.call("SET", "harness:flushed", "x");
    }
    REDIS.flushAll();
    try (RespClient client = REDIS.client()) {
      assertThat(client.call("DBSIZE")).isEqualTo(0L);
    }
  }

  @Test
  void shouldPreferAnExecutableRedisServerOnThePath(@TempDir Path dir) throws Exception {
    Path notExecutable = Files.createDirectories(dir.resolve("first"));
    Files.writeString(notExecutable.resolve(RedisBinary.EXECUTABLE), "");
    Path bin = Files.createDirectories(dir.resolve("second"));
    Path executable = bin.resolve(RedisBinary.EXECUTABLE);
    Files.writeString(executable, "#!/bin/sh\n");
    Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));

    RedisBinary.Resolved resolved =
        binaryWithPath(dir.resolve("missing") + ":" + notExecutable + ":" + bin).resolve();

    assertThat(resolved.source()).isEqualTo(RedisBinary.Source.PATH);
    assertThat(resolved.executable()).isEqualTo(executable);
  }

  @Test
  void shouldRunTheEmbeddedBinaryWhenNoneIsOnThePath(@TempDir Path emptyDir) {
    RedisBinary binary = binaryWithPath(emptyDir.toString());
    RedisServerExtension embedded = new RedisServerExtension(binary, null);

    embedded.open();
    try (RespClient client = embedded.client()) {
      assertThat(embedded.source()).isEqualTo(RedisBinary.Source.EMBEDDED);
      assertThat(embedded.port()).isNotEqualTo(REDIS.port());
      String info = (String) client.call("INFO", "server");
      assertThat(info)
          .contains("redis_version:" + RedisBinary.EMBEDDED_VERSION)
          .contains("executable:" + binary.embedded().executable());
    } finally {
      embedded.close();
    }
    assertThatThrownBy(() -> RespClient.connect("127.0.0.1", embedded.port()))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void shouldFailWithTheServerLogWhenRedisCannotStart(@TempDir Path dir) throws Exception {
    Path executable = dir.resolve(RedisBinary.EXECUTABLE);
    Files.writeString(executable, "#!/bin/sh\necho 'FATAL: cannot open the AOF'\nexit 1\n");
    Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));
    RedisServerExtension broken = new RedisServerExtension(binaryWithPath(dir.toString()), null);

    try {
      assertThatThrownBy(broken::open)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("redis-server exited with 1")
          .hasMessageContaining("FATAL: cannot open the AOF");
    } finally {
      broken.close();
    }
  }

  @Test
  void shouldNameTheWayOutWhenNoEmbeddedBinaryFitsThisMachine() {
    assertThatThrownBy(() -> new RedisBinary("", "Windows 11", "amd64").resolve())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Windows 11")
        .hasMessageContaining("REDIS_URI");
    assertThatThrownBy(() -> new RedisBinary("", "Linux", "s390x").resolve())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s390x")
        .hasMessageContaining("REDIS_URI");
  }

  @Test
  void shouldUseAnExternalServerFromRedisUriAndSkipFaultInjection() {
    RedisServerExtension external =
        new RedisServerExtension(RedisBinary.ofThisMachine(), REDIS.uri());

    external.open();
    try (RespClient client = external.client()) {
      assertThat(external.isManaged()).isFalse();
      assertThat(external.uri()).isEqualTo(REDIS.uri());
      assertThat(client.call("PING")).isEqualTo("PONG");
      assertThatThrownBy(external::stop).isInstanceOf(TestAbortedException.class);
      assertThatThrownBy(external::start).isInstanceOf(TestAbortedException.class);
    } finally {
      external.close();
    }
    try (RespClient client = REDIS.client()) {
      assertThat(client.call("PING")).isEqualTo("PONG");
    }
  }

  private static RedisBinary binaryWithPath(String path) {
    return new RedisBinary(path, System.getProperty("os.name"), System.getProperty("os.arch"));
  }
}

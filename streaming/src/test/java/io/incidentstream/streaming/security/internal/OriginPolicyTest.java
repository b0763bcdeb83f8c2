package io.incidentstream.streaming.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.security.SecuritySettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  private static OriginPolicy policy(String... allowed) {
    return new OriginPolicy(
        new SecuritySettings(
            null, null, null, null, Duration.ofSeconds(30), false, false, List.of(allowed)));
  }

  @Test
  void shouldAllowNoOriginTheServersOwnAndLocalhost() {
    OriginPolicy policy = policy();

    assertThat(policy.allows(null, "stream.example.com")).isTrue();
    assertThat(policy.allows("https://stream.example.com", "stream.example.com")).isTrue();
    assertThat(policy.allows("https://stream.example.com", "stream.example.com:443")).isTrue();
    assertThat(policy.allows("http://localhost:3000", "stream.example.com")).isTrue();
    assertThat(policy.allows("http://127.0.0.1:5173", "stream.example.com")).isTrue();
  }

  @Test
  void shouldRefuseOtherOriginsNullAndGarbage() {
    OriginPolicy policy = policy();

    assertThat(policy.allows("https://evil.example", "stream.example.com")).isFalse();
    assertThat(policy.allows("https://stream.example.com:8443", "stream.example.com")).isFalse();
    assertThat(policy.allows("null", "stream.example.com")).isFalse();
    assertThat(policy.allows("::not a uri::", "stream.example.com")).isFalse();
    assertThat(policy.allows("https://localhost.evil.example", "stream.example.com")).isFalse();
  }

  @Test
  void shouldAllowListedOriginsOrEveryOriginWithAStar() {
    assertThat(policy("https://ops.example.com/").allows("https://OPS.example.com", "x")).isTrue();
    assertThat(policy("https://ops.example.com").allows("https://dev.example.com", "x")).isFalse();
    assertThat(policy("*").allows("https://anything.example", "x")).isTrue();
  }
}

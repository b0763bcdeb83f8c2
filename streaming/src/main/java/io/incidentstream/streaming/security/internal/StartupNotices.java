package io.incidentstream.streaming.security.internal;

import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.SecuritySettings;
import io.incidentstream.streaming.security.TokenMinter;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator must know once the server is up: with the embedded default (no secret, no JWKS),
 * an admin token, a viewer token and the console URL, printed on standard output (not to the log,
 * which may be shipped elsewhere; they die with this process's random secret); a WARN while
 * anonymous streaming is on.
 */
@Singleton
final class StartupNotices {

  static final Duration PRINTED_TOKEN_TTL = Duration.ofHours(12);
  private static final Logger LOG = LoggerFactory.getLogger("io.incidentstream.security");

  private final SigningSecret secret;
  private final SecuritySettings settings;
  private final PrintStream out;

  StartupNotices(SigningSecret secret, SecuritySettings settings) {
    this.secret = secret;
    this.settings = settings;
    this.out = System.out;
  }

  @EventListener
  void onStartup(ServerStartupEvent event) {
    if (settings.anonymous()) {
      LOG.warn(
          "stream.security.anonymous is on: /ws clients without a token stream tenant default"
              + " as anonymous viewers; turn it off outside development");
    }
    if (secret.generated()) {
      printTokens(event.getSource());
    }
  }

  private void printTokens(EmbeddedServer server) {
    TokenMinter minter =
        new TokenMinter(secret.secret().orElseThrow(), settings.issuer(), settings.audience());
    String admin = minter.mint("admin", Set.of(Role.ADMIN), List.of("*"), PRINTED_TOKEN_TTL);
    String viewer = minter.mint("viewer", Set.of(Role.VIEWER), List.of("*"), PRINTED_TOKEN_TTL);
    String base = server.getScheme() + "://" + server.getHost() + ":" + server.getPort();
    LOG.warn(
        "No stream.security.jwt-secret (JWT_SECRET) or jwks-url set: tokens are signed with a"
            + " random secret made at start; the tokens printed on standard output are valid"
            + " until this process stops or for {} h",
        PRINTED_TOKEN_TTL.toHours());
    out.println();
    out.println("Incident Stream: development tokens (random secret, valid 12 h or until restart)");
    out.println("  admin token:  " + admin);
    out.println("  viewer token: " + viewer + "   (tenants *)");
    out.println("  console:      " + base + "/console#token=" + admin);
    out.println(
        "  stream:       websocat -H 'Authorization: Bearer "
            + viewer
            + "' ws://"
            + server.getHost()
            + ":"
            + server.getPort()
            + "/ws");
    out.println();
    out.flush();
  }
}

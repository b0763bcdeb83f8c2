package io.incidentstream.app;

import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.TokenMinter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar incident-stream.jar token --role viewer --tenants acme,beta --subject alice
 * --ttl 8h}: prints a token signed with {@code JWT_SECRET} (the server's HS256 key), with {@code
 * iss} and {@code aud} when the server checks them. Refuses without the secret. A convenience: any
 * JWT library can mint the same tokens.
 */
final class TokenCommand {

  static final String NAME = "token";
  static final String USAGE =
      "usage: java -jar incident-stream.jar token --role viewer|publisher|admin[,...]"
          + " --tenants <t1,t2|*> --subject <sub> [--ttl 8h]\n"
          + "  signs with JWT_SECRET (or STREAM_SECURITY_JWT_SECRET); adds iss/aud from"
          + " STREAM_SECURITY_ISSUER / STREAM_SECURITY_AUDIENCE when set";

  private static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  TokenCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /** Runs the command; returns the process exit status (0 ok, 2 refused). */
  int run(List<String> args) {
    try {
      Options options = Options.parse(args);
      String secret = first("JWT_SECRET", "STREAM_SECURITY_JWT_SECRET");
      if (secret == null) {
        throw new IllegalArgumentException(
            "JWT_SECRET is not set: the token command signs with the server's HS256 secret"
                + " (without one the server makes a random secret per start and prints its own"
                + " tokens)");
      }
      TokenMinter minter =
          new TokenMinter(
              secret, first("STREAM_SECURITY_ISSUER"), first("STREAM_SECURITY_AUDIENCE"));
      out.println(minter.mint(options.subject, options.roles, options.tenants, options.ttl));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("token: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
  }

  private String first(String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private record Options(String subject, Set<Role> roles, List<String> tenants, Duration ttl) {

    static Options parse(List<String> args) {
      String subject = null;
      Set<Role> roles = EnumSet.noneOf(Role.class);
      List<String> tenants = new ArrayList<>();
      Duration ttl = DEFAULT_TTL;
      for (int i = 0; i < args.size(); i += 2) {
        String flag = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args.get(i + 1);
        switch (flag) {
          case "--subject" -> subject = value;
          case "--role", "--roles" -> roles.addAll(roles(value));
          case "--tenants" -> tenants.addAll(list(value));
          case "--ttl" -> ttl = ttl(value);
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      if (subject == null || subject.isBlank()) {
        throw new IllegalArgumentException("--subject is required");
      }
      if (roles.isEmpty()) {
        throw new IllegalArgumentException("--role is required");
      }
      if (tenants.isEmpty()) {
        throw new IllegalArgumentException("--tenants is required (\"*\" for every tenant)");
      }
      return new Options(subject, roles, tenants, ttl);
    }

    private static Set<Role> roles(String value) {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (String name : list(value)) {
        roles.add(
            Role.fromClaim(name)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "unknown role " + name + " (viewer, publisher, admin)")));
      }
      return roles;
    }

    private static List<String> list(String value) {
      return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code 90s}, {@code 30m}, {@code 8h}, {@code 7d}. */
    static Duration ttl(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.length() < 2) {
        throw new IllegalArgumentException("bad --ttl " + value + " (e.g. 90s, 30m, 8h, 7d)");
      }
      long amount;
      try {
        amount = Long.parseLong(v.substring(0, v.length() - 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad --ttl " + value + " (e.g. 90s, 30m, 8h, 7d)");
      }
      if (amount <= 0) {
        throw new IllegalArgumentException("--ttl must be positive, was " + value);
      }
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        default ->
            throw new IllegalArgumentException("bad --ttl " + value + " (e.g. 90s, 30m, 8h, 7d)");
      };
    }
  }
}

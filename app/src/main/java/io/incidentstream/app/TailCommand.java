package io.incidentstream.app;

import io.incidentstream.client.ClientError;
import io.incidentstream.client.ClientListener;
import io.incidentstream.client.ConnectionState;
import io.incidentstream.client.Filters;
import io.incidentstream.client.IncidentStreamClient;
import io.incidentstream.client.NotRecovered;
import io.incidentstream.client.Stopped;
import io.incidentstream.client.StreamEvent;
import io.incidentstream.client.SubscriptionListener;
import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentClosed;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.IncidentResolved;
import io.incidentstream.domain.event.IncidentUpdated;
import io.incidentstream.domain.event.NotificationSent;
import io.incidentstream.domain.event.PlaybookActionExecuted;
import io.incidentstream.domain.event.PlaybookCompleted;
import io.incidentstream.domain.event.PlaybookStarted;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Severity;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code java -jar incident-stream.jar tail --url ws://host:8080/ws --token-file viewer.jwt
 * --severities P0,P1 --event-types incident_created,escalated [--since N [--epoch E]] [--json]}:
 * prints the stream's events, one line each (or the raw frame with {@code --json}), through the
 * Java client, so it reconnects and resumes without a gap. Status goes to stderr, events to stdout.
 * Runs until stopped (Ctrl-C prints the last seq); exits by itself with 2 on bad arguments and when
 * the server refuses the token (401, 403), 1 when the server ends the session for good (1008, or
 * 4001 with no new token).
 */
final class TailCommand {

  static final String NAME = "tail";
  static final String TOKEN_ENV = "INCIDENT_STREAM_TOKEN";
  static final String USAGE =
      "usage: java -jar incident-stream.jar tail --url ws://host:8080/ws"
          + " (--token-file <file> | --token <jwt> | env "
          + TOKEN_ENV
          + ")\n"
          + "         [--severities P0,P1] [--event-types incident_created,escalated]"
          + " [--since <seq> [--epoch <epoch>]] [--json]\n"
          + "  --url may be repeated (instances of one cluster, tried in turn);"
          + " --token-file is re-read on every connect and refresh";

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  TailCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /** Parses, connects and prints until the client stops; returns the exit status. */
  int run(List<String> args) {
    IncidentStreamClient client;
    Options options;
    try {
      options = Options.parse(args, env);
      client = client(options);
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("tail: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    Thread hook = new Thread(() -> stopOnSignal(client), "tail-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    client.connect();
    Stopped stopped = client.stopped().join();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C: the hook is running
    }
    return exitStatus(stopped);
  }

  /** Builds the client for {@code options}; not connected. */
  IncidentStreamClient client(Options options) {
    Printer printer = new Printer(options.json);
    IncidentStreamClient.Builder builder =
        IncidentStreamClient.builder()
            .urls(options.urls)
            .tokenSupplier(options.tokens)
            .listener(printer);
    if (options.since != null) {
      builder.resumeFrom(options.since, options.epoch);
    }
    IncidentStreamClient client = builder.build();
    client.subscribe("tail", options.filters, printer);
    return client;
  }

  private void stopOnSignal(IncidentStreamClient client) {
    client.close();
    try {
      client.stopped().get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // exiting anyway
    }
    out.flush();
  }

  static int exitStatus(Stopped stopped) {
    return switch (stopped.reason()) {
      case CLOSED -> 0;
      case UNAUTHORIZED -> 2;
      case POLICY, TOKEN_EXPIRED -> 1;
    };
  }

  /** Prints events to stdout, everything else to stderr. Runs on the client's dispatch thread. */
  private final class Printer implements SubscriptionListener, ClientListener {

    private final boolean json;
    private final AtomicLong lastSeq = new AtomicLong(-1);
    private final AtomicReference<String> epoch = new AtomicReference<>("");

    Printer(boolean json) {
      this.json = json;
    }

    @Override
    public void onEvent(StreamEvent event) {
      lastSeq.set(event.seq());
      epoch.set(event.epoch());
      out.println(json ? event.json() : line(event));
      out.flush();
    }

    @Override
    public void onSubscribed(String subscriptionId, String epoch) {
      err.println("tail: subscribed (epoch " + epoch + ")");
    }

    @Override
    public void onNotRecovered(NotRecovered notice) {
      err.println("tail: " + notice.describe());
    }

    @Override
    public void onStateChanged(ConnectionState state, String detail) {
      err.println("tail: " + state.name().toLowerCase() + ": " + detail);
    }

    @Override
    public void onError(ClientError error) {
      err.println("tail: " + error.kind().name().toLowerCase() + ": " + error.message());
    }

    @Override
    public void onStopped(Stopped stopped) {
      long seq = lastSeq.get();
      if (seq >= 0) {
        err.println(
            "tail: last seq "
                + seq
                + " (epoch "
                + epoch.get()
                + "); continue with --since "
                + seq
                + " --epoch "
                + epoch.get());
      }
      out.flush();
    }
  }

  /** {@code seq time priority type incident-id title}. */
  static String line(StreamEvent event) {
    IncidentEvent e = event.event();
    UUID incident = e.filterIncidentId();
    if (e instanceof AlertConverted converted) {
      incident = converted.incidentId();
    }
    return event.seq()
        + " "
        + event.timestamp()
        + " "
        + event.priority().wire()
        + " "
        + e.type().wire()
        + " "
        + (incident == null ? "-" : incident)
        + " "
        + title(e);
  }

  private static String title(IncidentEvent e) {
    if (e instanceof IncidentCreated x) {
      return x.incident().title();
    } else if (e instanceof IncidentUpdated x) {
      return x.incident().title();
    } else if (e instanceof IncidentResolved x) {
      return x.incident().title();
    } else if (e instanceof IncidentClosed x) {
      return x.incident().title();
    } else if (e instanceof AlertReceived x) {
      return x.alert().title();
    } else if (e instanceof AlertConverted x) {
      return x.alert().title();
    } else if (e instanceof Escalated x) {
      return x.fromSeverity().wire() + "->" + x.toSeverity().wire() + " " + x.reason();
    } else if (e instanceof PlaybookStarted x) {
      return x.playbookName();
    } else if (e instanceof PlaybookActionExecuted x) {
      return x.actionName() + (x.success() ? " ok" : " failed");
    } else if (e instanceof PlaybookCompleted x) {
      return x.playbookId() + (x.success() ? " succeeded" : " failed");
    } else if (e instanceof NotificationSent x) {
      return x.channel() + (x.success() ? " sent" : " failed");
    } else if (e instanceof CommentAdded x) {
      return x.author() + ": " + x.comment();
    } else if (e instanceof SystemEvent x) {
      return x.category() + ": " + x.message();
    }
    return "";
  }

  /** The parsed command line. */
  record Options(
      List<URI> urls,
      Supplier<String> tokens,
      SubscriptionFilters filters,
      Long since,
      String epoch,
      boolean json) {

    static Options parse(List<String> args, Map<String, String> env) {
      List<URI> urls = new ArrayList<>();
      String token = null;
      Path tokenFile = null;
      Filters filters = Filters.builder();
      Long since = null;
      String epoch = null;
      boolean json = false;
      for (int i = 0; i < args.size(); i++) {
        String flag = args.get(i);
        switch (flag) {
          case "--json" -> json = true;
          case "--url" -> urls.add(url(value(args, ++i, flag)));
          case "--token" -> token = value(args, ++i, flag);
          case "--token-file" -> tokenFile = Path.of(value(args, ++i, flag));
          case "--severities" ->
              filters.severities(
                  Filters.severities(list(value(args, ++i, flag))).toArray(Severity[]::new));
          case "--event-types" ->
              filters.eventTypes(
                  Filters.eventTypes(list(value(args, ++i, flag))).toArray(EventType[]::new));
          case "--since" -> since = seq(value(args, ++i, flag));
          case "--epoch" -> epoch = value(args, ++i, flag);
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("--url is required");
      }
      if (epoch != null && since == null) {
        throw new IllegalArgumentException("--epoch needs --since");
      }
      return new Options(urls, tokens(token, tokenFile, env), filters.build(), since, epoch, json);
    }

    private static String value(List<String> args, int index, String flag) {
      if (index >= args.size()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args.get(index);
    }

    private static Supplier<String> tokens(String token, Path file, Map<String, String> env) {
      if (token != null && file != null) {
        throw new IllegalArgumentException("give --token or --token-file, not both");
      }
      if (file != null) {
        readToken(file);
        return () -> readToken(file);
      }
      String fixed = token != null ? token : env.get(TOKEN_ENV);
      if (fixed == null || fixed.isBlank()) {
        throw new IllegalArgumentException(
            "a token is required: --token-file <file>, --token <jwt> or " + TOKEN_ENV);
      }
      return () -> fixed.trim();
    }

    private static String readToken(Path file) {
      try {
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
          throw new IllegalArgumentException("--token-file " + file + " is empty");
        }
        return token;
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --token-file " + file + ": " + e, e);
      }
    }

    private static URI url(String value) {
      URI uri;
      try {
        uri = URI.create(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad --url " + value + ": " + e.getMessage(), e);
      }
      if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
        throw new IllegalArgumentException(
            "bad --url " + value + " (expected ws://host:port/ws or wss://…)");
      }
      return uri;
    }

    private static long seq(String value) {
      try {
        long seq = Long.parseLong(value);
        if (seq < 0) {
          throw new NumberFormatException();
        }
        return seq;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad --since " + value + " (a seq, 0 or more)");
      }
    }

    private static List<String> list(String value) {
      return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }
}

package io.incidentstream.admin.graphql.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import io.incidentstream.admin.graphql.AdminApiException;
import io.incidentstream.admin.graphql.ws.ClientMessage.Complete;
import io.incidentstream.admin.graphql.ws.ClientMessage.ConnectionInit;
import io.incidentstream.admin.graphql.ws.ClientMessage.InvalidMessageException;
import io.incidentstream.admin.graphql.ws.ClientMessage.Ping;
import io.incidentstream.admin.graphql.ws.ClientMessage.Subscribe;
import io.incidentstream.admin.graphql.ws.OperatorAuthenticator.Admitted;
import io.incidentstream.admin.graphql.ws.OperatorAuthenticator.Decision;
import io.incidentstream.admin.graphql.ws.OperatorAuthenticator.Refused;
import io.incidentstream.domain.port.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /graphql-ws} connection: the graphql-transport-ws state machine. {@code
 * connection_init} within the init timeout (else 4408), with an admin token (else 4403), once (else
 * 4429); {@code subscribe} only after the ack (else 4401), with an id not already running (else
 * 4409); anything that is not a valid client message closes with 4400; {@code ping} is answered
 * with {@code pong}; {@code complete} stops an operation, and the server sends it when an operation
 * ends. Operations run on the {@code GraphQL} bean; a subscription's stream is cancelled by the
 * client's {@code complete} or when the socket closes, however it closes.
 *
 * <p>Thread-safety: frames arrive on the connection's event loop, one at a time; results,
 * subscription items and the token check complete on other threads. The state is an atomic
 * reference and the operations a concurrent map, so any thread may act on them.
 */
public final class GraphQlWsConnection {

  private static final Logger LOG = LoggerFactory.getLogger(GraphQlWsConnection.class);

  /**
   * Where the admin API's fetchers read who runs an operation (the audit log's operator), as over
   * HTTP; the {@link Caller} itself is in the context under its class.
   */
  static final String OPERATOR_CONTEXT_KEY = "incident-stream.operator";

  /** Where a connection stands. */
  enum State {
    AWAITING_INIT,
    CHECKING_TOKEN,
    READY,
    CLOSED
  }

  private final Socket socket;
  private final GraphQL graphQL;
  private final OperatorAuthenticator authenticator;
  private final GraphQlWsConfiguration config;
  private final ObjectMapper json;
  private final Clock clock;
  private final AtomicReference<State> state = new AtomicReference<>(State.AWAITING_INIT);
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private volatile @Nullable Caller caller;

  GraphQlWsConnection(
      Socket socket,
      GraphQL graphQL,
      OperatorAuthenticator authenticator,
      GraphQlWsConfiguration config,
      ObjectMapper json,
      Clock clock) {
    this.socket = socket;
    this.graphQL = graphQL;
    this.authenticator = authenticator;
    this.config = config;
    this.json = json;
    this.clock = clock;
  }

  /** Arms the init timeout and the clean-up on close. Call once, as the connection opens. */
  void start() {
    socket.whenClosed(this::closed);
    socket.schedule(config.initTimeout(), this::initTimedOut);
  }

  /** How many operations run now (for the tests and the logs). */
  int runningOperations() {
    return operations.size();
  }

  State state() {
    return state.get();
  }

  /** One text frame from the client. */
  void onText(String text) {
    if (state.get() == State.CLOSED) {
      return;
    }
    ClientMessage message;
    try {
      message = ClientMessage.parse(json, text);
    } catch (InvalidMessageException invalid) {
      close(CloseCodes.BAD_REQUEST, invalid.reason());
      return;
    }
    dispatch(message);
  }

  private void dispatch(ClientMessage message) {
    if (message instanceof ConnectionInit init) {
      init(init);
    } else if (message instanceof Ping ping) {
      pong(ping);
    } else if (message instanceof Subscribe subscribe) {
      subscribe(subscribe);
    } else if (message instanceof Complete complete) {
      stop(complete.id());
    }
    // Pong: nothing to do (an answer to a ping of ours, or a heartbeat).
  }

  private void init(ConnectionInit init) {
    if (!state.compareAndSet(State.AWAITING_INIT, State.CHECKING_TOKEN)) {
      close(CloseCodes.TOO_MANY_INIT, "Too many initialisation requests");
      return;
    }
    authenticator
        .admit(init.payload())
        .whenComplete(
            (decision, failure) -> {
              if (failure != null) {
                LOG.error("token check of a /graphql-ws connection failed", failure);
                close(CloseCodes.INTERNAL_ERROR, "Internal error: the token could not be checked");
                return;
              }
              decided(decision);
            });
  }

  private void decided(Decision decision) {
    if (decision instanceof Refused refused) {
      LOG.info(
          "/graphql-ws connection from {} refused: {}", socket.remoteAddress(), refused.reason());
      close(CloseCodes.FORBIDDEN, refused.reason());
      return;
    }
    Caller admitted = ((Admitted) decision).caller();
    caller = admitted;
    if (!state.compareAndSet(State.CHECKING_TOKEN, State.READY)) {
      return;
    }
    socket.send("{\"type\":\"connection_ack\"}");
    LOG.debug(
        "/graphql-ws connection of {} from {} acknowledged",
        admitted.subject(),
        socket.remoteAddress());
    closeAtExpiry(admitted.expiresAt());
  }

  private void closeAtExpiry(@Nullable Instant expiresAt) {
    if (expiresAt == null) {
      return;
    }
    Duration left = Duration.between(clock.instant(), expiresAt);
    socket.schedule(
        left.isNegative() ? Duration.ZERO : left,
        () -> close(CloseCodes.FORBIDDEN, "Forbidden: the token expired"));
  }

  private void initTimedOut() {
    State now = state.get();
    if (now == State.AWAITING_INIT || now == State.CHECKING_TOKEN) {
      close(CloseCodes.INIT_TIMEOUT, "Connection initialisation timeout");
    }
  }

  private void pong(Ping ping) {
    Map<String, Object> pong = new LinkedHashMap<>();
    pong.put("type", "pong");
    if (!ping.payload().isEmpty()) {
      pong.put("payload", ping.payload());
    }
    socket.send(write(pong));
  }

  private void subscribe(Subscribe subscribe) {
    Caller current = caller;
    if (state.get() != State.READY || current == null) {
      close(CloseCodes.UNAUTHORIZED, "Unauthorized");
      return;
    }
    Operation operation = new Operation(subscribe.id());
    if (operations.putIfAbsent(subscribe.id(), operation) != null) {
      close(CloseCodes.DUPLICATE_OPERATION, "Subscriber for " + subscribe.id() + " already exists");
      return;
    }
    if (operations.size() > config.maxOperations()) {
      operations.remove(subscribe.id(), operation);
      sendErrors(
          subscribe.id(),
          List.of(
              error(
                  "at most "
                      + config.maxOperations()
                      + " operations may run at once on one connection"
                      + " (stream.graphql.max-operations): complete one first",
                  "BAD_USER_INPUT")));
      return;
    }
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(subscribe.query())
            .operationName(subscribe.operationName())
            .variables(subscribe.variables())
            .extensions(subscribe.extensions())
            .graphQLContext(Map.of(Caller.class, current, OPERATOR_CONTEXT_KEY, current.subject()))
            .build();
    graphQL.executeAsync(input).whenComplete(operation::executed);
  }

  private void stop(String id) {
    Operation operation = operations.remove(id);
    if (operation != null) {
      operation.cancel();
    }
  }

  /** Closes the socket with {@code code}; the clean-up runs when the socket reports the close. */
  private void close(int code, String reason) {
    if (state.get() == State.CLOSED) {
      return;
    }
    socket.close(code, reason);
  }

  /** The socket closed (either side, or the network): cancel every running operation. */
  private void closed() {
    state.set(State.CLOSED);
    for (Operation operation : operations.values()) {
      operation.cancel();
    }
    operations.clear();
    Caller who = caller;
    LOG.debug(
        "/graphql-ws connection of {} from {} closed",
        who == null ? "(not signed in)" : who.subject(),
        socket.remoteAddress());
  }

  private void sendNext(String id, ExecutionResult result) {
    Map<String, Object> next = new LinkedHashMap<>();
    next.put("id", id);
    next.put("type", "next");
    next.put("payload", result.toSpecification());
    socket.send(write(next));
  }

  private void sendComplete(String id) {
    socket.send(write(Map.of("id", id, "type", "complete")));
  }

  private void sendErrors(String id, List<Map<String, Object>> errors) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("id", id);
    error.put("type", "error");
    error.put("payload", errors);
    socket.send(write(error));
  }

  private static Map<String, Object> error(String message, String code) {
    return Map.of("message", message, "extensions", Map.of("code", code));
  }

  private String write(Map<String, Object> message) {
    try {
      return json.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a graphql-transport-ws message could not be written", e);
    }
  }

  /**
   * One running operation: its result, and for a subscription its stream, which it forwards as
   * {@code next} messages until the stream ends ({@code complete}) or is cancelled. Thread-safe.
   */
  private final class Operation implements Subscriber<ExecutionResult> {

    private final String id;
    private volatile boolean cancelled;
    private volatile @Nullable Subscription subscription;

    Operation(String id) {
      this.id = id;
    }

    void cancel() {
      cancelled = true;
      Subscription running = subscription;
      if (running != null) {
        running.cancel();
      }
    }

    /** The execution finished: a single result, or a subscription's stream. */
    void executed(@Nullable ExecutionResult result, @Nullable Throwable failure) {
      if (failure != null || result == null) {
        LOG.error("operation {} on /graphql-ws failed", id, failure);
        finish(() -> sendErrors(id, List.of(error("Internal error", "INTERNAL"))));
        return;
      }
      if (cancelled) {
        return;
      }
      if (result.isDataPresent() && result.getData() instanceof Publisher<?> stream) {
        subscribeTo(stream);
        return;
      }
      if (!result.isDataPresent()) {
        finish(() -> sendErrors(id, specification(result.getErrors())));
        return;
      }
      finish(
          () -> {
            sendNext(id, result);
            sendComplete(id);
          });
    }

    @SuppressWarnings("unchecked")
    private void subscribeTo(Publisher<?> stream) {
      ((Publisher<ExecutionResult>) stream).subscribe(this);
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      if (cancelled) {
        s.cancel();
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ExecutionResult item) {
      if (!cancelled) {
        sendNext(id, item);
      }
    }

    @Override
    public void onError(Throwable failure) {
      if (failure instanceof AdminApiException refused) {
        LOG.info("subscription {} on /graphql-ws ended: {}", id, refused.getMessage());
        finish(() -> sendErrors(id, List.of(error(refused.getMessage(), refused.code().name()))));
        return;
      }
      LOG.warn("subscription {} on /graphql-ws failed", id, failure);
      finish(() -> sendErrors(id, List.of(error("Internal error: the stream failed", "INTERNAL"))));
    }

    @Override
    public void onComplete() {
      finish(() -> sendComplete(id));
    }

    /** Sends the last message of the operation, unless the client stopped it first. */
    private void finish(Runnable lastMessage) {
      if (operations.remove(id, this) && !cancelled) {
        lastMessage.run();
      }
    }

    private List<Map<String, Object>> specification(List<GraphQLError> errors) {
      return errors.stream().map(GraphQLError::toSpecification).toList();
    }
  }
}

// Incident Stream JavaScript client: one ES module, no dependencies, for browsers and Node 18+.
//
// It keeps a /ws connection open across server restarts, deploys and network loss: reconnects with
// exponential backoff and full jitter, resubscribes every subscription with `since` and `epoch` so
// nothing is missed, hands each subscription's events to its listener in `seq` order and each once,
// says when the server could not recover (`recovered: false`: state built from the stream may be
// stale, reload it), refreshes the token before it expires, and notices a dead connection.
// The wire protocol and close codes are in the project README ("Streaming on /ws").

/** Close codes after which reconnecting cannot help (1008 policy violation). */
const NO_RETRY_CODES = new Set([1008]);

/** Close codes that mean "this server is going away or was reset: come back at once". */
const PROMPT_RETRY_CODES = new Set([1001, 1012]);

const TOKEN_EXPIRED = 4001;

/** Browsers accept only 1000 and 3000-4999 from a script; 4000 here means "client gave up on it". */
const CLIENT_ABANDONED = 4000;

const SUBSCRIPTION_ID_MAX = 128;

const DEFAULTS = Object.freeze({
  minBackoffMs: 500,
  maxBackoffMs: 30000,
  backoffFactor: 2,
  connectTimeoutMs: 10000,
  refreshMarginMs: 30000,
  tokenTransport: "auto"
});

/**
 * The delay before reconnect attempt `attempt` (0 for the first): exponential backoff with full
 * jitter, a uniformly random delay between 0 and min(max, min * factor^attempt).
 *
 * @param {number} attempt
 * @param {{minBackoffMs: number, maxBackoffMs: number, backoffFactor: number}} options
 * @param {() => number} [random] uniform in [0, 1)
 * @returns {number} milliseconds
 */
export function backoffDelay(attempt, options, random = Math.random) {
  const ceiling = Math.min(
    options.maxBackoffMs,
    options.minBackoffMs * Math.pow(options.backoffFactor, attempt)
  );
  return Math.floor(random() * ceiling);
}

/** What the client reports through `onError`; `fatal` errors end the client (state "closed"). */
export class IncidentStreamError extends Error {
  /**
   * @param {string} code a server error code (INVALID_MESSAGE, UNAUTHORIZED, ...) or a client one
   * @param {string} message
   * @param {{fatal?: boolean, closeCode?: number, cause?: unknown}} [details]
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "IncidentStreamError";
    this.code = code;
    this.fatal = details.fatal === true;
    this.closeCode = details.closeCode;
  }
}

/**
 * A client of one stream. Create it, `subscribe` any number of times (before or after `connect`),
 * `connect()`, and `close()` when done. Single-threaded like everything in JavaScript: callbacks
 * run on the event loop, one at a time.
 */
export class IncidentStreamClient {
  #options;
  #urls;
  #urlIndex = 0;
  #subscriptions = new Map();
  #state = "idle";
  #socket = null;
  #connection = null;
  #attempt = 0;
  #retryTimer = null;
  #token = null;
  #refusedToken = null;
  #WebSocketImpl = null;
  #closed = false;

  /**
   * @param {object} options see incident-stream.d.ts (`ClientOptions`)
   */
  constructor(options) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("IncidentStreamClient: options must be an object");
    }
    this.#urls = normaliseUrls(options.url);
    if (typeof options.token !== "function" && typeof options.token !== "string") {
      throw new TypeError(
        "IncidentStreamClient: options.token must be a token string or a function returning one (or a promise of one)"
      );
    }
    this.#options = { ...DEFAULTS, ...options };
    checkBackoff(this.#options);
    if (!["auto", "header", "subprotocol"].includes(this.#options.tokenTransport)) {
      throw new TypeError(
        `IncidentStreamClient: options.tokenTransport must be "auto", "header" or "subprotocol", not ${JSON.stringify(this.#options.tokenTransport)}`
      );
    }
  }

  /** "idle", "connecting", "connected", "reconnecting" or "closed". */
  get state() {
    return this.#state;
  }

  /**
   * Opens the connection (and keeps it open until `close()`). Resolves once the first attempt has
   * started; connection problems are reported through `onState` and `onError`, never thrown here.
   */
  async connect() {
    if (this.#closed) {
      throw new IncidentStreamError("CLOSED", "this client was closed; create a new one", { fatal: true });
    }
    if (this.#state !== "idle") {
      return;
    }
    await this.#open();
  }

  /**
   * Subscribes (or replaces the subscription with this id). The listener gets each matching
   * `event` message once, in `seq` order, also across reconnects.
   *
   * @param {string} id 1 to 128 characters
   * @param {object} filters the /ws filters (`{}` for everything)
   * @param {(event: object) => void} onEvent
   */
  subscribe(id, filters, onEvent) {
    if (typeof id !== "string" || id.length === 0 || id.length > SUBSCRIPTION_ID_MAX) {
      throw new TypeError(`subscribe: id must be a string of 1 to ${SUBSCRIPTION_ID_MAX} characters`);
    }
    if (filters === null || typeof filters !== "object" || Array.isArray(filters)) {
      throw new TypeError("subscribe: filters must be an object ({} for every event)");
    }
    if (typeof onEvent !== "function") {
      throw new TypeError("subscribe: onEvent must be a function");
    }
    if (this.#closed) {
      throw new IncidentStreamError("CLOSED", "this client was closed; create a new one", { fatal: true });
    }
    const subscription = { id, filters, onEvent, lastSeq: null, covered: null, epoch: null, confirmed: false };
    this.#subscriptions.set(id, subscription);
    if (this.#connection?.welcomed) {
      this.#sendSubscribe(subscription);
    }
  }

  /** Ends the subscription; its listener is not called again. */
  unsubscribe(id) {
    if (!this.#subscriptions.delete(id)) {
      return false;
    }
    if (this.#connection?.welcomed) {
      this.#send({ type: "unsubscribe", subscription_id: id });
    }
    return true;
  }

  /** Closes the connection for good (code 1000); no reconnect follows. */
  close() {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#clearRetry();
    const socket = this.#socket;
    this.#dropConnection();
    if (socket) {
      try {
        socket.close(1000, "client closed");
      } catch {
        // already closing
      }
    }
    this.#setState("closed", {});
  }

  // ---- connecting ----

  async #open() {
    if (this.#state === "idle") {
      this.#setState("connecting", {});
    }
    let token;
    try {
      token = await this.#nextToken();
    } catch (cause) {
      this.#retryAfterFailure(new IncidentStreamError("TOKEN_SUPPLIER_FAILED", `token supplier failed: ${cause}`, { cause }));
      return;
    }
    if (this.#closed) {
      return;
    }
    if (!token) {
      this.#fail(new IncidentStreamError("NO_TOKEN", "token supplier gave no token", { fatal: true }));
      return;
    }
    if (this.#refusedToken !== null && token === this.#refusedToken.token) {
      const { code, why } = this.#refusedToken;
      this.#fail(
        new IncidentStreamError(code, `${why}, and the token supplier has no new token: not reconnecting`, {
          fatal: true,
          closeCode: TOKEN_EXPIRED
        })
      );
      return;
    }
    this.#token = token;
    let Impl;
    try {
      Impl = await this.#webSocketImpl();
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (this.#closed) {
      return;
    }
    const url = this.#urls[this.#urlIndex % this.#urls.length];
    let socket;
    try {
      socket = this.#createSocket(Impl, url, token);
    } catch (cause) {
      this.#fail(new IncidentStreamError("BAD_URL", `cannot open ${url}: ${cause?.message ?? cause}`, { fatal: true, cause }));
      return;
    }
    const connection = {
      socket,
      url,
      welcomed: false,
      heartbeatMs: 0,
      lastReceived: Date.now(),
      clockOffsetMs: 0,
      closingReason: null,
      handshakeStatus: null,
      timers: new Set()
    };
    this.#socket = socket;
    this.#connection = connection;
    this.#later(connection, this.#options.connectTimeoutMs, () => {
      if (!connection.welcomed) {
        this.#abandon(connection, `no welcome from ${url} within ${this.#options.connectTimeoutMs} ms`);
      }
    });
    socket.onmessage = (message) => this.#onFrame(connection, message.data);
    socket.onerror = (error) => this.#onSocketError(connection, error);
    socket.onclose = (close) => this.#onClose(connection, close.code, close.reason);
  }

  async #nextToken() {
    const supplier = this.#options.token;
    return typeof supplier === "function" ? await supplier() : supplier;
  }

  async #webSocketImpl() {
    if (this.#WebSocketImpl) {
      return this.#WebSocketImpl;
    }
    if (this.#options.WebSocket) {
      this.#WebSocketImpl = this.#options.WebSocket;
    } else if (typeof globalThis.WebSocket === "function") {
      this.#WebSocketImpl = globalThis.WebSocket;
    } else {
      try {
        const module = await import("ws");
        this.#WebSocketImpl = module.WebSocket ?? module.default;
      } catch (cause) {
        throw new IncidentStreamError(
          "NO_WEBSOCKET",
          "no WebSocket implementation: this runtime has no global WebSocket (Node before 22); " +
            "install the ws package (npm install ws) or pass one as options.WebSocket",
          { fatal: true, cause }
        );
      }
    }
    return this.#WebSocketImpl;
  }

  /**
   * Header token where the implementation can set headers (the `ws` package), else the browser
   * form: the subprotocols `incident-stream.v1, bearer.<token>`, which the server answers with
   * `incident-stream.v1` and never echoes.
   */
  #createSocket(Impl, url, token) {
    const transport = this.#options.tokenTransport === "auto"
      ? (isWsPackage(Impl) ? "header" : "subprotocol")
      : this.#options.tokenTransport;
    if (transport === "header") {
      return new Impl(url, ["incident-stream.v1"], { headers: { Authorization: `Bearer ${token}` } });
    }
    return new Impl(url, ["incident-stream.v1", `bearer.${token}`]);
  }

  // ---- frames ----

  #onFrame(connection, data) {
    if (connection !== this.#connection) {
      return;
    }
    connection.lastReceived = Date.now();
    let message;
    try {
      message = JSON.parse(typeof data === "string" ? data : String(data));
    } catch (cause) {
      this.#report(new IncidentStreamError("BAD_FRAME", `not a JSON frame from ${connection.url}`, { cause }));
      return;
    }
    switch (message.type) {
      case "welcome":
        this.#onWelcome(connection, message);
        break;
      case "subscribed":
        this.#onSubscribed(connection, message);
        break;
      case "event":
        this.#onEvent(message);
        break;
      case "error":
        this.#report(new IncidentStreamError(message.code ?? "ERROR", message.message ?? "error from the server"));
        break;
      case "closing":
        connection.closingReason = message.reason ?? null;
        break;
      default:
        // pong, unsubscribed, and types added later: activity only
        break;
    }
  }

  #onWelcome(connection, welcome) {
    connection.welcomed = true;
    connection.heartbeatMs = Number(welcome.heartbeat_interval_ms) || 0;
    const serverTime = Date.parse(welcome.server_time);
    connection.clockOffsetMs = Number.isFinite(serverTime) ? serverTime - Date.now() : 0;
    this.#attempt = 0;
    this.#refusedToken = null;
    for (const subscription of this.#subscriptions.values()) {
      subscription.confirmed = false;
      this.#sendSubscribe(subscription);
    }
    this.#watchHeartbeat(connection);
    this.#scheduleRefresh(connection, this.#token);
    this.#setState("connected", {
      url: connection.url,
      sessionId: welcome.session_id,
      instanceId: welcome.instance_id,
      epoch: welcome.epoch
    });
  }

  #sendSubscribe(subscription) {
    const message = { type: "subscribe", subscription_id: subscription.id, filters: subscription.filters };
    const since = resumePoint(subscription);
    if (since !== null) {
      message.since = since;
      message.epoch = subscription.epoch;
    }
    this.#send(message);
  }

  #onSubscribed(connection, subscribed) {
    const subscription = this.#subscriptions.get(subscribed.subscription_id);
    if (!subscription) {
      return;
    }
    const resumedFrom = resumePoint(subscription);
    const sinceEpoch = subscription.epoch;
    if (subscribed.epoch && subscribed.epoch !== sinceEpoch) {
      // A new epoch numbers the stream anew: the replay that follows starts over at its oldest seq.
      subscription.lastSeq = null;
      subscription.covered = null;
      subscription.epoch = subscribed.epoch;
    }
    subscription.confirmed = true;
    if (subscribed.recovered === false) {
      this.#call("onNotRecovered", {
        subscriptionId: subscription.id,
        since: resumedFrom,
        sinceEpoch,
        epoch: subscribed.epoch
      });
    }
  }

  #onEvent(event) {
    const seq = event.seq;
    for (const id of event.subscription_ids ?? []) {
      const subscription = this.#subscriptions.get(id);
      if (!subscription || (subscription.lastSeq !== null && seq <= subscription.lastSeq)) {
        continue;
      }
      subscription.lastSeq = seq;
      try {
        subscription.onEvent(event);
      } catch (cause) {
        this.#report(new IncidentStreamError("LISTENER_FAILED", `listener of ${id} threw on seq ${seq}: ${cause}`, { cause }));
      }
    }
    // Every confirmed subscription has every matching event up to this seq: a quiet one resumes
    // from here rather than from its own last event, which the history may no longer hold.
    for (const subscription of this.#subscriptions.values()) {
      if (subscription.confirmed && (subscription.covered === null || seq > subscription.covered)) {
        subscription.covered = seq;
      }
    }
  }

  #send(message) {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1) {
      return false;
    }
    socket.send(JSON.stringify(message));
    return true;
  }

  // ---- heartbeat and token refresh ----

  /**
   * Browsers hide WebSocket pings, so the client sends a `ping` message when it has heard nothing
   * for one heartbeat interval (the server answers `pong`), and gives the connection up after two.
   */
  #watchHeartbeat(connection) {
    const interval = connection.heartbeatMs;
    if (!(interval > 0)) {
      return;
    }
    const tick = () => {
      const silent = Date.now() - connection.lastReceived;
      if (silent >= 2 * interval) {
        this.#abandon(connection, `no frame for ${silent} ms (heartbeat interval ${interval} ms)`);
        return;
      }
      if (silent >= interval) {
        this.#send({ type: "ping", timestamp: new Date().toISOString() });
      }
      this.#later(connection, Math.max(interval / 2, 10), tick);
    };
    this.#later(connection, Math.max(interval / 2, 10), tick);
  }

  /**
   * Before the session's token expires, asks the supplier for a new one and sends `refresh` if it
   * differs. The server closes with 4001 at `exp` if no valid refresh came.
   */
  #scheduleRefresh(connection, token) {
    const expiresAt = tokenExpiry(token);
    if (expiresAt === null || typeof this.#options.token !== "function") {
      return;
    }
    const remaining = expiresAt - (Date.now() + connection.clockOffsetMs);
    const delay = Math.max(0, remaining - Math.min(this.#options.refreshMarginMs, remaining / 2));
    this.#later(connection, delay, async () => {
      let fresh;
      try {
        fresh = await this.#nextToken();
      } catch (cause) {
        this.#report(new IncidentStreamError("TOKEN_SUPPLIER_FAILED", `token supplier failed before expiry: ${cause}`, { cause }));
        return;
      }
      if (connection !== this.#connection) {
        return;
      }
      if (fresh && fresh !== token && this.#send({ type: "refresh", token: fresh })) {
        this.#token = fresh;
        this.#scheduleRefresh(connection, fresh);
      } else if (expiresAt - (Date.now() + connection.clockOffsetMs) > 2000) {
        // No new token yet: ask again halfway to the expiry.
        this.#scheduleRefresh(connection, token);
      }
    });
  }

  // ---- closing and reconnecting ----

  #onSocketError(connection, error) {
    if (connection !== this.#connection) {
      return;
    }
    // Node's ws reports a refused upgrade as "Unexpected server response: 401"; browsers say nothing.
    const match = /Unexpected server response: (\d{3})/.exec(String(error?.message ?? error?.error?.message ?? ""));
    if (match) {
      connection.handshakeStatus = Number(match[1]);
    }
  }

  #onClose(connection, code, reason) {
    if (connection !== this.#connection) {
      return;
    }
    this.#dropConnection();
    if (this.#closed) {
      return;
    }
    const why = describeClose(code, reason, connection);
    const status = connection.handshakeStatus;
    if (NO_RETRY_CODES.has(code) || status === 403) {
      this.#fail(new IncidentStreamError(status === 403 ? "FORBIDDEN" : "POLICY_VIOLATION", `${why}: not reconnecting`, { fatal: true, closeCode: code }));
      return;
    }
    if (code === TOKEN_EXPIRED || status === 401) {
      // Reconnect only if the supplier has a new token (checked in #open).
      this.#refusedToken = {
        token: this.#token,
        code: status === 401 ? "UNAUTHORIZED" : "TOKEN_EXPIRED",
        why: status === 401 ? `${why}: the server refused the token` : `${why}: the token expired`
      };
    }
    if (PROMPT_RETRY_CODES.has(code)) {
      // The server is going away (1001) or its stream was reset (1012): try the next URL at once,
      // with a little jitter so that a whole fleet of clients does not arrive in the same instant.
      this.#urlIndex++;
      this.#scheduleReconnect(backoffDelay(0, this.#options), why);
      return;
    }
    if (!connection.welcomed) {
      this.#urlIndex++;
    }
    this.#scheduleReconnect(backoffDelay(this.#attempt, this.#options), why);
    this.#attempt++;
  }

  /** Gives up on a connection that looks dead without waiting for its close handshake. */
  #abandon(connection, why) {
    if (connection !== this.#connection) {
      return;
    }
    const socket = connection.socket;
    this.#dropConnection();
    try {
      if (typeof socket.terminate === "function") {
        socket.terminate();
      } else {
        socket.close(CLIENT_ABANDONED, "connection looks dead");
      }
    } catch {
      // nothing to close
    }
    this.#urlIndex++;
    this.#scheduleReconnect(backoffDelay(this.#attempt, this.#options), why);
    this.#attempt++;
  }

  #scheduleReconnect(delayMs, why) {
    this.#setState("reconnecting", { delayMs, reason: why, attempt: this.#attempt });
    this.#clearRetry();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (!this.#closed) {
        this.#open();
      }
    }, delayMs);
  }

  #retryAfterFailure(error) {
    this.#report(error);
    this.#scheduleReconnect(backoffDelay(this.#attempt, this.#options), error.message);
    this.#attempt++;
  }

  #dropConnection() {
    const connection = this.#connection;
    if (connection) {
      for (const timer of connection.timers) {
        clearTimeout(timer);
      }
      connection.timers.clear();
      const socket = connection.socket;
      socket.onmessage = socket.onclose = null;
      // Keep a listener: the ws package throws an error event nobody listens to (terminate() while
      // connecting emits one).
      socket.onerror = ignore;
    }
    this.#connection = null;
    this.#socket = null;
  }

  #fail(error) {
    this.#closed = true;
    this.#clearRetry();
    this.#dropConnection();
    this.#report(error);
    this.#setState("closed", { reason: error.message, code: error.code });
  }

  #clearRetry() {
    if (this.#retryTimer !== null) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
  }

  #later(connection, delayMs, task) {
    const timer = setTimeout(() => {
      connection.timers.delete(timer);
      if (connection === this.#connection) {
        task();
      }
    }, delayMs);
    connection.timers.add(timer);
  }

  // ---- callbacks ----

  #setState(state, info) {
    const changed = state !== this.#state;
    this.#state = state;
    if (changed || state === "reconnecting") {
      this.#call("onState", state, info);
    }
  }

  #report(error) {
    this.#call("onError", error);
  }

  #call(name, ...args) {
    const callback = this.#options[name];
    if (typeof callback !== "function") {
      return;
    }
    try {
      callback(...args);
    } catch (error) {
      if (name !== "onError") {
        this.#report(new IncidentStreamError("LISTENER_FAILED", `${name} threw: ${error}`, { cause: error }));
      }
    }
  }
}

function ignore() {}

/** The seq to resume a subscription from, or null when it has none yet. */
function resumePoint(subscription) {
  const { lastSeq, covered } = subscription;
  if (lastSeq === null) {
    return covered;
  }
  return covered === null ? lastSeq : Math.max(lastSeq, covered);
}

function normaliseUrls(url) {
  const urls = Array.isArray(url) ? url : [url];
  if (urls.length === 0 || urls.some((each) => typeof each !== "string" || !/^wss?:\/\//.test(each))) {
    throw new TypeError(
      `IncidentStreamClient: options.url must be a ws:// or wss:// URL or a non-empty list of them, not ${JSON.stringify(url)}`
    );
  }
  return [...urls];
}

function checkBackoff({ minBackoffMs, maxBackoffMs, backoffFactor }) {
  if (!(minBackoffMs > 0) || !(maxBackoffMs >= minBackoffMs) || !(backoffFactor >= 1)) {
    throw new TypeError(
      `IncidentStreamClient: need 0 < minBackoffMs <= maxBackoffMs and backoffFactor >= 1 (got ${minBackoffMs}, ${maxBackoffMs}, ${backoffFactor})`
    );
  }
}

/** True for the `ws` package's WebSocket, which can send headers (and has terminate()). */
function isWsPackage(Impl) {
  return typeof Impl?.prototype?.terminate === "function";
}

/** The token's `exp` in epoch milliseconds (read, not verified: the server verifies), or null. */
export function tokenExpiry(token) {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3) {
    return null;
  }
  try {
    const json = decodeBase64Url(parts[1]);
    const exp = JSON.parse(json).exp;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

function decodeBase64Url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function describeClose(code, reason, connection) {
  const said = connection.closingReason ?? reason;
  const status = connection.handshakeStatus === null ? "" : ` (HTTP ${connection.handshakeStatus})`;
  return `${connection.url} closed with ${code}${said ? ` (${said})` : ""}${status}`;
}

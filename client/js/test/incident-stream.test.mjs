// Unit tests of the client's logic against a scripted WebSocket, on a mocked clock:
// node --test client/js/test/incident-stream.test.mjs (Node 18+)
import { test, beforeEach, afterEach, mock } from "node:test";
import assert from "node:assert/strict";
import { IncidentStreamClient, backoffDelay, tokenExpiry } from "../incident-stream.js";

/** A WebSocket the test plays the server of: it records what the client sends. */
class ScriptedSocket {
  static opened = [];

  constructor(url, protocols, options) {
    this.url = url;
    this.protocols = protocols;
    this.options = options;
    this.sent = [];
    this.readyState = 1;
    this.closedWith = null;
    ScriptedSocket.opened.push(this);
  }

  send(data) {
    this.sent.push(JSON.parse(data));
  }

  close(code, reason) {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  receive(message) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  welcome(overrides = {}) {
    this.receive({
      type: "welcome",
      session_id: "s1",
      server_time: new Date(Date.now()).toISOString(),
      instance_id: "i1",
      heartbeat_interval_ms: 30000,
      epoch: "e1:0",
      ...overrides
    });
  }

  event(seq, ids = ["ops"]) {
    this.receive({ type: "event", message_id: `m${seq}`, seq, event: { event_type: "system_event" }, priority: "Low", subscription_ids: ids });
  }

  serverClose(code, reason = "") {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  subscribes() {
    return this.sent.filter((message) => message.type === "subscribe");
  }
}

/** Lets the client's promise chains (token supplier, WebSocket look-up) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A clock the test moves: setTimeout, clearTimeout and Date.now, replaced while a test runs (by
 * hand rather than with mock.timers, whose Date support needs Node 20.11+).
 */
const clock = {
  now: 0,
  timers: [],
  nextId: 1,
  saved: null,
  install() {
    this.now = Date.parse("2026-12-07T12:00:00Z");
    this.timers = [];
    this.saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    globalThis.setTimeout = (task, delay = 0) => {
      const id = this.nextId++;
      this.timers.push({ id, at: this.now + Math.max(0, Number(delay) || 0), task });
      return id;
    };
    globalThis.clearTimeout = (id) => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
    mock.method(Date, "now", () => this.now);
  },
  uninstall() {
    Object.assign(globalThis, this.saved);
  }
};

/** Runs every timer due within `ms`, in time order, letting promises settle after each. */
async function advance(ms) {
  const end = clock.now + ms;
  await settle();
  for (;;) {
    const due = clock.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
    if (!due) {
      break;
    }
    clock.timers = clock.timers.filter((timer) => timer !== due);
    clock.now = due.at;
    due.task();
    await settle();
  }
  clock.now = end;
}

function latest() {
  return ScriptedSocket.opened.at(-1);
}

function client(options = {}) {
  const seen = { states: [], errors: [], notRecovered: [] };
  const instance = new IncidentStreamClient({
    url: "ws://stream.test/ws",
    token: () => "token-1",
    WebSocket: ScriptedSocket,
    onState: (state, info) => seen.states.push({ state, ...info }),
    onError: (error) => seen.errors.push(error),
    onNotRecovered: (info) => seen.notRecovered.push(info),
    ...options
  });
  return { client: instance, seen };
}

beforeEach(() => {
  ScriptedSocket.opened = [];
  clock.install();
});

afterEach(() => {
  clock.uninstall();
  mock.restoreAll();
});

test("backoff: full jitter between 0 and min * factor^attempt, capped at max", () => {
  const options = { minBackoffMs: 100, maxBackoffMs: 1000, backoffFactor: 2 };
  assert.equal(backoffDelay(0, options, () => 0), 0);
  assert.equal(backoffDelay(0, options, () => 0.999999), 99);
  assert.equal(backoffDelay(3, options, () => 0.5), 400);
  assert.equal(backoffDelay(4, options, () => 0.999999), 999);
  assert.equal(backoffDelay(40, options, () => 0.5), 500);
});

test("reconnects after a dropped connection with the jittered backoff, growing per attempt", async () => {
  mock.method(Math, "random", () => 0.5);
  const { client: stream, seen } = client({ minBackoffMs: 200, maxBackoffMs: 10000, backoffFactor: 3 });
  await stream.connect();
  latest().serverClose(1006);
  assert.deepEqual(seen.states.at(-1).delayMs, 100);
  await advance(99);
  assert.equal(ScriptedSocket.opened.length, 1, "not before the delay");
  await advance(1);
  assert.equal(ScriptedSocket.opened.length, 2);
  latest().serverClose(1006);
  assert.equal(seen.states.at(-1).delayMs, 300, "second attempt: 0.5 * 200 * 3");
  stream.close();
});

test("hands each subscription's events to its listener once, in seq order, and resumes with since and epoch", async () => {
  const { client: stream } = client();
  const seqs = [];
  stream.subscribe("ops", { severities: ["P0"] }, (event) => seqs.push(event.seq));
  await stream.connect();
  const first = latest();
  first.welcome();
  assert.deepEqual(first.subscribes(), [{ type: "subscribe", subscription_id: "ops", filters: { severities: ["P0"] } }]);
  first.receive({ type: "subscribed", subscription_id: "ops", filters: {}, epoch: "e1:0" });
  first.event(1);
  first.event(2);
  first.event(3);
  first.serverClose(1006);
  await advance(500);

  const second = latest();
  assert.notEqual(second, first);
  second.welcome();
  assert.deepEqual(second.subscribes(), [
    { type: "subscribe", subscription_id: "ops", filters: { severities: ["P0"] }, since: 3, epoch: "e1:0" }
  ]);
  second.receive({ type: "subscribed", subscription_id: "ops", filters: {}, epoch: "e1:0", recovered: true });
  second.event(2);
  second.event(3);
  second.event(4);
  second.event(5);
  assert.deepEqual(seqs, [1, 2, 3, 4, 5]);
  stream.close();
});

test("a quiet subscription resumes from the last seq the connection saw, not from its own last event", async () => {
  const { client: stream } = client();
  stream.subscribe("ops", {}, () => {});
  stream.subscribe("p0", { severities: ["P0"] }, () => {});
  await stream.connect();
  const first = latest();
  first.welcome();
  first.receive({ type: "subscribed", subscription_id: "ops", filters: {}, epoch: "e1:0" });
  first.receive({ type: "subscribed", subscription_id: "p0", filters: {}, epoch: "e1:0" });
  first.event(7, ["ops", "p0"]);
  first.event(8, ["ops"]);
  first.event(9, ["ops"]);
  first.serverClose(1006);
  await advance(500);

  latest().welcome();
  const since = Object.fromEntries(latest().subscribes().map((message) => [message.subscription_id, message.since]));
  assert.deepEqual(since, { ops: 9, p0: 9 });
  stream.close();
});

test("recovered:false is its own callback, and a new epoch starts the numbering over", async () => {
  const { client: stream, seen } = client();
  const seqs = [];
  stream.subscribe("ops", {}, (event) => seqs.push(event.seq));
  await stream.connect();
  latest().welcome();
  latest().receive({ type: "subscribed", subscription_id: "ops", filters: {}, epoch: "e1:0" });
  latest().event(500);
  latest().serverClose(1012, "stream reset");
  await advance(500);

  latest().welcome({ epoch: "e2:0" });
  assert.equal(latest().subscribes()[0].since, 500);
  latest().receive({ type: "subscribed", subscription_id: "ops", filters: {}, epoch: "e2:0", recovered: false });
  latest().event(1);
  latest().event(2);
  assert.deepEqual(seen.notRecovered, [{ subscriptionId: "ops", since: 500, sinceEpoch: "e1:0", epoch: "e2:0" }]);
  assert.deepEqual(seqs, [500, 1, 2]);
  stream.close();
});

test("no reconnect after 1008", async () => {
  const { client: stream, seen } = client();
  await stream.connect();
  latest().welcome();
  latest().receive({ type: "closing", reason: "connection limit reached" });
  latest().serverClose(1008);
  await advance(120000);

  assert.equal(ScriptedSocket.opened.length, 1);
  assert.equal(stream.state, "closed");
  assert.equal(seen.errors.at(-1).code, "POLICY_VIOLATION");
  assert.equal(seen.errors.at(-1).fatal, true);
  assert.match(seen.errors.at(-1).message, /1008 \(connection limit reached\): not reconnecting/);
});

test("after 4001 it reconnects only with a new token from the supplier", async () => {
  const tokens = ["token-1", "token-2"];
  let calls = 0;
  const { client: stream, seen } = client({ token: () => tokens[Math.min(calls++, tokens.length - 1)] });
  await stream.connect();
  latest().welcome();
  latest().serverClose(4001, "token expired");
  await advance(500);
  assert.equal(ScriptedSocket.opened.length, 2, "reconnected with the new token");
  assert.deepEqual(latest().protocols, ["incident-stream.v1", "bearer.token-2"]);

  latest().welcome();
  latest().serverClose(4001, "token expired");
  await advance(500);
  assert.equal(ScriptedSocket.opened.length, 2, "the supplier had no new token");
  assert.equal(stream.state, "closed");
  assert.equal(seen.errors.at(-1).code, "TOKEN_EXPIRED");
});

test("a server closing with 1001 is left at once for the next url", async () => {
  mock.method(Math, "random", () => 0.5);
  const { client: stream, seen } = client({ url: ["ws://a.test/ws", "ws://b.test/ws"], minBackoffMs: 400 });
  await stream.connect();
  latest().welcome();
  latest().event(1);
  latest().receive({ type: "closing", reason: "server shutting down" });
  latest().serverClose(1001);
  assert.equal(seen.states.at(-1).delayMs, 200, "no growing backoff: within the minimum");
  await advance(200);
  assert.equal(latest().url, "ws://b.test/ws");
  stream.close();
});

test("pings after a silent heartbeat interval and gives a dead connection up after two", async () => {
  const { client: stream } = client();
  await stream.connect();
  const first = latest();
  first.welcome({ heartbeat_interval_ms: 1000 });
  await advance(1000);
  assert.deepEqual(first.sent.map((message) => message.type), ["ping"]);
  await advance(1000);
  assert.equal(first.closedWith?.code, 4000, "abandoned");
  assert.equal(typeof first.onerror, "function", "a late error event of the dropped socket finds a listener");
  assert.equal(first.onmessage, null);
  await advance(500);
  assert.equal(ScriptedSocket.opened.length, 2);
  stream.close();
});

test("a connection without welcome is given up after connectTimeoutMs and retried", async () => {
  const { client: stream, seen } = client({ connectTimeoutMs: 5000 });
  await stream.connect();
  await advance(4999);
  assert.equal(latest().closedWith, null);
  await advance(1);
  assert.equal(latest().closedWith?.code, 4000);
  assert.match(seen.states.at(-1).reason, /no welcome from ws:\/\/stream.test\/ws within 5000 ms/);
  await advance(500);
  assert.equal(ScriptedSocket.opened.length, 2);
  stream.close();
});

test("a live connection that answers is kept", async () => {
  const { client: stream } = client();
  await stream.connect();
  const first = latest();
  first.welcome({ heartbeat_interval_ms: 1000 });
  for (let i = 0; i < 10; i++) {
    await advance(1000);
    first.receive({ type: "pong", timestamp: new Date(Date.now()).toISOString() });
  }
  assert.equal(first.closedWith, null);
  assert.equal(ScriptedSocket.opened.length, 1);
  stream.close();
});

test("refreshes the token before it expires when the supplier has a new one", async () => {
  const now = Date.now() / 1000;
  const tokens = [jwt({ sub: "a", exp: now + 120 }), jwt({ sub: "a", exp: now + 3600 })];
  let calls = 0;
  const { client: stream } = client({ token: () => tokens[Math.min(calls++, 1)], refreshMarginMs: 30000 });
  await stream.connect();
  latest().welcome({ heartbeat_interval_ms: 0 });
  await advance(89000);
  assert.deepEqual(latest().sent, []);
  await advance(1000);
  assert.deepEqual(latest().sent, [{ type: "refresh", token: tokens[1] }]);
  stream.close();
});

test("the ws package gets the token in a header, browsers as a subprotocol", async () => {
  class WsLike extends ScriptedSocket {
    terminate() {}
  }
  const { client: stream } = client({ WebSocket: WsLike });
  await stream.connect();
  assert.deepEqual(latest().protocols, ["incident-stream.v1"]);
  assert.deepEqual(latest().options, { headers: { Authorization: "Bearer token-1" } });
  stream.close();
});

test("bad arguments fail at once with a message naming them", () => {
  assert.throws(() => new IncidentStreamClient({ url: "http://x/ws", token: "t" }), /options.url must be a ws:\/\/ or wss:\/\/ URL/);
  assert.throws(() => new IncidentStreamClient({ url: "ws://x/ws" }), /options.token must be/);
  assert.throws(
    () => new IncidentStreamClient({ url: "ws://x/ws", token: "t", minBackoffMs: 0 }),
    /0 < minBackoffMs <= maxBackoffMs/
  );
  const { client: stream } = client();
  assert.throws(() => stream.subscribe("", {}, () => {}), /id must be a string of 1 to 128/);
  assert.throws(() => stream.subscribe("x".repeat(129), {}, () => {}), /id must be a string of 1 to 128/);
  assert.throws(() => stream.subscribe("ops", null, () => {}), /filters must be an object/);
});

test("tokenExpiry reads exp from a JWT and ignores anything else", () => {
  assert.equal(tokenExpiry(jwt({ exp: 1700000000 })), 1700000000000);
  assert.equal(tokenExpiry("not-a-jwt"), null);
  assert.equal(tokenExpiry(jwt({ sub: "no exp" })), null);
});

function jwt(claims) {
  const encode = (object) => Buffer.from(JSON.stringify(object)).toString("base64url");
  return `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}.signature`;
}

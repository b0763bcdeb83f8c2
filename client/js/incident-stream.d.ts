// Type declarations of incident-stream.js, the Incident Stream JavaScript client.

/** Where the client is: `idle` until `connect()`, `connected` once the server said `welcome`. */
export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "closed";

export type Severity = "P0" | "P1" | "P2" | "P3" | "P4";
export type IncidentState = "Detected" | "Triaged" | "Investigating" | "Remediating" | "Resolved" | "Closed";
export type Priority = "Low" | "Normal" | "High" | "Critical";
export type EventType =
  | "incident_created"
  | "incident_updated"
  | "incident_resolved"
  | "incident_closed"
  | "alert_received"
  | "alert_converted"
  | "escalated"
  | "playbook_started"
  | "playbook_action_executed"
  | "playbook_completed"
  | "notification_sent"
  | "assignment_changed"
  | "comment_added"
  | "system_event";

/** The `/ws` filters: a missing key or an empty list means no restriction. */
export interface Filters {
  event_types?: EventType[];
  severities?: Severity[];
  states?: IncidentState[];
  sources?: string[];
  affected_resources?: string[];
  labels?: Record<string, string>;
  incident_ids?: string[];
}

/** One `event` message as the server sends it. */
export interface StreamEvent {
  type: "event";
  message_id: string;
  seq: number;
  /** The incident event, tagged by `event_type`; its fields are in the README. */
  event: { event_type: EventType; [field: string]: unknown };
  timestamp: string;
  priority: Priority;
  subscription_ids: string[];
}

/** What `onState` gets besides the state; which fields are set depends on the state. */
export interface StateInfo {
  url?: string;
  sessionId?: string;
  instanceId?: string;
  epoch?: string;
  /** reconnecting: the delay before the next attempt. */
  delayMs?: number;
  /** reconnecting, closed: why the connection ended. */
  reason?: string;
  attempt?: number;
  code?: string;
}

/** A resume the server could not make whole: what was built from the stream may be stale. */
export interface NotRecovered {
  subscriptionId: string;
  /** The seq the client resumed from. */
  since: number | null;
  /** The epoch that seq belonged to. */
  sinceEpoch: string | null;
  /** The stream's epoch now; the events that follow are numbered in it. */
  epoch: string;
}

/** A token, or something that returns one (called on every connect and before expiry). */
export type TokenSupplier = string | (() => string | null | undefined | Promise<string | null | undefined>);

export interface ClientOptions {
  /** `ws://host:port/ws`, or several: the client moves to the next one when a server goes away. */
  url: string | string[];
  token: TokenSupplier;
  /** Backoff with full jitter: a random delay up to min(maxBackoffMs, minBackoffMs * backoffFactor^attempt). Default 500. */
  minBackoffMs?: number;
  /** Default 30000. */
  maxBackoffMs?: number;
  /** Default 2. */
  backoffFactor?: number;
  /** A connection without `welcome` within this is given up and retried. Default 10000. */
  connectTimeoutMs?: number;
  /** How long before the token's `exp` to ask the supplier for a new one (at most half its remaining life). Default 30000. */
  refreshMarginMs?: number;
  /**
   * `header` (`Authorization: Bearer`, needs the `ws` package), `subprotocol` (the browser form
   * `incident-stream.v1, bearer.<token>`) or `auto` (header with `ws`, else subprotocol). Default auto.
   */
  tokenTransport?: "auto" | "header" | "subprotocol";
  /** A WebSocket class; default the global one, else the `ws` package (imported when needed). */
  WebSocket?: unknown;
  onState?: (state: ConnectionState, info: StateInfo) => void;
  onError?: (error: IncidentStreamError) => void;
  /** `recovered: false`: the state built from this subscription's events may be stale: reload it. */
  onNotRecovered?: (info: NotRecovered) => void;
}

export class IncidentStreamError extends Error {
  /** A server error code (`INVALID_MESSAGE`, `UNAUTHORIZED`, ...) or the client's own (`POLICY_VIOLATION`, `TOKEN_EXPIRED`, `FORBIDDEN`, `NO_TOKEN`, `NO_WEBSOCKET`, `LISTENER_FAILED`, ...). */
  readonly code: string;
  /** True when the client gave up for good (state `closed`). */
  readonly fatal: boolean;
  readonly closeCode?: number;
  constructor(code: string, message: string, details?: { fatal?: boolean; closeCode?: number; cause?: unknown });
}

export class IncidentStreamClient {
  constructor(options: ClientOptions);
  readonly state: ConnectionState;
  /** Opens the connection and keeps it open until `close()`. */
  connect(): Promise<void>;
  /** Subscribes, or replaces the subscription with this id; `onEvent` gets its events once each, in seq order. */
  subscribe(id: string, filters: Filters, onEvent: (event: StreamEvent) => void): void;
  /** False when there was no such subscription. */
  unsubscribe(id: string): boolean;
  /** Closes for good (1000); no reconnect follows. */
  close(): void;
}

/** The backoff delay before reconnect attempt `attempt` (0-based), in ms. */
export function backoffDelay(
  attempt: number,
  options: { minBackoffMs: number; maxBackoffMs: number; backoffFactor: number },
  random?: () => number
): number;

/** The token's `exp` in epoch ms (read, not verified), or null. */
export function tokenExpiry(token: string): number | null;

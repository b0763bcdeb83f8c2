// The operator console: one graphql-transport-ws connection to /graphql-ws (the reference
// graphql-ws client) carries every query, mutation and subscription. No build step: plain ES
// modules, the two libraries vendored under vendor/ (see console-vendor.sh). Everything the
// server sends is rendered with textContent, never as HTML.
import { createClient } from '/console/vendor/graphql-ws-6.4.2/client.js';
import uPlot from '/console/vendor/uplot-1.6.32/uPlot.esm.js';

const TOKEN_KEY = 'incident-stream.admin-token';
const SPARK_WINDOW_MS = 10 * 60 * 1000;
const PAGE_SIZE = 50;
const TAIL_ROWS = 200;
/** An instance whose membership was not refreshed for this long is marked silent (its TTL). */
const MEMBER_TTL_MS = 10_000;
const EVENT_TYPES = [
  'INCIDENT_CREATED', 'INCIDENT_UPDATED', 'INCIDENT_RESOLVED', 'INCIDENT_CLOSED',
  'ALERT_RECEIVED', 'ALERT_CONVERTED', 'ESCALATED', 'PLAYBOOK_STARTED',
  'PLAYBOOK_ACTION_EXECUTED', 'PLAYBOOK_COMPLETED', 'NOTIFICATION_SENT',
  'ASSIGNMENT_CHANGED', 'COMMENT_ADDED', 'SYSTEM_EVENT',
];

const SESSION_ROW = `fragment SessionRow on Session {
  id instanceId subject tenants state queueDepth lag idleMs connectedAt eventsDelivered
  subscriptions { id }
}`;
const SESSIONS_QUERY = `query Sessions($filter: SessionFilter, $sort: SessionSort, $first: Int, $after: String) {
  sessions(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { ...SessionRow }
  }
}
${SESSION_ROW}`;
const SESSION_QUERY = `query Session($id: ID!) {
  session(id: $id) {
    ...SessionRow remoteAddress userAgent lastActiveAt messagesIn messagesOut eventsDropped
    queueBytes lastSeqDelivered
    subscriptions {
      id matched
      filters { eventTypes severities states sources affectedResources labels { key value } incidentIds }
    }
  }
}
${SESSION_ROW}`;
const STATS_SUBSCRIPTION = `subscription Stats($interval: Int) {
  statsUpdated(intervalMs: $interval) {
    instanceId at activeConnections activeSubscriptions eventsPerSecond deliveriesPerSecond
    eventsDropped latencyP99Ms
  }
}`;
const SESSION_CHANGES = `subscription { sessionChanged { kind sessionId instanceId session { ...SessionRow } } }
${SESSION_ROW}`;
const EVENTS_SUBSCRIPTION = `subscription Tail($filters: FiltersInput) {
  events(filters: $filters) { seq timestamp tenant eventType priority incidentId }
}`;
const RECENT_EVENTS = `query Recent($filters: FiltersInput) {
  recentEvents(last: 100, filters: $filters) { seq timestamp tenant eventType priority incidentId }
}`;
const CLUSTER_QUERY = `query {
  cluster { localInstanceId instances { id address startedAt lastSeen stats { activeConnections eventsPerSecond } } }
}`;
const AUDIT_QUERY = `query { auditLog(last: 50) { at operator action target reason result success } }`;
const DISCONNECT_SESSION = `mutation Disconnect($id: ID!, $reason: String!) {
  disconnectSession(id: $id, reason: $reason) { disconnected sessionIds }
}`;
const DISCONNECT_SUBJECT = `mutation DisconnectSubject($subject: String!, $reason: String!) {
  disconnectSubject(subject: $subject, reason: $reason) { disconnected sessionIds }
}`;

const $ = (selector) => document.querySelector(selector);

let client = null;
const state = {
  sort: { field: 'CONNECTED_AT', direction: 'DESC' },
  filter: {},
  after: null,
  pageStack: [],
  rows: new Map(),
  total: 0,
  selected: null,
  tailTypes: new Set(),
  tailPaused: false,
  tailHeld: [],
  tailMode: 'live',
  stopTail: null,
  refetchTimer: null,
};

// ---------------------------------------------------------------- sign-in and connection

function readTokenFromFragment() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  // The token leaves the address bar (and the history) at once.
  history.replaceState(null, '', location.pathname + location.search);
}

function showSignIn(message) {
  $('#console').hidden = true;
  $('#sign-in').hidden = false;
  $('#sign-out').hidden = true;
  $('#sign-in-error').textContent = message ?? '';
  setBanner('signed-out', 'signed out');
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (client) {
    const closing = client;
    client = null;
    closing.dispose();
  }
  showSignIn(message);
}

function setBanner(kind, text) {
  const banner = $('#banner');
  banner.dataset.state = kind;
  banner.textContent = text;
}

function clock(date) {
  return date.toTimeString().slice(0, 8);
}

function start(token) {
  $('#sign-in').hidden = true;
  $('#console').hidden = false;
  $('#sign-out').hidden = false;
  setBanner('connecting', 'connecting…');
  let staleSince = null;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql-ws`;
  client = createClient({
    url,
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    // Quick first retries, then every 5 s at most: a restarted server is back within seconds.
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 5000) + Math.random() * 300)),
    // A refused token (4403) will not get better by retrying: back to the sign-in form.
    shouldRetry: (event) => !(event && event.code === 4403),
    connectionParams: () => ({ Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` }),
    on: {
      connected: () => {
        staleSince = null;
        setBanner('live', 'live');
        refetchAll();
      },
      closed: (event) => {
        if (event && event.code === 4403) {
          signOut(`The server refused the token: ${event.reason || 'forbidden'}`);
          return;
        }
        if (!client) return;
        staleSince = staleSince ?? new Date();
        setBanner('stale', `stale since ${clock(staleSince)}, reconnecting`);
      },
    },
  });
  subscribeStats();
  subscribeSessionChanges();
  startTail();
}

/** One query or mutation over the connection: the data, or an Error naming the GraphQL errors. */
function request(query, variables = {}) {
  return new Promise((resolve, reject) => {
    let result = null;
    client.subscribe({ query, variables }, {
      next: (value) => { result = value; },
      error: (error) => reject(toError(error)),
      complete: () => {
        if (result?.errors?.length) reject(toError(result.errors));
        else resolve(result?.data ?? {});
      },
    });
  });
}

function toError(error) {
  if (Array.isArray(error)) return new Error(error.map((e) => e.message).join('; '));
  if (error instanceof Error) return error;
  if (error && typeof error.code === 'number') return new Error(`connection closed (${error.code} ${error.reason || ''})`);
  return new Error(String(error));
}

/**
 * A subscription that lives as long as the console: the client resubscribes after a reconnect, and
 * this after the server ended it with an error (a tail cut off as too slow, lost session changes),
 * two seconds later, reading the panels again. Returns a function that stops it for good.
 */
function live(query, variables, onData, onError) {
  let stopped = false;
  let unsubscribe = () => {};
  const owner = client;
  const run = () => {
    unsubscribe = owner.subscribe({ query, variables }, {
      next: (result) => {
        if (result.errors?.length) onError?.(toError(result.errors));
        if (result.data) onData(result.data);
      },
      error: (error) => {
        onError?.(toError(error));
        setTimeout(() => {
          if (!stopped && client === owner) {
            run();
            refetchAll();
          }
        }, 2000);
      },
      complete: () => {},
    });
  };
  run();
  return () => {
    stopped = true;
    unsubscribe();
  };
}

function refetchAll() {
  loadSessions();
  loadCluster();
  loadAudit();
  if (state.selected) loadDetail(state.selected);
}

// ---------------------------------------------------------------- stat cards

const CARDS = {
  connections: { el: '#stat-connections', value: (s) => s.activeConnections },
  subscriptions: { el: '#stat-subscriptions', value: (s) => s.activeSubscriptions },
  events: { el: '#stat-events', value: (s) => s.eventsPerSecond },
  deliveries: { el: '#stat-deliveries', value: (s) => s.deliveriesPerSecond },
  dropped: { el: '#stat-dropped', value: (s, droppedPerSecond) => droppedPerSecond },
  p99: { el: '#stat-p99', value: (s) => s.latencyP99Ms },
};
const series = { t: [] };
const plots = {};
let lastDropped = null;

function initCards() {
  for (const [name, card] of Object.entries(CARDS)) {
    series[name] = [];
    const target = $(`${card.el} .spark`);
    plots[name] = new uPlot({
      width: Math.max(150, target.clientWidth || 170),
      height: 40,
      cursor: { show: false },
      legend: { show: false },
      axes: [{ show: false }, { show: false }],
      scales: { x: { time: true } },
      series: [{}, { stroke: '#1a73e8', width: 1.5, fill: 'rgba(26,115,232,.12)', spanGaps: true }],
    }, [[], []], target);
  }
}

function onStats(stats) {
  const at = Date.parse(stats.at) || Date.now();
  const dropped = lastDropped
    ? Math.max(0, (stats.eventsDropped - lastDropped.count) / Math.max(0.001, (at - lastDropped.at) / 1000))
    : 0;
  lastDropped = { count: stats.eventsDropped, at };
  $('#stats-instance').textContent = stats.instanceId ? `(${stats.instanceId})` : '';
  series.t.push(at / 1000);
  for (const [name, card] of Object.entries(CARDS)) {
    const value = card.value(stats, dropped);
    series[name].push(value ?? null);
    $(`${card.el} .value`).textContent = formatNumber(value);
  }
  while (series.t.length && series.t[0] * 1000 < at - SPARK_WINDOW_MS) {
    for (const list of Object.values(series)) list.shift();
  }
  for (const name of Object.keys(CARDS)) plots[name].setData([series.t, series[name]]);
}

function formatNumber(value) {
  if (value === null || value === undefined) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en');
  return value.toLocaleString('en', { maximumFractionDigits: value < 10 ? 2 : 1 });
}

function subscribeStats() {
  live(STATS_SUBSCRIPTION, { interval: 1000 }, (data) => onStats(data.statsUpdated));
}

// ---------------------------------------------------------------- sessions table

function sessionFilter() {
  const filter = {};
  for (const [key, value] of Object.entries(state.filter)) if (value) filter[key] = value;
  return Object.keys(filter).length ? filter : null;
}

async function loadSessions() {
  try {
    const data = await request(SESSIONS_QUERY, {
      filter: sessionFilter(), sort: state.sort, first: PAGE_SIZE, after: state.after,
    });
    const page = data.sessions;
    state.total = page.totalCount;
    state.nextCursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    renderSessions(page.nodes);
    $('#sessions-error').textContent = '';
  } catch (error) {
    $('#sessions-error').textContent = `Sessions could not be read: ${error.message}`;
  }
}

function renderSessions(nodes) {
  const body = $('#sessions tbody');
  body.replaceChildren();
  state.rows.clear();
  for (const session of nodes) body.append(sessionRow(session));
  $('#sessions-total').textContent = state.total.toLocaleString('en');
  $('#page-next').disabled = !state.nextCursor;
  $('#page-first').disabled = !state.after;
  const first = state.pageStack.length * PAGE_SIZE;
  $('#page-info').textContent = nodes.length ? `${first + 1}–${first + nodes.length} of ${state.total}` : 'no session';
}

function sessionRow(session) {
  const row = document.createElement('tr');
  row.dataset.sessionId = session.id;
  row.setAttribute('aria-selected', String(session.id === state.selected));
  fillRow(row, session);
  row.addEventListener('click', () => selectSession(session.id));
  state.rows.set(session.id, row);
  return row;
}

function fillRow(row, s) {
  const cells = [
    s.subject ?? '–', s.tenants.join(', '), s.instanceId, s.state, String(s.subscriptions.length),
    String(s.queueDepth), s.lag === null ? '–' : String(s.lag), duration(s.idleMs),
    new Date(s.connectedAt).toLocaleTimeString('en-GB'), String(s.eventsDelivered),
  ];
  row.replaceChildren(...cells.map((text) => {
    const cell = document.createElement('td');
    cell.textContent = text;
    return cell;
  }));
}

function duration(ms) {
  const seconds = Math.floor(Number(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** A change pushed by the server: patch the visible row at once, then refetch the page soon. */
function onSessionChange(change) {
  const row = state.rows.get(change.sessionId);
  if (row && change.kind === 'CLOSED') {
    row.remove();
    state.rows.delete(change.sessionId);
  } else if (row && change.session) {
    fillRow(row, change.session);
  }
  if (change.sessionId === state.selected) {
    if (change.kind === 'CLOSED') markDetailClosed();
    else loadDetail(change.sessionId);
  }
  scheduleRefetch();
}

function scheduleRefetch() {
  if (state.refetchTimer) return;
  state.refetchTimer = setTimeout(() => {
    state.refetchTimer = null;
    loadSessions();
  }, 500);
}

function subscribeSessionChanges() {
  live(SESSION_CHANGES, {}, (data) => onSessionChange(data.sessionChanged),
    (error) => { $('#sessions-error').textContent = `Live session updates failed: ${error.message}`; });
}

function initSessionControls() {
  $('#session-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    state.filter = Object.fromEntries(new FormData(event.target));
    firstPage();
  });
  for (const button of document.querySelectorAll('#sessions th button[data-sort]')) {
    button.addEventListener('click', () => {
      const field = button.dataset.sort;
      const direction = state.sort.field === field && state.sort.direction === 'DESC' ? 'ASC' : 'DESC';
      state.sort = { field, direction };
      for (const th of document.querySelectorAll('#sessions th[aria-sort]')) th.setAttribute('aria-sort', 'none');
      button.parentElement.setAttribute('aria-sort', direction === 'ASC' ? 'ascending' : 'descending');
      firstPage();
    });
  }
  $('#page-next').addEventListener('click', () => {
    if (!state.nextCursor) return;
    state.pageStack.push(state.after);
    state.after = state.nextCursor;
    loadSessions();
  });
  $('#page-first').addEventListener('click', firstPage);
}

function firstPage() {
  state.after = null;
  state.pageStack = [];
  loadSessions();
}

// ---------------------------------------------------------------- session detail and disconnect

function selectSession(id) {
  state.selected = id;
  for (const [rowId, row] of state.rows) row.setAttribute('aria-selected', String(rowId === id));
  loadDetail(id);
}

async function loadDetail(id) {
  try {
    const { session } = await request(SESSION_QUERY, { id });
    if (state.selected !== id) return;
    if (!session) {
      markDetailClosed();
      return;
    }
    renderDetail(session);
  } catch (error) {
    $('#detail').hidden = false;
    $('#detail-facts').replaceChildren(fact('error', error.message));
  }
}

function fact(term, value) {
  const fragment = document.createDocumentFragment();
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value ?? '–';
  fragment.append(dt, dd);
  return fragment;
}

function renderDetail(s) {
  $('#detail').hidden = false;
  $('#detail').dataset.subject = s.subject ?? '';
  $('#detail-id').textContent = s.id;
  $('#detail-facts').replaceChildren(
    fact('subject', s.subject), fact('tenants', s.tenants.join(', ')), fact('instance', s.instanceId),
    fact('state', s.state), fact('address', s.remoteAddress), fact('user agent', s.userAgent),
    fact('connected', s.connectedAt), fact('last active', s.lastActiveAt),
    fact('messages in / out', `${s.messagesIn} / ${s.messagesOut}`),
    fact('events delivered / dropped', `${s.eventsDelivered} / ${s.eventsDropped}`),
    fact('queue', `${s.queueDepth} frames, ${s.queueBytes} bytes`),
    fact('last seq delivered', s.lastSeqDelivered === null ? null : String(s.lastSeqDelivered)),
    fact('delivery lag', s.lag === null ? null : `${s.lag} events`),
  );
  const body = $('#detail-subscriptions tbody');
  body.replaceChildren(...s.subscriptions.map((sub) => {
    const row = document.createElement('tr');
    for (const text of [sub.id, describeFilters(sub.filters), String(sub.matched)]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  }));
  $('#disconnect-session').disabled = false;
  $('#disconnect-subject').disabled = !s.subject;
}

function describeFilters(filters) {
  const parts = [];
  for (const [key, value] of Object.entries(filters)) {
    if (!value.length) continue;
    const shown = key === 'labels' ? value.map((l) => `${l.key}=${l.value}`) : value;
    parts.push(`${key}: ${shown.join(', ')}`);
  }
  return parts.length ? parts.join('; ') : 'everything';
}

function markDetailClosed() {
  $('#detail-facts').replaceChildren(fact('state', 'closed'));
  $('#disconnect-session').disabled = true;
}

let pendingDisconnect = null;

function askDisconnect(kind) {
  const subject = $('#detail').dataset.subject;
  pendingDisconnect = kind === 'session'
    ? { kind, target: state.selected, text: `Close session ${state.selected}? The client receives "closing" with your reason.` }
    : { kind, target: subject, text: `Close every session of ${subject}, on every instance?` };
  $('#disconnect-what').textContent = pendingDisconnect.text;
  $('#disconnect-reason').value = '';
  $('#disconnect-error').textContent = '';
  $('#disconnect-dialog').showModal();
}

async function confirmDisconnect(event) {
  event.preventDefault();
  const reason = $('#disconnect-reason').value.trim();
  if (!reason) {
    $('#disconnect-error').textContent = 'A reason is required.';
    return;
  }
  const { kind, target } = pendingDisconnect;
  try {
    if (kind === 'session') await request(DISCONNECT_SESSION, { id: target, reason });
    else await request(DISCONNECT_SUBJECT, { subject: target, reason });
    $('#disconnect-dialog').close();
    loadSessions();
    loadAudit();
  } catch (error) {
    $('#disconnect-error').textContent = error.message;
  }
}

function initDisconnect() {
  $('#disconnect-session').addEventListener('click', () => askDisconnect('session'));
  $('#disconnect-subject').addEventListener('click', () => askDisconnect('subject'));
  $('#disconnect-form').addEventListener('submit', confirmDisconnect);
  $('#disconnect-cancel').addEventListener('click', () => $('#disconnect-dialog').close());
}

// ---------------------------------------------------------------- cluster

async function loadCluster() {
  try {
    const { cluster } = await request(CLUSTER_QUERY);
    const now = Date.now();
    $('#cluster tbody').replaceChildren(...cluster.instances.map((instance) => {
      const row = document.createElement('tr');
      const silent = now - Date.parse(instance.lastSeen) > MEMBER_TTL_MS;
      const cells = [
        instance.id + (instance.id === cluster.localInstanceId ? ' (this one)' : ''),
        instance.address, instance.startedAt, instance.lastSeen,
        formatNumber(instance.stats?.activeConnections), formatNumber(instance.stats?.eventsPerSecond),
        silent ? `silent for ${duration(now - Date.parse(instance.lastSeen))}` : instance.stats ? 'ok' : 'no answer',
      ];
      for (const text of cells) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      if (silent || !instance.stats) row.lastElementChild.className = 'silent';
      return row;
    }));
  } catch (error) {
    $('#cluster tbody').replaceChildren();
  }
}

// ---------------------------------------------------------------- live event tail

function initTail() {
  const chips = $('#tail-chips');
  for (const type of EVENT_TYPES) {
    const chip = document.createElement('button');
    chip.type = 'button';
    chip.textContent = type.toLowerCase();
    chip.dataset.eventType = type;
    chip.setAttribute('aria-pressed', 'false');
    chip.addEventListener('click', () => {
      const on = !state.tailTypes.has(type);
      if (on) state.tailTypes.add(type); else state.tailTypes.delete(type);
      chip.setAttribute('aria-pressed', String(on));
      startTail();
    });
    chips.append(chip);
  }
  $('#tail-pause').addEventListener('click', () => {
    state.tailPaused = !state.tailPaused;
    $('#tail-pause').setAttribute('aria-pressed', String(state.tailPaused));
    $('#tail-pause').textContent = state.tailPaused ? 'Resume' : 'Pause';
    if (!state.tailPaused) {
      for (const event of state.tailHeld) renderTailRow(event);
      state.tailHeld = [];
    }
    tailStatus();
  });
  $('#incident-search').addEventListener('submit', searchIncident);
  $('#incident-clear').addEventListener('click', () => {
    state.tailMode = 'live';
    $('#tail tbody').replaceChildren();
    tailStatus();
  });
}

function tailFilters() {
  return state.tailTypes.size ? { eventTypes: [...state.tailTypes] } : null;
}

function startTail() {
  if (!client) return;
  state.stopTail?.();
  state.stopTail = live(EVENTS_SUBSCRIPTION, { filters: tailFilters() }, (data) => onTailEvent(data.events),
    (error) => { $('#tail-error').textContent = `Live events stopped: ${error.message}`; });
  $('#tail-error').textContent = '';
  tailStatus();
}

function onTailEvent(event) {
  if (state.tailMode !== 'live') return;
  if (state.tailPaused) {
    state.tailHeld.push(event);
    if (state.tailHeld.length > TAIL_ROWS) state.tailHeld.shift();
    tailStatus();
    return;
  }
  renderTailRow(event);
}

function renderTailRow(event) {
  const body = $('#tail tbody');
  const row = document.createElement('tr');
  for (const text of [String(event.seq), event.timestamp, event.tenant, event.eventType.toLowerCase(), event.priority, event.incidentId ?? '–']) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  body.prepend(row);
  while (body.rows.length > TAIL_ROWS) body.lastElementChild.remove();
}

function tailStatus() {
  const held = state.tailHeld.length;
  $('#tail-status').textContent = state.tailMode !== 'live'
    ? 'showing the history of one incident'
    : state.tailPaused ? `paused, ${held} new event${held === 1 ? '' : 's'} held` : 'live';
}

async function searchIncident(event) {
  event.preventDefault();
  const id = new FormData(event.target).get('incidentId').trim();
  if (!id) return;
  try {
    const data = await request(RECENT_EVENTS, { filters: { incidentIds: [id] } });
    state.tailMode = 'history';
    $('#tail tbody').replaceChildren();
    for (const found of data.recentEvents) renderTailRow(found);
    $('#tail-error').textContent = data.recentEvents.length ? '' : `No event of incident ${id} in the history.`;
    tailStatus();
  } catch (error) {
    $('#tail-error').textContent = `Search failed: ${error.message}`;
  }
}

// ---------------------------------------------------------------- audit

async function loadAudit() {
  try {
    const { auditLog } = await request(AUDIT_QUERY);
    $('#audit tbody').replaceChildren(...auditLog.map((entry) => {
      const row = document.createElement('tr');
      for (const text of [entry.at, entry.operator, entry.action, entry.target, entry.reason, entry.result]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }));
  } catch (error) {
    $('#audit tbody').replaceChildren();
  }
}

// ---------------------------------------------------------------- start

function main() {
  initCards();
  initSessionControls();
  initDisconnect();
  initTail();
  setInterval(() => { if (client) { loadCluster(); loadAudit(); } }, 5000);
  $('#sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('#token-input').value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('#token-input').value = '';
    start(token);
  });
  $('#sign-out').addEventListener('click', () => signOut());
  readTokenFromFragment();
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) start(token);
  else showSignIn();
}

main();

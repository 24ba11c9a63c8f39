// The alert console's page: the inbox (filtered by the server to what the user may see), live alerts by
// server-sent events that resume from the last event id, an alert's detail, acknowledge and close.
'use strict';

const SEVERITY_RANK = {CRITICAL: 3, HIGH: 2, MEDIUM: 1, LOW: 0};
const state = {me: null, rows: [], selected: null, source: null, rules: new Set()};
const $ = (id) => document.getElementById(id);

// numbers are shown exactly as the server wrote them (2000000.00 stays 2000000.00), where the browser tells the
// source text (JSON.parse source access); elsewhere as numbers
function parseJson(text) {
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' && context && context.source !== undefined ? context.source : value);
}

async function api(path, options = {}) {
  const res = await fetch(path, Object.assign({credentials: 'same-origin'}, options));
  if (res.status === 401) {
    location.href = '/login';
    throw new Error('signed out');
  }
  const text = await res.text();
  let body = {};
  try { body = parseJson(text); } catch (e) { /* not JSON */ }
  if (!res.ok) {
    throw new Error(body.error || (res.status + ' ' + res.statusText));
  }
  return body;
}

function post(path, body) {
  return api(path, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body || {})});
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

function filters() {
  return {
    status: $('f-status').value, severity: $('f-severity').value, rule: $('f-rule').value,
    client: $('f-client').value.trim(), broker: $('f-broker').value.trim(), group: $('f-group').value.trim()
  };
}

function matches(a) {
  const f = filters();
  const status = f.status === 'ALL' || a.status === f.status || (f.status === 'ACTIVE' && a.status !== 'CLOSED');
  return status && (!f.severity || a.severity === f.severity)
    && (!f.rule || a.rule === f.rule) && (!f.client || a.clientId === f.client) && (!f.broker || a.brokerId === f.broker)
    && (!f.group || (a.metrics && a.metrics.groupId === f.group));
}

// open alerts: most severe first, then newest; other views: newest first
function compare(a, b) {
  if (['ACTIVE', 'OPEN', 'ACKED'].includes($('f-status').value)) {
    const s = (SEVERITY_RANK[b.severity] || 0) - (SEVERITY_RANK[a.severity] || 0);
    if (s !== 0) return s;
  }
  return (b.ts || '').localeCompare(a.ts || '');
}

async function load() {
  const q = new URLSearchParams(Object.entries(filters()).filter(([, v]) => v));
  const body = await api('/api/alerts?' + q);
  state.rows = body.alerts;
  body.alerts.forEach(a => state.rules.add(a.rule));
  renderRules();
  renderList();
  connect(body.cursor);
}

function connect(cursor) {
  if (state.source) state.source.close();
  const source = new EventSource('/api/stream?from=' + encodeURIComponent(cursor));
  state.source = source;
  source.onopen = () => setLive(true);
  source.onerror = () => setLive(false);
  source.addEventListener('alert', (e) => {
    const a = parseJson(e.data);
    state.rules.add(a.rule);
    renderRules();
    if (matches(a) && !state.rows.some(r => r.alertId === a.alertId)) {
      state.rows.push(a);
      renderList(a.alertId);
    }
  });
  source.addEventListener('change', (e) => {
    const a = parseJson(e.data);
    const i = state.rows.findIndex(r => r.alertId === a.alertId);
    if (i >= 0) {
      if (matches(a)) state.rows[i] = a; else state.rows.splice(i, 1);
      renderList();
    }
    if (state.selected === a.alertId) showDetail(a.alertId);
  });
}

function setLive(on) {
  const live = $('live');
  live.textContent = on ? 'live' : 'reconnecting';
  live.className = 'live ' + (on ? 'on' : 'off');
}

function renderRules() {
  const select = $('f-rule');
  const current = select.value;
  const have = new Set([...select.options].map(o => o.value));
  [...state.rules].sort().forEach(r => { if (!have.has(r)) select.append(el('option', {value: r}, r)); });
  select.value = current;
}

function renderList(arrived) {
  state.rows.sort(compare);
  const tbody = $('alerts').querySelector('tbody');
  tbody.replaceChildren(...state.rows.map(a => {
    const tr = el('tr', {'data-alert-id': a.alertId, class: (a.alertId === state.selected ? 'selected ' : '')
        + (a.alertId === arrived ? 'new' : '')},
      el('td', {}, el('span', {class: 'sev ' + a.severity}, a.severity)),
      el('td', {}, (a.ts || '').replace('T', ' ').substring(0, 19)),
      el('td', {}, a.rule), el('td', {}, a.clientId), el('td', {}, a.brokerId || ''), el('td', {}, a.symbol || ''),
      el('td', {}, a.summary),
      el('td', {}, el('span', {class: 'status ' + a.status}, a.status)));
    tr.addEventListener('click', () => showDetail(a.alertId));
    return tr;
  }));
  $('empty').classList.toggle('hidden', state.rows.length > 0);
  $('count').textContent = state.rows.length + ' alert(s)';
}

async function showDetail(id) {
  state.selected = id;
  document.querySelectorAll('#alerts tbody tr').forEach(tr =>
    tr.classList.toggle('selected', tr.dataset.alertId === id));
  const pane = $('detail');
  let a;
  try {
    a = await api('/api/alerts/' + encodeURIComponent(id));
  } catch (e) {
    pane.replaceChildren(el('p', {class: 'error'}, e.message));
    pane.classList.remove('hidden');
    return;
  }
  const metrics = el('table', {id: 'metrics'}, ...Object.entries(a.metrics || {}).map(([k, v]) =>
    el('tr', {}, el('th', {}, k), el('td', {}, Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : v))));
  const evidenceEvents = evidenceTable(a.evidenceEvents);
  const history = el('table', {id: 'history'},
    el('tr', {}, el('th', {}, 'When'), el('th', {}, 'Who'), el('th', {}, 'Change'), el('th', {}, 'Comment')),
    ...(a.history || []).map(h => el('tr', {}, el('td', {}, h.at), el('td', {}, h.by),
      el('td', {}, h.from + ' → ' + h.to + (h.outcome ? ' (' + h.outcome + ')' : '')), el('td', {}, h.comment))));
  const comment = el('textarea', {id: 'comment', placeholder: 'comment (what you checked, what you decided)'});
  const outcome = el('select', {id: 'outcome'},
    el('option', {value: 'CONFIRMED'}, 'confirmed'), el('option', {value: 'FALSE_POSITIVE'}, 'false positive'),
    el('option', {value: 'NOTED'}, 'noted'));
  const ack = el('button', {id: 'ack', type: 'button'}, 'Acknowledge');
  const close = el('button', {id: 'close', type: 'button'}, 'Close');
  ack.disabled = a.status !== 'OPEN';
  close.disabled = a.status === 'CLOSED';
  const message = el('p', {id: 'action-result', class: 'muted'});
  ack.addEventListener('click', () => act(id, 'ack', {comment: comment.value}, message));
  close.addEventListener('click', () => act(id, 'close', {outcome: outcome.value, comment: comment.value}, message));
  pane.replaceChildren(
    el('h2', {}, el('span', {class: 'sev ' + a.severity}, a.severity), ' ', a.rule),
    el('p', {id: 'detail-summary'}, a.summary),
    el('dl', {},
      el('dt', {}, 'Alert'), el('dd', {id: 'detail-id'}, a.alertId),
      el('dt', {}, 'Status'), el('dd', {id: 'detail-status', class: 'status ' + a.status}, a.status),
      el('dt', {}, 'Time'), el('dd', {}, a.ts),
      el('dt', {}, 'Client'), el('dd', {}, a.clientId),
      el('dt', {}, 'Broker'), el('dd', {}, a.brokerId || '-'),
      ...(a.metrics && a.metrics.groupId ? [el('dt', {}, 'Group'), el('dd', {id: 'detail-group'},
        a.metrics.groupId + ' (' + (a.metrics.members || []).join(', ') + ')')] : []),
      el('dt', {}, 'Symbol'), el('dd', {}, a.symbol || '-'),
      el('dt', {}, 'Audience'), el('dd', {}, a.audience),
      el('dt', {}, 'Rule version'), el('dd', {}, a.ruleVersion),
      el('dt', {}, 'Evidence'), el('dd', {id: 'evidence'}, ...(a.evidence || []).flatMap((e, i) =>
        i ? [', ', el('code', {}, e)] : [el('code', {}, e)]))),
    el('h3', {}, 'Evidence events'), evidenceEvents,
    el('h3', {}, 'Metrics'), metrics,
    el('h3', {}, 'History'), history,
    comment,
    el('div', {class: 'actions'}, ack, outcome, close),
    message);
  pane.classList.remove('hidden');
}

// the events that make the alert's case (contract section 4), oldest first and newest last; every value the input
// controls goes in as text, never as markup
function evidenceTable(events) {
  if (!Array.isArray(events)) {
    return el('p', {id: 'evidence-events', class: 'muted'}, 'not recorded with this alert');
  }
  const sorted = events.map((e, i) => [e, i])
    .sort(([x, i], [y, j]) => (Date.parse(x.ts) - Date.parse(y.ts)) || (i - j))
    .map(([e]) => e);
  const fields = (e) => Object.entries(e).filter(([k]) => !['type', 'eventId', 'ts'].includes(k))
    .map(([k, v]) => k + ' ' + v).join(', ');
  return el('table', {id: 'evidence-events'},
    el('tr', {}, el('th', {}, 'Time'), el('th', {}, 'Type'), el('th', {}, 'Event'), el('th', {}, 'Fields')),
    ...sorted.map(e => el('tr', {'data-event-id': e.eventId}, el('td', {}, e.ts), el('td', {}, e.type),
      el('td', {}, el('code', {}, e.eventId)), el('td', {}, fields(e)))));
}

async function act(id, action, body, message) {
  try {
    const a = await post('/api/alerts/' + encodeURIComponent(id) + '/' + action, body);
    message.textContent = (action === 'ack' ? 'Acknowledged' : 'Closed') + ' (was ' + a.previousStatus + ')';
    const i = state.rows.findIndex(r => r.alertId === id);
    if (i >= 0) {
      if (matches(a)) state.rows[i] = a; else state.rows.splice(i, 1);
      renderList();
    }
    await showDetail(id);
  } catch (e) {
    message.textContent = e.message;
    message.className = 'error';
  }
}

async function main() {
  state.me = await api('/api/me');
  $('me').textContent = state.me.name + ' (' + state.me.role + (state.me.brokerId ? ' ' + state.me.brokerId : '') + ')';
  if (state.me.role === 'BROKER') {
    $('view-title').textContent = 'Alerts for my clients (broker ' + state.me.brokerId + ')';
    $('f-broker-label').classList.add('hidden');
  } else {
    $('view-title').textContent = 'All alerts';
  }
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); load(); });
  $('f-status').addEventListener('change', load);
  $('f-severity').addEventListener('change', load);
  $('f-rule').addEventListener('change', load);
  $('signout').addEventListener('click', async () => {
    await post('/api/logout');
    location.href = '/login';
  });
  await load();
}

main().catch(e => { $('flash').textContent = e.message; $('flash').classList.remove('hidden'); });

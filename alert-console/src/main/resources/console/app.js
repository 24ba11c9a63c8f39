// The alert console's page: the inbox (filtered by the server to what the user may see), live alerts by
// server-sent events that resume from the last event id, an alert's detail, acknowledge and close.
'use strict';

const SEVERITY_RANK = {CRITICAL: 3, HIGH: 2, MEDIUM: 1, LOW: 0};
// view: what the detail pane shows ('alert:ID', 'case:ID', 'client:ID', 'cases', 'rules', 'proposal:ID'); a live change redraws only its own
const state = {me: null, rows: [], selected: null, view: null, source: null, rules: new Set()};
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
    if (state.view === 'alert:' + a.alertId) showDetail(a.alertId);
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
  state.view = 'alert:' + id;
  document.querySelectorAll('#alerts tbody tr').forEach(tr =>
    tr.classList.toggle('selected', tr.dataset.alertId === id));
  const pane = $('detail');
  let a;
  try {
    a = await api('/api/alerts/' + encodeURIComponent(id));
    if (state.view !== 'alert:' + id) return; // the officer moved on meanwhile
  } catch (e) {
    fill(pane, el('p', {class: 'error'}, e.message));
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
  const links = state.me.role !== 'BROKER' ? el('div', {class: 'actions'},
    ...(a.caseId ? [button('open-case', 'Case ' + a.caseId, () => showCase(a.caseId))] : []),
    button('open-client', 'Client view', () => showClient(a.clientId))) : null;
  fill(pane, 
    el('h2', {}, el('span', {class: 'sev ' + a.severity}, a.severity), ' ', a.rule),
    links,
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

// replaces the pane's content, leaving out the parts that are not there (null), which replaceChildren would show
function fill(pane, ...children) {
  pane.replaceChildren(...children.filter(c => c !== null && c !== undefined));
}

function button(id, text, onClick) {
  const b = el('button', {id: id, type: 'button'}, text);
  b.addEventListener('click', onClick);
  return b;
}

function money(v) {
  return v === undefined || v === null ? '-' : String(v);
}

function percent(v) {
  return v === undefined || v === null ? '-' : (Math.round(Number(v) * 10000) / 100) + ' %';
}

function hours(ms) {
  const h = Math.floor(ms / 3600000);
  return h >= 48 ? Math.floor(h / 24) + ' d ' + (h % 24) + ' h' : h + ' h ' + Math.floor((ms % 3600000) / 60000) + ' min';
}

// the cases still being worked: overdue first, then the most severe, then the oldest
async function showCases() {
  state.view = 'cases';
  const pane = $('detail');
  let body;
  try {
    body = await api('/api/cases?status=ACTIVE');
    if (state.view !== 'cases') return;
  } catch (e) {
    fill(pane, el('p', {class: 'error'}, e.message));
    pane.classList.remove('hidden');
    return;
  }
  const rows = body.cases.sort((a, b) => (b.overdue - a.overdue)
    || ((SEVERITY_RANK[b.severity] || 0) - (SEVERITY_RANK[a.severity] || 0)) || (b.ageMillis - a.ageMillis));
  const table = el('table', {id: 'cases'},
    el('tr', {}, el('th', {}, 'Case'), el('th', {}, 'Severity'), el('th', {}, 'Status'), el('th', {}, 'Client'),
      el('th', {}, 'Alerts'), el('th', {}, 'Assignee'), el('th', {}, 'Age')),
    ...rows.map(c => {
      const tr = el('tr', {'data-case-id': c.caseId}, el('td', {}, c.caseId),
        el('td', {}, el('span', {class: 'sev ' + c.severity}, c.severity)), el('td', {}, c.status),
        el('td', {}, c.clientId), el('td', {}, c.alerts), el('td', {}, c.assignee || '-'),
        el('td', {class: c.overdue ? 'error' : ''}, hours(c.ageMillis) + (c.overdue ? ' (overdue)' : '')));
      tr.addEventListener('click', () => showCase(c.caseId));
      return tr;
    }));
  fill(pane, el('h2', {}, 'Cases being worked'),
    rows.length ? table : el('p', {class: 'muted'}, 'No open cases.'));
  pane.classList.remove('hidden');
}

// the client as the job saw it at the client's latest alert, the client's alerts and cases
async function showClient(clientId) {
  state.view = 'client:' + clientId;
  const pane = $('detail');
  let c;
  try {
    c = await api('/api/clients/' + encodeURIComponent(clientId));
    if (state.view !== 'client:' + clientId) return;
  } catch (e) {
    fill(pane, el('p', {class: 'error'}, e.message));
    return;
  }
  const v = c.view;
  const profile = v ? el('dl', {id: 'client-profile'},
    el('dt', {}, 'Tier'), el('dd', {}, v.tier || '-'),
    el('dt', {}, 'Risk profile'), el('dd', {}, v.riskProfile || '-'),
    el('dt', {}, 'Broker'), el('dd', {}, v.brokerId || '-'),
    el('dt', {}, 'Group'), el('dd', {}, v.groupId || '-'),
    el('dt', {}, 'Cash'), el('dd', {}, money(v.cash)),
    el('dt', {}, 'Total assets'), el('dd', {}, money(v.totalAssets)),
    el('dt', {}, 'As of'), el('dd', {}, c.viewAsOf + ' (' + c.viewAlertId + ')'))
    : el('p', {id: 'client-profile', class: 'muted'}, 'No client view yet (the client\'s alerts come from rules '
      + 'that run without its book).');
  const positions = el('table', {id: 'client-positions'},
    el('tr', {}, el('th', {}, 'Symbol'), el('th', {}, 'Quantity'), el('th', {}, 'Price'), el('th', {}, 'Value'),
      el('th', {}, 'Share of assets')),
    ...((v && v.positions) || []).map(p => el('tr', {}, el('td', {}, p.symbol), el('td', {}, p.quantity),
      el('td', {}, money(p.price) + ' (' + p.priceFrom + ')'), el('td', {}, money(p.value)),
      el('td', {}, percent(p.share)))));
  const timeline = el('table', {id: 'client-alerts'},
    el('tr', {}, el('th', {}, 'Time'), el('th', {}, 'Rule'), el('th', {}, 'Severity'), el('th', {}, 'Status'),
      el('th', {}, 'Summary')),
    ...c.alerts.map(a => {
      const tr = el('tr', {'data-alert-id': a.alertId}, el('td', {}, a.ts), el('td', {}, a.rule),
        el('td', {}, el('span', {class: 'sev ' + a.severity}, a.severity)),
        el('td', {}, el('span', {class: 'status ' + a.status}, a.status + (a.outcome ? ' (' + a.outcome + ')' : ''))),
        el('td', {}, a.summary));
      tr.addEventListener('click', () => showDetail(a.alertId));
      return tr;
    }));
  const caseList = el('ul', {id: 'client-cases'}, ...c.cases.map(k => {
    const li = el('li', {}, el('a', {href: '#'}, k.caseId), ' ' + k.status + ' ' + k.severity
      + (k.overdue ? ' (overdue)' : ''));
    li.querySelector('a').addEventListener('click', (e) => { e.preventDefault(); showCase(k.caseId); });
    return li;
  }));
  fill(pane, el('h2', {}, 'Client ', el('span', {id: 'client-id'}, c.clientId)), profile,
    el('h3', {}, 'Positions'), positions, el('h3', {}, 'Alerts'), timeline, el('h3', {}, 'Cases'), caseList);
  pane.classList.remove('hidden');
}

// one case: its alerts, the officer's actions (sent with the version shown, so a stale page is refused), notes, audit
async function showCase(caseId, note) {
  state.view = 'case:' + caseId;
  const pane = $('detail');
  let c;
  try {
    c = await api('/api/cases/' + encodeURIComponent(caseId));
    if (state.view !== 'case:' + caseId) return;
  } catch (e) {
    fill(pane, el('p', {class: 'error'}, e.message));
    return;
  }
  const message = el('p', {id: 'case-result', class: note && note.error ? 'error' : 'muted'}, note ? note.text : '');
  const send = async (action, body) => {
    try {
      await post('/api/cases/' + encodeURIComponent(caseId) + '/' + action, Object.assign({version: c.version}, body));
      await showCase(caseId, {text: action + ': done'});
    } catch (e) {
      await showCase(caseId, {text: e.message, error: true});
    }
  };
  const closed = c.status === 'CLOSED';
  const moveTo = el('select', {id: 'case-move-to'},
    ...['INVESTIGATING', 'ESCALATED'].filter(s => s !== c.status).map(s => el('option', {value: s}, s)));
  const disposition = el('select', {id: 'case-disposition'},
    ...['confirmed', 'false_positive', 'noted', 'reported'].map(d => el('option', {value: d}, d.replace('_', ' '))));
  const comment = el('textarea', {id: 'case-comment', placeholder: 'comment for the audit trail'});
  const noteText = el('textarea', {id: 'case-note-text', placeholder: 'a note on the case'});
  const actions = el('div', {class: 'actions'},
    button('case-assign', 'Assign to me', () => send('assign', {assignee: state.me.name, comment: comment.value})),
    moveTo, button('case-move', 'Move', () => send('move', {to: moveTo.value, comment: comment.value})),
    disposition, button('case-close', 'Close case', () => send('close',
      {disposition: disposition.value, comment: comment.value})));
  actions.querySelectorAll('button, select').forEach(b => { b.disabled = closed; });
  const alerts = el('table', {id: 'case-alerts'},
    el('tr', {}, el('th', {}, 'Time'), el('th', {}, 'Rule'), el('th', {}, 'Severity'), el('th', {}, 'Status'),
      el('th', {}, 'Summary')),
    ...c.alerts.map(a => {
      const tr = el('tr', {'data-alert-id': a.alertId}, el('td', {}, a.ts), el('td', {}, a.rule),
        el('td', {}, el('span', {class: 'sev ' + a.severity}, a.severity)),
        el('td', {}, el('span', {class: 'status ' + a.status}, a.status)), el('td', {}, a.summary));
      tr.addEventListener('click', () => showDetail(a.alertId));
      return tr;
    }));
  const notes = el('table', {id: 'case-notes'},
    el('tr', {}, el('th', {}, 'When'), el('th', {}, 'Who'), el('th', {}, 'Note')),
    ...c.notes.map(n => el('tr', {}, el('td', {}, n.at), el('td', {}, n.by), el('td', {}, n.text))));
  const audit = el('table', {id: 'case-audit'},
    el('tr', {}, el('th', {}, 'When'), el('th', {}, 'Who'), el('th', {}, 'What'), el('th', {}, 'Change'),
      el('th', {}, 'Comment')),
    ...c.audit.map(e => el('tr', {}, el('td', {}, e.at), el('td', {}, e.by),
      el('td', {}, e.action + (e.alertId ? ' ' + e.alertId : '') + (e.assignee ? ' to ' + e.assignee : '')
        + (e.disposition ? ' as ' + e.disposition : '')),
      el('td', {}, e.to && e.to !== e.from ? (e.from ? e.from + ' → ' : '') + e.to : ''), el('td', {}, e.comment))));
  fill(pane, 
    el('h2', {}, el('span', {class: 'sev ' + c.severity}, c.severity), ' Case ', el('span', {id: 'case-id'}, c.caseId)),
    el('dl', {},
      el('dt', {}, 'Status'), el('dd', {id: 'case-status', class: 'status ' + c.status}, c.status),
      el('dt', {}, 'Client'), el('dd', {}, el('a', {href: '#', id: 'case-client'}, c.clientId)),
      el('dt', {}, 'Assignee'), el('dd', {id: 'case-assignee'}, c.assignee || '-'),
      el('dt', {}, 'Disposition'), el('dd', {id: 'case-disposition-shown'}, c.disposition || '-'),
      el('dt', {}, 'Age'), el('dd', {id: 'case-age', class: c.overdue ? 'error' : ''},
        hours(c.ageMillis) + (c.overdue ? ' (overdue)' : '')),
      el('dt', {}, 'Version'), el('dd', {}, c.version)),
    el('div', {class: 'actions'}, el('a', {id: 'case-report', href: '/cases/' + encodeURIComponent(c.caseId)
      + '/report', target: '_blank', rel: 'noopener'}, 'Case report (print to PDF)')),
    comment, actions, message,
    el('h3', {}, 'Alerts'), alerts,
    el('h3', {}, 'Notes'), notes, noteText,
    el('div', {class: 'actions'}, button('case-note', 'Add note', () => send('note', {text: noteText.value}))),
    el('h3', {}, 'Audit trail'), audit);
  pane.querySelector('#case-client').addEventListener('click', (e) => { e.preventDefault(); showClient(c.clientId); });
  pane.classList.remove('hidden');
}

// rule governance: the version in force, the proposals (newest first) and each rule's measured precision per week
async function showRules(note) {
  state.view = 'rules';
  const pane = $('detail');
  let body, stats;
  try {
    [body, stats] = await Promise.all([api('/api/rules/proposals?state=ANY'), api('/api/rules/stats')]);
    if (state.view !== 'rules') return;
  } catch (e) {
    fill(pane, el('p', {class: 'error'}, e.message));
    pane.classList.remove('hidden');
    return;
  }
  const inForce = body.inForce && body.inForce.version
    ? body.inForce.version + ' since ' + body.inForce.since + (body.inForce.proposalId ? ' (' + body.inForce.proposalId
      + ')' : '')
    : '(no approval yet; the job reports ' + (body.jobVersion || 'nothing') + ')';
  const proposals = el('table', {id: 'proposals'},
    el('tr', {}, el('th', {}, 'Proposal'), el('th', {}, 'State'), el('th', {}, 'Version'), el('th', {}, 'Against'),
      el('th', {}, 'By'), el('th', {}, 'When'), el('th', {}, 'Changes')),
    ...body.proposals.map(p => {
      const tr = el('tr', {'data-proposal-id': p.id}, el('td', {}, p.id),
        el('td', {}, el('span', {class: 'state ' + p.state}, p.state)), el('td', {}, p.version),
        el('td', {}, p.baseVersion), el('td', {}, p.proposedBy), el('td', {}, p.proposedAt),
        el('td', {}, p.diff.length + ' setting(s)' + (p.hasBacktest ? ', backtest' : '')));
      tr.addEventListener('click', () => showProposal(p.id));
      return tr;
    }));
  fill(pane, el('h2', {}, 'Rules'),
    el('dl', {}, el('dt', {}, 'In force'), el('dd', {id: 'rules-in-force'}, inForce)),
    note ? el('p', {id: 'rules-result', class: note.error ? 'error' : 'muted'}, note.text) : null,
    el('h3', {}, 'Proposed changes'),
    body.proposals.length ? proposals : el('p', {class: 'muted'}, 'No proposals.'),
    el('h3', {}, 'Rule quality'), qualityCharts(stats.rows), qualityTable(stats.rows));
  pane.classList.remove('hidden');
}

function qualityTable(rows) {
  return el('table', {id: 'rule-quality'},
    el('tr', {}, ...['Rule', 'Version', 'Week', 'Raised', 'Confirmed', 'False pos.', 'Noted', 'Open', 'Precision']
      .map(h => el('th', {}, h))),
    ...rows.map(r => el('tr', {'data-rule': r.rule}, el('td', {}, r.rule), el('td', {}, r.ruleVersion),
      el('td', {}, r.week), el('td', {}, r.raised), el('td', {}, r.confirmed), el('td', {}, r.falsePositive),
      el('td', {}, r.noted), el('td', {}, r.open), el('td', {class: 'precision'}, r.precision ?? '-'))));
}

// one small bar chart per rule: precision per week (a bar per rule version and week; no bar where nothing was
// judged), drawn as SVG elements with text content only
function qualityCharts(rows) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const byRule = new Map();
  rows.forEach(r => { if (!byRule.has(r.rule)) byRule.set(r.rule, []); byRule.get(r.rule).push(r); });
  const charts = [...byRule.entries()].map(([rule, rs]) => {
    const w = 34, h = 80, width = Math.max(120, rs.length * w + 30);
    const chart = svg('svg', {width: width, height: h + 34, role: 'img', 'data-rule': rule});
    chart.append(svg('title', {}, rule + ': precision per week'));
    chart.append(svg('line', {x1: 24, y1: h + 4, x2: width, y2: h + 4, stroke: '#9aa7b4'}));
    chart.append(svg('text', {x: 0, y: 12, 'font-size': 10, fill: '#5c6b7a'}, '1.0'));
    chart.append(svg('text', {x: 0, y: h + 4, 'font-size': 10, fill: '#5c6b7a'}, '0'));
    rs.forEach((r, i) => {
      const x = 28 + i * w;
      if (r.precision !== null && r.precision !== undefined) {
        const bh = Math.round(Number(r.precision) * h);
        const bar = svg('rect', {x: x, y: h + 4 - bh, width: w - 8, height: bh, fill: '#6b8fb3',
          class: 'bar', 'data-week': r.week, 'data-precision': r.precision});
        bar.append(svg('title', {}, r.week + ' ' + r.ruleVersion + ': ' + r.precision + ' (' + r.confirmed
          + ' confirmed, ' + r.falsePositive + ' false positive)'));
        chart.append(bar);
      }
      chart.append(svg('text', {x: x, y: h + 18, 'font-size': 9, fill: '#5c6b7a'}, r.week.substring(5)));
    });
    return el('figure', {class: 'chart'}, el('figcaption', {}, rule), chart);
  });
  return el('div', {id: 'quality-charts'}, ...charts);
}

// one proposal: the settings diff, the attached backtest, the file; approve and reject for a RISK_ADMIN who did not
// propose it (the server checks again)
async function showProposal(id, note) {
  state.view = 'proposal:' + id;
  const pane = $('detail');
  let p;
  try {
    p = await api('/api/rules/proposals/' + encodeURIComponent(id));
    if (state.view !== 'proposal:' + id) return;
  } catch (e) {
    fill(pane, el('p', {class: 'error'}, e.message));
    return;
  }
  const message = el('p', {id: 'proposal-result', class: note && note.error ? 'error' : 'muted'}, note ? note.text : '');
  const comment = el('textarea', {id: 'decision-comment', placeholder: 'comment (required to reject)'});
  const decide = async (action) => {
    try {
      await post('/api/rules/proposals/' + encodeURIComponent(id) + '/' + action, {comment: comment.value});
      await showProposal(id, {text: action === 'approve' ? 'approved and published' : 'rejected'});
    } catch (e) {
      await showProposal(id, {text: e.message, error: true});
    }
  };
  const unpublished = p.state === 'APPROVED' && !p.publishedTo && p.decidedBy === state.me.name;
  const mayDecide = p.canDecide && p.proposedBy !== state.me.name && (p.state === 'PENDING' || unpublished);
  const buttons = el('div', {class: 'actions'},
    button('proposal-approve', unpublished ? 'Publish again' : 'Approve and publish', () => decide('approve')),
    unpublished ? null : button('proposal-reject', 'Reject', () => decide('reject')));
  if (!p.canPublish) {
    buttons.querySelector('#proposal-approve').disabled = true;
    buttons.append(el('span', {class: 'muted'}, 'this console does not publish (started without --kafka)'));
  }
  const decision = mayDecide ? el('div', {id: 'proposal-decision'}, comment, buttons) : null;
  const diff = el('table', {id: 'proposal-diff'},
    el('tr', {}, el('th', {}, 'Setting'), el('th', {}, 'In force'), el('th', {}, 'Proposed')),
    ...p.diff.map(c => el('tr', {}, el('td', {}, el('code', {}, c.path)), el('td', {}, c.from ?? '-'),
      el('td', {}, c.to ?? '-'))));
  const fields = [['State', 'state'], ['Version', 'version'], ['Against', 'baseVersion'], ['Proposed by', 'proposedBy'],
    ['Proposed at', 'proposedAt'], ['Comment', 'comment'], ['Decided by', 'decidedBy'], ['Decided at', 'decidedAt'],
    ['Decision', 'decisionComment'], ['Published to', 'publishedTo']].filter(([, k]) => p[k]);
  fill(pane, 
    el('h2', {}, 'Proposal ', el('span', {id: 'proposal-id'}, p.id)),
    el('div', {class: 'actions'}, button('back-to-rules', 'All proposals', () => showRules())),
    el('dl', {}, ...fields.flatMap(([label, k]) => [el('dt', {}, label),
      el('dd', {id: 'proposal-' + k, class: k === 'state' ? 'state ' + p.state : ''}, p[k])])),
    decision, message,
    el('h3', {}, 'Settings changed'), diff,
    el('h3', {}, 'Backtest'),
    p.hasBacktest ? el('div', {},
      el('ul', {id: 'backtest-summary'}, ...p.backtestSummary.map(l => el('li', {}, l))),
      el('a', {id: 'backtest-report', href: '/rules/proposals/' + encodeURIComponent(p.id) + '/backtest',
        target: '_blank', rel: 'noopener'}, 'Backtest report'))
      : el('p', {class: 'muted'}, 'No backtest attached (rules propose --backtest INPUT...).'),
    el('h3', {}, 'Proposed file'), el('pre', {class: 'rules-file'}, p.file));
  pane.classList.remove('hidden');
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
    $('show-cases').classList.remove('hidden');
    $('show-cases').addEventListener('click', showCases);
    $('show-rules').classList.remove('hidden');
    $('show-rules').addEventListener('click', () => showRules());
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

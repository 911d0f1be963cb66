import { createHash } from 'node:crypto';
import { GOVERNANCE_SCRIPT } from './script-governance.js';
import { STYLE } from './style.js';

/**
 * The approvals dashboard: one self-contained HTML page (inline CSS and script, no build step,
 * no external requests) served at `/`. It reads `GET /_admin/dashboard`, listens to
 * `GET /_admin/events` for live changes, and acts through the admin API.
 *
 * Everything from agents (action types, parameters, comments) is inserted with `textContent`,
 * never as HTML.
 *
 * @packageDocumentation
 */

const SCRIPT = String.raw`
(() => {
  'use strict';
  const $ = (sel) => document.querySelector(sel);
  const state = { data: null, drafts: new Map(), busy: new Set() };

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function ago(iso) {
    if (!iso) return '';
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (s < 60) return s + 's ago';
    if (s < 3600) return Math.floor(s / 60) + 'm ago';
    if (s < 86400) return Math.floor(s / 3600) + 'h ago';
    return new Date(iso).toLocaleDateString();
  }
  const time = (iso) => h('span', { title: iso || '' }, ago(iso));
  const badge = (text, kind) => h('span', { class: 'badge b-' + (kind || text) }, text);

  let toastTimer;
  function toast(message, isError) {
    const t = $('#toast');
    t.textContent = message;
    t.className = 'show' + (isError ? ' error' : '');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.className = ''; }, 3500);
  }

  const reviewer = () => ($('#reviewer').value || '').trim() || 'dashboard';

  async function post(path, body) {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.detail || ('HTTP ' + res.status));
    return json;
  }

  async function decide(approval, outcome, card) {
    const id = approval.action_id;
    if (state.busy.has(id)) return;
    const comment = (state.drafts.get(id) || '').trim();
    state.busy.add(id);
    card.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      const body = { by: reviewer() };
      if (comment) { body.comment = comment; if (outcome === 'deny') body.reason = comment; }
      await post('/_admin/approvals/' + encodeURIComponent(String(id)) + '/' + outcome, body);
      card.classList.add('leaving');
      state.drafts.delete(id);
      toast((outcome === 'approve' ? 'Approved' : 'Denied') + ' action #' + id);
      refreshSoon();
    } catch (e) {
      toast('Could not ' + outcome + ' action #' + id + ': ' + e.message, true);
      card.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    } finally {
      state.busy.delete(id);
    }
  }

  function pendingCard(p) {
    const a = p.action || {};
    const id = p.action_id;
    const details = a.action_details && Object.keys(a.action_details).length ? JSON.stringify(a.action_details, null, 2) : null;
    const textarea = h('textarea', { placeholder: 'Comment for the audit trail (used as the reason when denying)', 'data-testid': 'comment-' + id, 'aria-label': 'Comment' });
    textarea.value = state.drafts.get(id) || '';
    textarea.addEventListener('input', () => state.drafts.set(id, textarea.value));
    const card = h('article', { class: 'card', 'data-id': String(id), 'data-testid': 'pending-' + id },
      h('div', { class: 'top' },
        h('span', { class: 'title' }, a.action_type || 'action'),
        h('span', { class: 'id' }, '#' + id + ' · ' + p.approval_request_id),
        a.risk_level ? badge('risk ' + a.risk_score + ' · ' + a.risk_level, a.risk_level) : null,
      ),
      h('div', { class: 'meta' },
        h('span', null, 'Agent ', h('b', null, a.agent_name || a.agent_id || '?')),
        h('span', null, 'Resource ', h('b', null, a.resource || '?')),
        a.rule_id ? h('span', null, 'Rule ', h('b', null, a.rule_id)) : null,
        p.required_approvers && p.required_approvers.length ? h('span', null, 'Approvers ', h('b', null, p.required_approvers.join(', '))) : null,
        h('span', null, 'Requested ', time(p.requested_at)),
      ),
      a.reason ? h('div', { class: 'reason' }, a.reason) : null,
      details ? h('pre', { class: 'params' }, details) : null,
    );
    const approve = h('button', { class: 'btn-approve', 'data-testid': 'approve-' + id, onclick: () => decide(p, 'approve', card) }, 'Approve');
    const deny = h('button', { class: 'btn-deny', 'data-testid': 'deny-' + id, onclick: () => decide(p, 'deny', card) }, 'Deny');
    card.append(h('div', { class: 'decide' }, textarea, approve, deny));
    return card;
  }

  function renderPending(list) {
    $('#pending-count').textContent = String(list.length);
    const box = $('#pending');
    const wanted = new Map(list.map((p) => [String(p.action_id), p]));
    for (const el of [...box.children]) {
      if (!el.dataset.id || !wanted.has(el.dataset.id)) el.remove();
    }
    const present = new Set([...box.children].map((el) => el.dataset.id));
    for (const p of list) if (!present.has(String(p.action_id))) box.append(pendingCard(p));
    if (list.length === 0) box.append(h('div', { class: 'empty', 'data-testid': 'no-pending' }, 'No pending approvals. Actions that need a human appear here the moment an agent submits them.'));
  }

  function table(head, rows, empty) {
    if (rows.length === 0) return h('div', { class: 'empty' }, empty);
    return h('table', null, h('thead', null, h('tr', null, head.map((x) => h('th', null, x)))), h('tbody', null, rows));
  }

  function renderDecisions(list) {
    $('#decisions').replaceChildren(table(['When', 'Action', 'Agent', 'Decision', 'Risk', 'By / reason'], list.map((a) =>
      h('tr', { 'data-testid': 'decision-' + a.id },
        h('td', { class: 'muted when' }, time(a.updated_at)),
        h('td', { class: 'when' }, h('span', { class: 'mono' }, '#' + a.id + ' '), a.action_type),
        h('td', { class: 'when' }, a.agent_name || a.agent_id),
        h('td', null, badge(a.decision), a.status !== 'approved' && a.status !== a.decision ? h('span', { class: 'muted' }, ' ' + a.status) : null),
        h('td', null, badge(String(a.risk_score), a.risk_level)),
        h('td', { class: 'muted' }, a.reviewed_by ? a.reviewed_by + (a.comments ? ': ' + a.comments : '') : a.reason),
      )), 'No decisions yet.'));
  }

  function renderAudit(list) {
    $('#audit').replaceChildren(table(['When', 'Event', 'Actor', 'Outcome', 'Subject'], list.map((e) =>
      h('tr', null,
        h('td', { class: 'muted when' }, time(e.timestamp)),
        h('td', { class: 'mono' }, e.event_type),
        h('td', null, e.actor || ''),
        h('td', null, e.outcome ? badge(e.outcome, ['allowed', 'approved', 'success', 'acknowledged'].includes(e.outcome) ? 'allowed' : ['denied', 'rejected', 'failure', 'expired'].includes(e.outcome) ? 'denied' : e.outcome === 'pending' ? 'pending' : 'neutral') : ''),
        h('td', { class: 'muted' }, [e.action, e.resource].filter(Boolean).join(' · ')),
      )), 'The audit log is empty.'));
  }

  function renderDeliveries(list) {
    $('#deliveries').replaceChildren(table(['Event', 'Status', 'Result'], list.map((d) => {
      const last = d.attempts[d.attempts.length - 1];
      const tries = d.attempts.length + (d.attempts.length === 1 ? ' try' : ' tries');
      const answer = last ? (last.status_code !== null ? 'HTTP ' + last.status_code : (last.error || 'no answer')) + ' · ' + last.duration_ms + ' ms' : 'queued';
      return h('tr', { 'data-testid': 'delivery-' + d.delivery_id },
        h('td', null, h('div', { class: 'mono' }, d.event_type), h('div', { class: 'sub mono', title: d.url + ' · ' + d.event_id }, d.webhook_id + ' · ' + ago(d.updated_at))),
        h('td', null, badge(d.status), d.test ? h('div', { class: 'sub' }, 'test') : null),
        h('td', { class: 'muted' }, h('div', null, answer), h('div', { class: 'sub' }, tries)),
      );
    }), 'No webhook deliveries yet. Configure one with POST /api/webhooks/configure.'));
  }

  function renderServer(s) {
    const rows = [
      ['Base URL', s.server.url],
      ['API key', s.server.default_api_key ? s.server.default_api_key + ' (default)' : 'as configured'],
      ['Storage', s.store.mode === 'journal' ? s.server.data_dir + ' · journal segment ' + s.store.segment : 'in memory'],
      ['Signatures', s.server.signing_required ? 'required (X-Signature)' : 'not required'],
      ['Admin API', s.server.admin_token_required ? 'token required' : 'open on loopback'],
      ['Memory', s.counts.held_actions + ' actions held (last ' + s.counts.retain_actions + ' settled + pending) · ' + s.counts.evicted_actions + ' evicted'],
      ['Version', s.server.version + ' · up ' + ago(s.server.started_at).replace(' ago', '')],
    ];
    $('#server').replaceChildren(...rows.map(([k, v]) => h('div', { class: 'kv' }, h('span', { class: 'k' }, k), h('span', { class: 'v mono' }, v))));
  }

  function renderAgents(list, unregistered, unregisteredTotal) {
    $('#agents-count').textContent = String(list.length);
    $('#unregistered-count').textContent = String(unregisteredTotal);
    const box = $('#agents');
    const rows = list.map((a) => h('div', { class: 'agent' },
      h('div', null, h('div', { class: 'name' }, a.display_name || a.agent_id), h('div', { class: 'sub mono' }, a.agent_id)),
      h('div', { class: 'right' }, badge(a.environment, 'neutral'), h('div', { class: 'sub' }, a.agent_type + ' · ' + ago(a.registered_at))),
    ));
    const others = unregistered.map((a) => h('div', { class: 'agent', 'data-testid': 'unregistered-agent' },
      h('div', null, h('div', { class: 'name' }, a.agent_id), h('div', { class: 'sub' }, 'acting without registering')),
      h('div', { class: 'right' }, badge('unregistered', 'pending'), h('div', { class: 'sub' }, a.actions + (a.actions === 1 ? ' action · ' : ' actions · ') + ago(a.last_seen))),
    ));
    if (rows.length === 0 && others.length === 0) { box.replaceChildren(h('div', { class: 'empty' }, 'No agents registered.')); return; }
    box.replaceChildren(...rows, ...others);
  }

  function renderKillSwitch(ks) {
    const pill = $('#ks-pill');
    pill.textContent = ks.active ? 'Kill switch ON' : 'Kill switch off';
    pill.className = 'ks-pill' + (ks.active ? ' active' : '');
    const st = $('#ks-state');
    st.className = 'state' + (ks.active ? ' active' : '');
    $('#ks-label').textContent = ks.active ? 'Active: every action is denied' : 'Inactive: actions are evaluated by policy';
    $('#ks-why').textContent = ks.active ? ((ks.reason || 'no reason given') + ' · by ' + (ks.activated_by || '?') + ' · ' + ago(ks.activated_at)) : '';
    const btn = $('#ks-toggle');
    btn.textContent = ks.active ? 'Deactivate' : 'Activate kill switch';
    btn.className = ks.active ? 'btn-secondary' : 'btn-danger';
    btn.dataset.active = String(ks.active);
  }

${GOVERNANCE_SCRIPT}  function render() {
    const d = state.data;
    if (!d) return;
    const s = d.summary;
    $('#url').textContent = s.server.url;
    $('#stat-actions').textContent = String(s.counts.last_action_id);
    $('#stat-pending').textContent = String(s.counts.pending_approvals);
    $('#stat-agents').textContent = String(s.counts.agents);
    $('#stat-deliveries').textContent = String((s.counts.deliveries.delivered || 0)) + ' / ' + String(Object.values(s.counts.deliveries).reduce((x, y) => x + y, 0));
    renderServer(s);
    renderKillSwitch(s.kill_switch);
    renderPending(d.pending);
    renderDecisions(d.decisions);
    renderAgents(d.agents, d.unregistered_agents, s.counts.unregistered_agents);
    renderAudit(d.audit);
    renderDeliveries(d.deliveries);
    renderGovernance(d.governance);
    document.title = (d.pending.length ? '(' + d.pending.length + ') ' : '') + 'ASCEND dev server';
  }

  let inflight = null;
  let again = false;
  async function refresh() {
    if (inflight) { again = true; return inflight; }
    inflight = (async () => {
      try {
        const res = await fetch('/_admin/dashboard', { headers: { accept: 'application/json' } });
        if (!res.ok) throw new Error('HTTP ' + res.status);
        state.data = await res.json();
        render();
      } catch (e) {
        toast('Could not load the dashboard: ' + e.message, true);
      }
    })();
    await inflight;
    inflight = null;
    if (again) { again = false; refresh(); }
  }
  let soon;
  function refreshSoon() { clearTimeout(soon); soon = setTimeout(refresh, 60); }

  $('#ks-toggle').addEventListener('click', async () => {
    const active = $('#ks-toggle').dataset.active !== 'true';
    const reason = $('#ks-reason').value.trim();
    if (active && !reason) { toast('Give a reason before activating the kill switch.', true); $('#ks-reason').focus(); return; }
    try {
      await post('/_admin/kill-switch', active ? { active, reason, by: reviewer() } : { active, by: reviewer() });
      $('#ks-reason').value = '';
      toast(active ? 'Kill switch activated' : 'Kill switch deactivated');
      refreshSoon();
    } catch (e) { toast('Kill switch: ' + e.message, true); }
  });

  const saved = localStorage.getItem('ascend.reviewer');
  if (saved) $('#reviewer').value = saved;
  $('#reviewer').addEventListener('change', () => localStorage.setItem('ascend.reviewer', $('#reviewer').value.trim()));

  function connect() {
    const es = new EventSource('/_admin/events');
    es.addEventListener('hello', () => { $('#live').className = 'live on'; $('#live-label').textContent = 'Live'; refresh(); });
    es.addEventListener('change', refreshSoon);
    es.onerror = () => { $('#live').className = 'live'; $('#live-label').textContent = 'Reconnecting…'; };
  }
  connect();
  refresh();
  setInterval(() => { if (state.data) render(); }, 15000);
})();
`;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The dashboard's Content-Security-Policy: only its own inline script and style (by hash), and
 * requests to its own origin.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The dashboard page. */
export function dashboardHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ASCEND dev server</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <div class="brand"><div class="mark">A</div>ASCEND</div>
  <span class="tag">dev server</span>
  <span class="url" id="url"></span>
  <div class="spacer"></div>
  <label>Reviewer <input id="reviewer" placeholder="you@example.com" autocomplete="off" data-testid="reviewer"></label>
  <span class="ks-pill" id="ks-pill">Kill switch off</span>
  <span class="live" id="live"><span class="dot"></span><span id="live-label">Connecting…</span></span>
</header>
<main>
  <div class="col">
    <div class="stats">
      <div><div class="n" id="stat-pending">0</div><div class="l">Pending approvals</div></div>
      <div><div class="n" id="stat-actions">0</div><div class="l">Actions submitted</div></div>
      <div><div class="n" id="stat-agents">0</div><div class="l">Agents</div></div>
      <div><div class="n" id="stat-deliveries">0</div><div class="l">Webhooks delivered</div></div>
    </div>
    <section class="panel">
      <h2>Pending approvals <span class="count" id="pending-count">0</span><span class="hint">Live · newest at the bottom</span></h2>
      <div class="cards" id="pending" data-testid="pending-list"></div>
    </section>
    <section class="panel">
      <h2>Recent decisions</h2>
      <div class="scroll" id="decisions"></div>
    </section>
    <section class="panel">
      <h2>MCP servers <span class="count" id="mcp-count">0</span><span class="hint">Submits naming one (mcp_server_name) are checked here</span></h2>
      <div class="body mcp-register">
        <input id="mcp-new-name" placeholder="Server name, e.g. filesystem" aria-label="New MCP server name" autocomplete="off" data-testid="mcp-new-name">
        <input id="mcp-new-blocked" placeholder="Blocked tools, comma-separated" aria-label="Blocked tools of the new server" autocomplete="off" data-testid="mcp-new-blocked">
        <button id="mcp-register" class="btn-secondary" data-testid="mcp-register">Register</button>
      </div>
      <div id="mcp-servers" data-testid="mcp-servers"></div>
    </section>
    <section class="panel">
      <h2>Orchestration<span class="hint">Topologies and sessions</span></h2>
      <div class="scroll" id="orchestration"></div>
    </section>
    <section class="panel">
      <h2>Output filter findings <span class="count" id="findings-count">0</span></h2>
      <div class="scroll" id="findings"></div>
    </section>
    <section class="panel">
      <h2>Audit log<span class="hint">Also at GET /audit/logs</span></h2>
      <div class="scroll" id="audit"></div>
    </section>
  </div>
  <div class="col">
    <section class="panel">
      <h2>Kill switch</h2>
      <div class="body ks">
        <div class="state" id="ks-state"><span class="light"></span><span id="ks-label">Inactive</span></div>
        <div class="why" id="ks-why"></div>
        <div class="row">
          <input id="ks-reason" placeholder="Reason, e.g. Incident INC-42" data-testid="kill-switch-reason" aria-label="Kill switch reason">
          <button id="ks-toggle" class="btn-danger" data-testid="kill-switch-toggle">Activate kill switch</button>
        </div>
        <div class="why">The same switch as the API's POST /api/billing/kill-switch/{org}/trigger and /release.</div>
      </div>
    </section>
    <section class="panel">
      <h2>Models<span class="hint">What a submit's model_id is checked against</span></h2>
      <div id="models"></div>
    </section>
    <section class="panel">
      <h2>Refused at submit <span class="count" id="refusals-count">0</span><span class="hint">403 by the MCP or model registry</span></h2>
      <div class="scroll" id="refusals"></div>
    </section>
    <section class="panel">
      <h2>Supply chain and alerts</h2>
      <div class="scroll" id="supply-chain"></div>
    </section>
    <section class="panel">
      <h2>Server</h2>
      <div class="body" id="server"></div>
    </section>
    <section class="panel">
      <h2>Agents <span class="count" id="agents-count">0</span><span class="hint">Unregistered: <span id="unregistered-count" data-testid="unregistered-count">0</span></span></h2>
      <div id="agents"></div>
    </section>
    <section class="panel">
      <h2>Webhook deliveries<span class="hint">Signed · retried with backoff</span></h2>
      <div class="scroll" id="deliveries"></div>
    </section>
  </div>
</main>
<div id="toast" role="status" aria-live="polite"></div>
<script>${SCRIPT}</script>
</body>
</html>`;
}

/** The page shown when an admin token is required and missing. */
export function loginHtml(wrongToken: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ASCEND dev server</title>
<style>body{font:15px/1.5 system-ui,sans-serif;background:#f5f6f8;color:#101828;display:grid;place-items:center;min-height:100vh;margin:0}
form{background:#fff;border:1px solid #e4e7ec;border-radius:10px;padding:28px;width:360px;box-shadow:0 1px 2px rgba(16,24,40,.05)}
h1{font-size:18px;margin:0 0 6px}p{color:#667085;font-size:13px;margin:0 0 16px}input{width:100%;box-sizing:border-box;padding:9px 10px;border:1px solid #d0d5dd;border-radius:6px;font:inherit}
button{margin-top:12px;width:100%;padding:9px;border:0;border-radius:6px;background:#4338ca;color:#fff;font-weight:600;font:inherit;cursor:pointer}.err{color:#b42318}</style></head>
<body><form method="get" action="/"><h1>ASCEND dev server</h1>
<p>This server requires the admin token it printed at start (<code>--admin-token</code>).</p>
${wrongToken ? '<p class="err">That token is not valid.</p>' : ''}
<input type="password" name="token" placeholder="Admin token" autofocus aria-label="Admin token"><button type="submit">Open dashboard</button></form></body></html>`;
}

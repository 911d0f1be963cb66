import { createHash } from 'node:crypto';

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

const STYLE = String.raw`
:root {
  --bg: #f5f6f8; --panel: #ffffff; --line: #e4e7ec; --line-soft: #eef0f3;
  --text: #101828; --muted: #667085; --faint: #98a2b3;
  --accent: #4338ca; --accent-soft: #eef2ff;
  --ok: #067647; --ok-soft: #ecfdf3; --bad: #b42318; --bad-soft: #fef3f2;
  --warn: #b54708; --warn-soft: #fffaeb; --info-soft: #f0f9ff; --info: #026aa2;
  --radius: 10px; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { position: sticky; top: 0; z-index: 5; display: flex; align-items: center; gap: 16px; padding: 12px 24px; background: #0f172a; color: #e2e8f0; }
header .brand { display: flex; align-items: center; gap: 10px; font-weight: 650; letter-spacing: .02em; color: #fff; }
header .brand .mark { width: 26px; height: 26px; border-radius: 7px; background: linear-gradient(135deg, #6366f1, #22d3ee); display: grid; place-items: center; font-size: 13px; color: #fff; }
header .tag { font-size: 11px; font-weight: 600; padding: 2px 8px; border-radius: 999px; background: #1e293b; color: #94a3b8; text-transform: uppercase; letter-spacing: .06em; }
header .url { font-family: var(--mono); font-size: 12px; color: #94a3b8; }
header .spacer { flex: 1; }
header label { font-size: 12px; color: #94a3b8; display: flex; align-items: center; gap: 8px; }
header input { background: #1e293b; border: 1px solid #334155; color: #e2e8f0; border-radius: 6px; padding: 5px 8px; font-size: 12px; width: 170px; }
.live { display: flex; align-items: center; gap: 6px; font-size: 12px; color: #94a3b8; }
.live .dot { width: 8px; height: 8px; border-radius: 50%; background: #f59e0b; }
.live.on .dot { background: #22c55e; box-shadow: 0 0 0 3px rgba(34,197,94,.18); }
.ks-pill { font-size: 12px; font-weight: 600; padding: 4px 10px; border-radius: 999px; background: #14532d; color: #bbf7d0; }
.ks-pill.active { background: #7f1d1d; color: #fecaca; }
main { display: grid; grid-template-columns: minmax(0, 1.65fr) minmax(320px, 1fr); gap: 20px; padding: 20px 24px 40px; max-width: 1500px; margin: 0 auto; }
.col { display: flex; flex-direction: column; gap: 20px; min-width: 0; }
section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: 0 1px 2px rgba(16,24,40,.04); min-width: 0; }
.panel > h2 { display: flex; align-items: center; gap: 8px; margin: 0; padding: 14px 16px; font-size: 13px; font-weight: 650; text-transform: uppercase; letter-spacing: .05em; color: #344054; border-bottom: 1px solid var(--line-soft); }
.panel > h2 .count { font-size: 12px; font-weight: 600; color: var(--muted); background: var(--line-soft); border-radius: 999px; padding: 1px 8px; text-transform: none; letter-spacing: 0; }
.panel > h2 .hint { margin-left: auto; font-weight: 400; text-transform: none; letter-spacing: 0; color: var(--faint); font-size: 12px; }
.panel .body { padding: 14px 16px; }
.empty { color: var(--muted); padding: 22px 16px; text-align: center; font-size: 13px; }
.cards { display: flex; flex-direction: column; gap: 12px; padding: 14px 16px; }
.card { border: 1px solid var(--line); border-left: 4px solid #f59e0b; border-radius: 8px; padding: 14px 16px; background: #fff; transition: opacity .2s; }
.card.leaving { opacity: .35; }
.card .top { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
.card .title { font-size: 15px; font-weight: 650; }
.card .id { font-family: var(--mono); font-size: 12px; color: var(--muted); }
.card .meta { display: flex; gap: 18px; flex-wrap: wrap; margin: 8px 0 10px; font-size: 12.5px; color: var(--muted); }
.card .meta b { color: var(--text); font-weight: 550; }
.card .reason { font-size: 13px; margin-bottom: 8px; }
pre.params { margin: 0 0 12px; padding: 10px 12px; background: #f8fafc; border: 1px solid var(--line-soft); border-radius: 6px; font: 12px/1.5 var(--mono); max-height: 160px; overflow: auto; white-space: pre-wrap; word-break: break-word; }
.decide { display: flex; gap: 8px; align-items: stretch; }
.decide textarea { flex: 1; min-height: 38px; height: 38px; resize: vertical; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; font: inherit; font-size: 13px; }
.decide textarea:focus, .ks input:focus { outline: 2px solid var(--accent-soft); border-color: #a5b4fc; }
button { font: inherit; font-size: 13px; font-weight: 600; border-radius: 6px; padding: 8px 14px; cursor: pointer; border: 1px solid transparent; white-space: nowrap; }
button:disabled { opacity: .55; cursor: progress; }
.btn-approve { background: var(--ok); color: #fff; }
.btn-approve:hover:not(:disabled) { background: #05603a; }
.btn-deny { background: #fff; color: var(--bad); border-color: #fda29b; }
.btn-deny:hover:not(:disabled) { background: var(--bad-soft); }
.btn-danger { background: var(--bad); color: #fff; }
.btn-secondary { background: #fff; color: #344054; border-color: var(--line); }
.badge { display: inline-block; font-size: 11.5px; font-weight: 600; padding: 2px 8px; border-radius: 999px; white-space: nowrap; }
.b-allowed, .b-delivered, .b-approved { background: var(--ok-soft); color: var(--ok); }
.b-denied, .b-failed, .b-rejected, .b-expired { background: var(--bad-soft); color: var(--bad); }
.b-pending, .b-delivering { background: var(--warn-soft); color: var(--warn); }
.b-low { background: var(--ok-soft); color: var(--ok); }
.b-medium { background: var(--warn-soft); color: var(--warn); }
.b-high { background: #fff4ed; color: #c4320a; }
.b-critical { background: var(--bad-soft); color: var(--bad); }
.b-neutral { background: var(--line-soft); color: #475467; }
table { width: 100%; border-collapse: collapse; font-size: 12.5px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 11.5px; text-transform: uppercase; letter-spacing: .04em; padding: 8px 16px; background: #fafbfc; border-bottom: 1px solid var(--line-soft); }
td { padding: 8px 16px; border-bottom: 1px solid var(--line-soft); vertical-align: top; }
tr:last-child td { border-bottom: 0; }
td.mono, .mono { font-family: var(--mono); font-size: 12px; }
td.muted { color: var(--muted); }
.scroll { max-height: 420px; overflow: auto; }
.ks { display: flex; flex-direction: column; gap: 10px; }
.ks .state { display: flex; align-items: center; gap: 10px; font-weight: 600; }
.ks .state .light { width: 10px; height: 10px; border-radius: 50%; background: #22c55e; }
.ks .state.active .light { background: #ef4444; box-shadow: 0 0 0 4px rgba(239,68,68,.15); }
.ks .why { color: var(--muted); font-size: 12.5px; }
.ks .row { display: flex; gap: 8px; }
.ks input { flex: 1; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; font: inherit; font-size: 13px; }
.stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1px; background: var(--line-soft); border-radius: var(--radius); overflow: hidden; border: 1px solid var(--line); }
.stats div { background: #fff; padding: 12px 14px; }
.stats .n { font-size: 20px; font-weight: 650; }
.stats .l { font-size: 11.5px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.agent { display: flex; justify-content: space-between; gap: 10px; padding: 9px 16px; border-bottom: 1px solid var(--line-soft); font-size: 13px; }
.agent:last-child { border-bottom: 0; }
.agent .name { font-weight: 600; }
.agent .sub { color: var(--muted); font-size: 12px; }
.right { text-align: right; }
.sub { color: var(--muted); font-size: 11.5px; margin-top: 2px; }
.kv { display: flex; justify-content: space-between; gap: 12px; padding: 5px 0; font-size: 12.5px; border-bottom: 1px dashed var(--line-soft); }
.kv:last-child { border-bottom: 0; }
.kv .k { color: var(--muted); white-space: nowrap; }
.kv .v { text-align: right; word-break: break-all; }
td.when { white-space: nowrap; }
#toast { position: fixed; right: 20px; bottom: 20px; max-width: 420px; padding: 10px 14px; border-radius: 8px; background: #101828; color: #fff; font-size: 13px; opacity: 0; transform: translateY(8px); transition: all .2s; pointer-events: none; }
#toast.show { opacity: 1; transform: none; }
#toast.error { background: var(--bad); }
.mcp-register { display: flex; gap: 8px; flex-wrap: wrap; border-bottom: 1px solid var(--line-soft); }
.mcp-register input, .mcp .act input { flex: 1; min-width: 140px; border: 1px solid var(--line); border-radius: 6px; padding: 7px 10px; font: inherit; font-size: 13px; }
.mcp { padding: 12px 16px; border-bottom: 1px solid var(--line-soft); display: flex; flex-direction: column; gap: 6px; }
.mcp:last-child { border-bottom: 0; }
.mcp .top { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.mcp .name { font-weight: 650; word-break: break-all; }
.mcp .why { color: var(--bad); font-size: 12.5px; }
.mcp .tools { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; font-size: 12.5px; color: var(--muted); }
.chip { display: inline-flex; align-items: center; gap: 4px; font: 12px var(--mono); background: var(--bad-soft); color: var(--bad); border-radius: 999px; padding: 2px 4px 2px 9px; }
.chip button { padding: 0 6px; font-size: 12px; line-height: 16px; background: transparent; color: var(--bad); border: 0; }
.mcp .act { display: flex; gap: 8px; flex-wrap: wrap; }
.mcp .act button { padding: 6px 12px; }
.subhead { font-size: 11.5px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; padding: 10px 16px 4px; }
.note { color: var(--muted); font-size: 12px; padding: 0 16px 12px; }
@media (max-width: 1000px) { main { grid-template-columns: 1fr; } .stats { grid-template-columns: repeat(2, 1fr); } }
`;

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

  // Governance (2.5): MCP registry, models, orchestration, output filter, supply chain, alerts.
  // A panel is rebuilt only when its data changed, so what a reviewer types survives live updates.
  const lastShown = new Map();
  const inputs = new Map();
  function changed(key, value) {
    const json = JSON.stringify(value);
    if (lastShown.get(key) === json) return false;
    lastShown.set(key, json);
    return true;
  }
  function draftInput(key, attrs) {
    const el = h('input', attrs);
    el.value = inputs.get(key) || '';
    el.addEventListener('input', () => inputs.set(key, el.value));
    return el;
  }
  const levelKind = (level) => ['low', 'medium', 'high', 'critical'].includes(level) ? level : 'neutral';

  async function mcpAction(name, change, body, done) {
    try {
      await post('/_admin/mcp-servers/' + encodeURIComponent(name) + '/' + change, Object.assign({ by: reviewer() }, body));
      if (done) done();
      toast({ activate: 'Activated ', deactivate: 'Deactivated ', 'block-tool': 'Blocked ' + (body.tool || '') + ' on ', 'unblock-tool': 'Unblocked ' + (body.tool || '') + ' on ' }[change] + name);
      refreshSoon();
    } catch (e) { toast('MCP server ' + name + ': ' + e.message, true); }
  }

  function mcpServerRow(s) {
    const n = s.server_name;
    const toolKey = 'tool:' + n;
    const reasonKey = 'reason:' + n;
    const tool = draftInput(toolKey, { placeholder: 'Tool to block, e.g. delete_file', 'aria-label': 'Tool to block on ' + n, 'data-testid': 'mcp-tool-' + n });
    const reason = draftInput(reasonKey, { placeholder: 'Reason for deactivating', 'aria-label': 'Reason for deactivating ' + n, 'data-testid': 'mcp-reason-' + n });
    const block = h('button', { class: 'btn-secondary', 'data-testid': 'mcp-block-' + n, onclick: () => {
      const t = tool.value.trim();
      if (!t) { toast('Name the tool to block.', true); tool.focus(); return; }
      mcpAction(n, 'block-tool', { tool: t }, () => inputs.delete(toolKey));
    } }, 'Block tool');
    const toggle = s.is_active
      ? h('button', { class: 'btn-deny', 'data-testid': 'mcp-deactivate-' + n, onclick: () => {
          const r = reason.value.trim();
          mcpAction(n, 'deactivate', r ? { reason: r } : {}, () => inputs.delete(reasonKey));
        } }, 'Deactivate')
      : h('button', { class: 'btn-approve', 'data-testid': 'mcp-activate-' + n, onclick: () => mcpAction(n, 'activate', {}) }, 'Activate');
    const chips = s.blocked_tools.map((t) => h('span', { class: 'chip' }, t,
      h('button', { title: 'Unblock ' + t, 'aria-label': 'Unblock ' + t + ' on ' + n, 'data-testid': 'mcp-unblock-' + n + '-' + t, onclick: () => mcpAction(n, 'unblock-tool', { tool: t }) }, '×')));
    return h('div', { class: 'mcp', 'data-testid': 'mcp-server-' + n },
      h('div', { class: 'top' },
        h('span', { class: 'name' }, n),
        s.display_name ? h('span', { class: 'muted' }, s.display_name) : null,
        badge(s.is_active ? 'active' : 'deactivated', s.is_active ? 'allowed' : 'denied'),
        badge('health: ' + s.health, s.health === 'healthy' ? 'allowed' : 'neutral'),
        badge(s.governance_enabled ? 'governed' : 'governance off', s.governance_enabled ? 'neutral' : 'pending'),
        h('span', { class: 'id' }, '#' + s.id),
      ),
      h('div', { class: 'sub' }, [s.transport_type, s.server_url, 'registered ' + ago(s.registered_at)].filter(Boolean).join(' · ')),
      s.description ? h('div', { class: 'sub' }, s.description) : null,
      s.is_active ? null : h('div', { class: 'why', 'data-testid': 'mcp-why-' + n }, 'Deactivated: submits naming it get 403' + (s.deactivation_reason ? ' · ' + s.deactivation_reason : '')),
      h('div', { class: 'tools' }, 'Blocked tools:', chips.length ? chips : h('span', null, 'none')),
      h('div', { class: 'act' }, tool, block, reason, toggle),
    );
  }

  function renderMcp(list) {
    $('#mcp-count').textContent = String(list.length);
    if (!changed('mcp', list)) return;
    $('#mcp-servers').replaceChildren(...(list.length ? list.map(mcpServerRow)
      : [h('div', { class: 'empty' }, 'No MCP server registered: a submit naming one gets 403 MCP_SERVER_UNREGISTERED_DENY. Register one above, with --mcp-server NAME, or POST /api/registry/mcp-servers.')]));
  }

  function renderModels(m) {
    if (!changed('models', m)) return;
    $('#models').replaceChildren(m.checked
      ? table(['Model', 'Compliance', 'Submits'], m.models.map((x) => h('tr', { 'data-testid': 'model-' + x.model_id },
          h('td', { class: 'mono' }, x.model_id),
          h('td', null, badge(x.compliance_status, x.compliant ? 'allowed' : 'denied')),
          h('td', { class: 'muted' }, x.compliant ? 'pass' : '403 MODEL_NON_COMPLIANT_DENY'),
        )), 'An empty registry: every model_id gets 403 MODEL_NOT_REGISTERED_DENY.')
      : h('div', { class: 'empty' }, 'model_id is not checked: every model passes. Start ascend-dev with --compliant-models ID,... or --model ID=STATUS.'));
  }

  function renderOrchestration(g) {
    if (!changed('orchestration', [g.topologies, g.sessions, g.sessions_total, g.mcp_servers.map((s) => [s.id, s.server_name])])) return;
    const names = new Map(g.mcp_servers.map((s) => [s.id, s.server_name]));
    $('#orchestration').replaceChildren(
      h('div', { class: 'subhead' }, 'Topologies'),
      table(['Orchestrator', 'Workers', 'MCP servers', 'Updated'], g.topologies.map((t) => h('tr', { 'data-testid': 'topology-' + t.orchestrator_agent_id },
        h('td', { class: 'mono' }, t.orchestrator_agent_id),
        h('td', null, t.worker_agent_ids ? t.worker_agent_ids.join(', ') : '—'),
        h('td', null, t.mcp_server_ids ? t.mcp_server_ids.map((id) => names.get(id) || ('#' + id)).join(', ') : '—'),
        h('td', { class: 'muted when' }, time(t.updated_at)),
      )), 'No topology registered (POST /api/v1/orchestration/topology).'),
      h('div', { class: 'subhead' }, 'Sessions' + (g.sessions_total > g.sessions.length ? ' (' + g.sessions.length + ' of ' + g.sessions_total + ')' : '')),
      table(['Session', 'Agents', 'Actions', 'Cumulative risk', 'Last activity'], g.sessions.map((x) => h('tr', { 'data-testid': 'session-' + x.session_id },
        h('td', { class: 'mono' }, x.session_id),
        h('td', null, x.agents.join(', ')),
        h('td', null, String(x.action_count), x.denied_count ? h('span', { class: 'muted' }, ' · ' + x.denied_count + ' denied') : null),
        h('td', null, badge(x.cumulative_risk_score + ' · ' + x.risk_level, levelKind(x.risk_level)), h('span', { class: 'muted' }, ' max ' + x.max_risk_score)),
        h('td', { class: 'muted when' }, time(x.last_activity_at)),
      )), 'No session yet: actions submitted with an orchestration_session_id appear here.'),
    );
  }

  function renderFindings(g) {
    $('#findings-count').textContent = String(g.findings_total);
    if (!changed('findings', g.findings)) return;
    $('#findings').replaceChildren(table(['When', 'Agent', 'Finding', 'Severity', 'Action'], g.findings.map((f) => h('tr', { 'data-testid': 'finding-' + f.id },
      h('td', { class: 'muted when' }, time(f.created_at)),
      h('td', null, f.agent_id),
      h('td', null, h('span', { class: 'mono' }, f.pattern), h('span', { class: 'muted' }, ' · ' + f.category)),
      h('td', null, badge(f.severity, levelKind(f.severity))),
      h('td', { class: 'mono' }, f.action_id === null ? '—' : '#' + f.action_id),
    )), 'No finding: agents scan their output with POST /api/v1/output-filter/scan.'));
  }

  function renderSupplyChain(g) {
    if (!changed('supply', [g.components, g.components_total, g.alerts])) return;
    $('#supply-chain').replaceChildren(
      h('div', { class: 'subhead' }, 'Components' + (g.components_total > g.components.length ? ' (' + g.components.length + ' of ' + g.components_total + ')' : '')),
      table(['Component', 'Type', 'Risk', 'Provenance'], g.components.map((c) => h('tr', null,
        h('td', null, h('div', null, c.component_name), h('div', { class: 'sub mono' }, c.component_id)),
        h('td', null, c.component_type),
        h('td', null, badge(c.risk_level, levelKind(c.risk_level))),
        h('td', { class: 'muted' }, c.provenance_verified ? 'verified' : 'unverified'),
      )), 'No component registered (POST /api/v1/supply-chain/components).'),
      h('div', { class: 'subhead' }, 'Alerts'),
      table(['When', 'Agent', 'Action', 'Severity'], g.alerts.map((a) => h('tr', { 'data-testid': 'alert-' + a.id },
        h('td', { class: 'muted when' }, time(a.timestamp)),
        h('td', null, a.agent_id),
        h('td', null, h('span', { class: 'mono' }, '#' + a.action_id + ' '), a.action_type, h('span', { class: 'muted' }, ' on ' + a.resource)),
        h('td', null, badge(a.severity + ' · ' + a.risk_score, levelKind(a.severity))),
      )), 'No alert: actions with a risk score of 90 or more raise one.'),
    );
  }

  function renderRefusals(list) {
    $('#refusals-count').textContent = String(list.length);
    if (!changed('refusals', list)) return;
    $('#refusals').replaceChildren(table(['When', 'Refusal (403)', 'Server or model'], list.map((r) => h('tr', { 'data-testid': 'refusal' },
      h('td', { class: 'muted when' }, time(r.timestamp)),
      h('td', null, h('div', { class: 'mono' }, r.code), h('div', { class: 'sub' }, r.action_type || '')),
      h('td', { class: 'mono' }, r.subject || '—'),
    )), 'No submit refused by the MCP or model registry.'));
  }

  function renderGovernance(g) {
    renderMcp(g.mcp_servers);
    renderModels(g.models);
    renderOrchestration(g);
    renderFindings(g);
    renderSupplyChain(g);
    renderRefusals(g.refusals);
  }

  $('#mcp-register').addEventListener('click', async () => {
    const name = $('#mcp-new-name').value.trim();
    if (!name) { toast('Name the MCP server to register.', true); $('#mcp-new-name').focus(); return; }
    const blocked = $('#mcp-new-blocked').value.split(',').map((t) => t.trim()).filter(Boolean);
    try {
      await post('/_admin/mcp-servers', { server_name: name, blocked_tools: blocked, by: reviewer() });
      $('#mcp-new-name').value = '';
      $('#mcp-new-blocked').value = '';
      toast('Registered MCP server ' + name);
      refreshSoon();
    } catch (e) { toast('Register ' + name + ': ' + e.message, true); }
  });

  function render() {
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

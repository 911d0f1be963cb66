/**
 * The governance panels of the dashboard's script (the 2.5 state: MCP registry, models,
 * orchestration, output filter, supply chain, alerts). It is spliced into the page's one inline
 * script (`page.ts`), inside the same function scope: it uses the helpers defined before it there
 * (`h`, `table`, `badge`, `toast`, `state`, `act` …) and defines `renderGovernance`, which
 * `render()` calls.
 * @internal
 */
export const GOVERNANCE_SCRIPT = String.raw`
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

`;

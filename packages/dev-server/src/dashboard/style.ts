/**
 * The dashboard's stylesheet, inlined into the page and allowed by its hash in the
 * Content-Security-Policy (`page.ts`).
 * @internal
 */
export const STYLE = String.raw`
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

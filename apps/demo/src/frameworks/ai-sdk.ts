/**
 * The Vercel AI SDK scenario: a support chat whose tools are governed by `@ascend/ai-sdk`, with
 * refunds that need a human going through the SDK's own tool-approval flow (the user approves in
 * the chat; the ASCEND reviewer still decides). AI SDK 7 needs Node >= 22 and the demo runs on
 * Node 20, so the chat runs in a Node 24 child process (`ai-sdk-agent.mjs`) against the same dev
 * server; this module starts it and narrates its lines.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Reporter } from '../reporter.js';

const NODE24 = fileURLToPath(new URL('../../node_modules/node24/bin/node', import.meta.url));
// The same path from src/ (tests) and dist/ (the built demo).
const AGENT = fileURLToPath(new URL('../../src/frameworks/ai-sdk-agent.mjs', import.meta.url));
const KILL_AFTER_MS = 60_000;

/** Runs the AI SDK chat against the dev server; resolves to its outcomes by label. */
export async function runAiSdkScenario(server: { url: string; apiKey: string }, signingSecret: string, r: Reporter): Promise<Record<string, string>> {
  r.note('AI SDK 7 needs Node >= 22: this chat runs in a Node 24 child process against the same dev server');
  const child = spawn(NODE24, [AGENT, JSON.stringify({ baseUrl: server.url, apiKey: server.apiKey, signingSecret })], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '' },
  });
  let stderr = '';
  let buffer = '';
  let outcomes: Record<string, string> | undefined;
  const relay = (line: string) => {
    if (line.trim() === '') return;
    try {
      const msg = JSON.parse(line) as { kind?: keyof Reporter; text?: string; outcomes?: Record<string, string> };
      if (msg.outcomes) outcomes = msg.outcomes;
      else if (msg.kind && typeof msg.text === 'string' && msg.kind in r) r[msg.kind](msg.text);
    } catch {
      r.note(line);
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    lines.forEach(relay);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  relay(buffer);
  if (code !== 0 || !outcomes) throw new Error(`the AI SDK chat (Node 24) ended with ${String(code)}: ${stderr.slice(0, 2000)}`);
  return outcomes;
}

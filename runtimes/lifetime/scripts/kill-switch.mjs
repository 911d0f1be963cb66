// Scenario "kill-switch": the client polls the kill switch. One decision is made, then an
// admin activates the kill switch; the script keeps asking (a bounded number of times, a short
// pause between) until evaluateAction throws KILL_SWITCH_ACTIVE before any I/O. Decisions the
// service denied meanwhile (it denies every submit while the switch is on) are counted.
// With config.close false, the script never calls close(): the live polling must not keep the
// process alive.
// Written as a user writes it (ESM, top-level await); the suite derives the CommonJS and the
// plain main() shapes from this file. Never calls process.exit: it must end by itself.
import { AscendClient, isAscendError } from '@ascend/node';

const config = JSON.parse(process.argv[2] ?? '{}');
const report = (fields) => console.log(JSON.stringify({ lifetime: 'kill-switch', ...fields }));
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const client = new AscendClient({
  baseUrl: config.baseUrl,
  apiKey: config.apiKey,
  agentId: 'lifetime-bot',
  env: {},
  killSwitch: { poll: true, intervalMs: config.intervalMs },
  ...config.clientOptions,
});
const request = { actionType: 'lifetime.kill', resource: 'lifetime_db', parameters: { run: config.run } };
try {
  const first = await client.evaluateAction(request);
  let deniedMeanwhile = 0;
  let outcome = 'never-blocked';
  let code;
  for (let i = 0; i < config.attempts; i++) {
    await pause(config.pauseMs);
    try {
      const decision = await client.evaluateAction(request);
      if (decision.decision === 'denied') deniedMeanwhile++;
      else if (decision.decision !== 'pending') outcome = `decision:${decision.decision}`;
    } catch (error) {
      if (!isAscendError(error, 'KILL_SWITCH_ACTIVE')) throw error;
      outcome = 'blocked';
      code = error.code;
      break;
    }
  }
  report({ outcome, code, first: first.decision, deniedMeanwhile, polling: client.status().killSwitch.polling });
} catch (error) {
  report({ outcome: 'error', code: isAscendError(error) ? error.code : String(error) });
  process.exitCode = 1;
} finally {
  if (config.close !== false) await client.close();
}

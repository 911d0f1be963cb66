/**
 * The journal writes the fake's changes as they come: one entry per changed record a round (its
 * latest state), removals after the record's last write, and a replay of the lines rebuilds the
 * fake's state, counters included.
 */
import { createFakeAscend } from '@ascend/testing';
import { describe, expect, it } from 'vitest';
import { ChangeJournal } from './change-journal.js';
import { applyJournalEntry, emptyReplayState, snapshotFromState, type JournalEntry } from './journal-entry.js';

const LIMITS = { audit: 10_000, idempotencyKeys: 1000, deliveries: 100 };
const submit = { agent_id: 'a', agent_name: 'A', action_type: 'financial.refund', resource: 'stripe_api' };

function lines(text: string): JournalEntry[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JournalEntry);
}

describe('ChangeJournal', () => {
  it('writes each changed record once a round, in its latest state, and replays to the same state', async () => {
    const fake = createFakeAscend({ limits: { actions: 1 } });
    let dirty = 0;
    const journal = new ChangeJournal(fake, () => dirty++);
    const post = (path: string, body: unknown) => fake.handle({ method: 'POST', path, headers: { 'x-api-key': fake.apiKey }, body: JSON.stringify(body) });
    await post('/api/registry/agents', { agent_id: 'x', display_name: 'X', agent_type: 'supervised' });
    await fake.handle({ method: 'DELETE', path: '/api/registry/agents/x', headers: { 'x-api-key': fake.apiKey } });
    await post('/api/registry/agents', { agent_id: 'x', display_name: 'X again', agent_type: 'supervised' });
    await post('/api/v1/actions/submit', { ...submit, action_details: { amount: 400 } });
    fake.approve(1, { by: 'ciso' });
    // Action 2 evicts action 1 (limit 1): its last state is written, then its removal.
    await post('/api/v1/actions/submit', { ...submit, action_details: { amount: 1 } });
    expect(dirty).toBe(1);

    const entries = lines(journal.drain().text);
    expect(journal.hasPending()).toBe(false);
    const keys = entries.map((e) => ('id' in e ? `${e.k}${String(e.id)}` : e.k));
    expect(keys.filter((k) => k !== 'audit')).toEqual(['agent-x', 'agent', 'approval', 'action', 'counters', 'action', 'approval-apr_1', 'action-1']);
    expect(entries.find((e) => e.k === 'action')).toMatchObject({ v: { id: 1, decision: 'allowed', reviewedBy: 'ciso' } });
    expect(entries.find((e) => e.k === 'agent')).toMatchObject({ v: { agentId: 'x', displayName: 'X again', id: 2 } });

    const state = emptyReplayState();
    for (const e of entries) applyJournalEntry(state, e);
    const { snapshot } = snapshotFromState(state, LIMITS, []);
    const live = fake.snapshot();
    expect(snapshot.counters).toEqual(live.counters);
    expect(snapshot.agents).toEqual(live.agents);
    expect(snapshot.actions).toEqual(live.actions);
    expect(snapshot.approvals).toEqual(live.approvals);
    expect(snapshot.audit).toEqual(live.audit);
    journal.detach();
  });

  it('a reset voids the round before it; a restore writes the whole state', () => {
    const fake = createFakeAscend();
    const journal = new ChangeJournal(fake, () => undefined);
    fake.setKillSwitch(true);
    fake.reset();
    expect(lines(journal.drain().text)).toEqual([{ k: 'reset' }, { k: 'counters', v: expect.objectContaining({ action: 0 }) }]);
    fake.setKillSwitch(true);
    const snapshot = fake.snapshot();
    fake.reset();
    fake.restore(snapshot);
    const entries = lines(journal.drain().text);
    expect(entries[0]).toEqual({ k: 'reset' });
    expect(entries).toContainEqual({ k: 'killSwitch', v: expect.objectContaining({ active: true }) });
    expect(entries).toContainEqual({ k: 'command', v: expect.objectContaining({ commandType: 'BLOCK' }) });
    journal.detach();
  });
});

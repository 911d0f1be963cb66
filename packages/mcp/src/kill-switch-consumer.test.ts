import { describe, expect, it } from 'vitest';
import { McpKillSwitchConsumer } from './kill-switch-consumer.js';

const block = { target_type: 'mcp_server', command_type: 'BLOCK', target_mcp_server_config_id: 42, parameters: { mcp_server: 'fs-server' } };

describe('McpKillSwitchConsumer', () => {
  it('applies BLOCK and UNBLOCK by name and by config id; numeric and string ids are the same', () => {
    const ks = new McpKillSwitchConsumer();
    expect(ks.apply(block)).toEqual({ applied: true, command: 'BLOCK', serverName: 'fs-server', configId: '42' });
    expect(ks.isBlocked('fs-server')).toBe(true);
    expect(ks.isBlocked(undefined, 42)).toBe(true);
    expect(ks.isBlocked('other', '42')).toBe(true);
    expect(ks.isBlocked('other', 43)).toBe(false);
    expect(ks.blockedServers).toEqual(['fs-server']);
    expect(ks.blockedConfigIds).toEqual(['42']);

    ks.apply({ ...block, command_type: 'unblock', target_mcp_server_config_id: '42' });
    expect(ks.isBlocked('fs-server', 42)).toBe(false);
  });

  it('reads the name from parameters, else the top level, and keeps the reason', () => {
    const ks = new McpKillSwitchConsumer();
    ks.apply({ target_type: 'mcp_server', command_type: 'block', mcp_server: 'db', reason: 'INC-9' });
    expect(ks.isBlocked('db')).toBe(true);
    expect(ks.blockReason('db')).toBe('INC-9');
  });

  it('ignores other targets, unknown commands and malformed input without throwing', () => {
    const ks = new McpKillSwitchConsumer();
    const ignored = [
      null,
      undefined,
      42,
      'not json',
      '[]',
      { command_type: 'BLOCK', parameters: { mcp_server: 'fs-server' } }, // target defaults to agent
      { ...block, target_type: 'agent' },
      { ...block, command_type: 'RESTART' },
      { ...block, command_type: 7 },
      { target_type: 'mcp_server', command_type: 'BLOCK' },
    ];
    for (const m of ignored) expect(ks.apply(m).applied).toBe(false);
    expect(ks.blockedServers).toEqual([]);
  });

  it('accepts a JSON body and an SNS notification envelope', () => {
    const ks = new McpKillSwitchConsumer();
    ks.apply(JSON.stringify(block));
    expect(ks.isBlocked('fs-server')).toBe(true);
    ks.reset();
    expect(ks.isBlocked('fs-server', 42)).toBe(false);
    ks.apply({ Type: 'Notification', Message: JSON.stringify({ ...block, parameters: { mcp_server: 'crm' } }) });
    expect(ks.blockedServers).toEqual(['crm']);
  });

  it('blockedServers is a copy; a throwing onChange listener does not undo the change', () => {
    const ks = new McpKillSwitchConsumer({
      onChange: () => {
        throw new Error('listener bug');
      },
    });
    ks.apply(block);
    ks.blockedServers.push('mutated');
    expect(ks.blockedServers).toEqual(['fs-server']);
  });
});

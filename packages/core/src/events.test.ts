/**
 * Listener errors are contained (issue 13, requirement 9): a listener that throws, or returns a
 * promise or thenable that rejects, never stops the other listeners, never blocks emit and never
 * reaches the host as an uncaught exception or an unhandled rejection; each error goes to the
 * emitter's `onListenerError`. The child-process tests run the built code with nothing else
 * alive, where an unhandled rejection ends Node with exit code 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { settle, watchUnhandledRejections } from './test-support/unhandled.js';
import { Emitter, runContained } from './events.js';

interface TestEvents {
  ping: { n: number };
  other: string;
}

const unhandledNow = watchUnhandledRejections();

function recordingEmitter(): { emitter: Emitter<TestEvents>; errors: Array<[unknown, keyof TestEvents]> } {
  const errors: Array<[unknown, keyof TestEvents]> = [];
  const emitter = new Emitter<TestEvents>({ onListenerError: (error, name) => errors.push([error, name]) });
  return { emitter, errors };
}

describe('Emitter', () => {
  it('calls every listener in subscription order and unsubscribes', () => {
    const emitter = new Emitter<TestEvents>();
    const seen: string[] = [];
    emitter.on('ping', (p) => seen.push(`a${p.n}`));
    const off = emitter.on('ping', (p) => seen.push(`b${p.n}`));
    emitter.emit('ping', { n: 1 });
    off();
    emitter.emit('ping', { n: 2 });
    emitter.emit('other', 'nobody listens');
    expect(seen).toEqual(['a1', 'b1', 'a2']);
  });

  it('reports a synchronous throw (Error or not) with the event name, and still calls the next listeners', () => {
    const { emitter, errors } = recordingEmitter();
    const boom = new Error('boom');
    const seen: number[] = [];
    emitter.on('ping', () => {
      throw boom;
    });
    emitter.on('ping', () => {
      throw 'a string';
    });
    emitter.on('ping', (p) => seen.push(p.n));
    expect(() => emitter.emit('ping', { n: 7 })).not.toThrow();
    expect(seen).toEqual([7]);
    expect(errors).toEqual([
      [boom, 'ping'],
      ['a string', 'ping'],
    ]);
  });

  it('reports an async listener that rejects, without awaiting it in emit', async () => {
    const { emitter, errors } = recordingEmitter();
    const reason = new Error('async boom');
    const seen: string[] = [];
    emitter.on('ping', async () => {
      await Promise.resolve();
      throw reason;
    });
    emitter.on('ping', () => seen.push('second'));
    emitter.emit('ping', { n: 1 });
    // emit has returned: the second listener ran, the rejection is not reported yet.
    expect(seen).toEqual(['second']);
    expect(errors).toEqual([]);
    await settle();
    expect(errors).toEqual([[reason, 'ping']]);
    expect(unhandledNow()).toEqual([]);
  });

  it('returns while an async listener never settles', () => {
    const { emitter, errors } = recordingEmitter();
    emitter.on('ping', () => new Promise<never>(() => {}));
    emitter.emit('ping', { n: 1 });
    expect(errors).toEqual([]);
  });

  it('does not report listeners whose promise fulfills, nor plain return values', async () => {
    const { emitter, errors } = recordingEmitter();
    emitter.on('ping', async () => 'fine');
    emitter.on('ping', () => ({ not: 'a thenable' }));
    emitter.on('ping', () => 42);
    emitter.emit('ping', { n: 1 });
    await settle();
    expect(errors).toEqual([]);
  });

  it('contains a rejection with a non-Error value and with undefined', async () => {
    const { emitter, errors } = recordingEmitter();
    emitter.on('ping', () => Promise.reject('plain string'));
    emitter.on('other', () => Promise.reject(undefined));
    emitter.emit('ping', { n: 1 });
    emitter.emit('other', 'x');
    await settle();
    expect(errors).toEqual([
      ['plain string', 'ping'],
      [undefined, 'other'],
    ]);
    expect(unhandledNow()).toEqual([]);
  });

  it('contains thenables: a then that throws, a then getter that throws, a then that rejects', async () => {
    const { emitter, errors } = recordingEmitter();
    const thenThrows = new Error('then throws');
    const getterThrows = new Error('then getter throws');
    emitter.on('ping', () => ({
      then() {
        throw thenThrows;
      },
    }));
    emitter.on('ping', () => ({
      get then() {
        throw getterThrows;
      },
    }));
    emitter.on('ping', () => ({
      then(_resolve: unknown, reject: (e: unknown) => void) {
        reject('first');
      },
    }));
    emitter.emit('ping', { n: 1 });
    await settle();
    expect(errors).toEqual([
      [thenThrows, 'ping'],
      [getterThrows, 'ping'],
      ['first', 'ping'],
    ]);
  });

  it('swallows what onListenerError itself throws, for throws and for rejections', async () => {
    const emitter = new Emitter<TestEvents>({
      onListenerError: () => {
        throw new Error('the error callback is broken too');
      },
    });
    const seen: number[] = [];
    emitter.on('ping', () => {
      throw new Error('sync');
    });
    emitter.on('ping', async () => {
      throw new Error('async');
    });
    emitter.on('ping', (p) => seen.push(p.n));
    expect(() => emitter.emit('ping', { n: 3 })).not.toThrow();
    await settle();
    expect(seen).toEqual([3]);
    expect(unhandledNow()).toEqual([]);
  });

  it('new Emitter() without options drops listener errors, rejections included', async () => {
    const emitter = new Emitter<TestEvents>();
    emitter.on('ping', async () => {
      throw new Error('nobody hears this');
    });
    emitter.on('ping', () => {
      throw new Error('nor this');
    });
    expect(() => emitter.emit('ping', { n: 1 })).not.toThrow();
    await settle();
    expect(unhandledNow()).toEqual([]);
  });
});

describe('runContained', () => {
  it('ignores plain results and non-thenables, reports a throw and a rejecting function-thenable', async () => {
    const errors: unknown[] = [];
    for (const value of [undefined, null, 0, 'then', Symbol('s'), {}, []])
      runContained(
        () => value,
        (e) => errors.push(e),
      );
    const fnThenable = Object.assign(() => {}, { then: (_f: unknown, r: (e: unknown) => void) => r('fn') });
    runContained(
      () => fnThenable,
      (e) => errors.push(e),
    );
    runContained(
      () => {
        throw 'sync';
      },
      (e) => errors.push(e),
    );
    await settle();
    expect(errors).toEqual(['fn', 'sync']);
  });
});

describe('built emitter in a process with nothing else alive', () => {
  const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
  const builtEvents = join(packageRoot, 'dist', 'events.js');

  /** Runs an ESM script in a fresh Node process from the package root. */
  function runScript(script: string): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: packageRoot, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it.skipIf(!existsSync(builtEvents))('rejecting and throwing listeners: exit code 0, every error reported, no unhandled rejection', () => {
    const script = `
      import { Emitter } from ${JSON.stringify(pathToFileURL(builtEvents).href)};
      const reported = [];
      const emitter = new Emitter({ onListenerError: (error, name) => reported.push(name + ': ' + String(error?.message ?? error)) });
      emitter.on('tick', async () => { throw new Error('async listener failed'); });
      emitter.on('tick', () => Promise.reject('plain value'));
      emitter.on('tick', () => ({ then() { throw new Error('then failed'); } }));
      emitter.on('tick', () => { throw new Error('sync listener failed'); });
      emitter.emit('tick', {});
      const silent = new Emitter();
      silent.on('tick', async () => { throw new Error('dropped'); });
      silent.emit('tick', {});
      process.on('exit', (code) => console.log(JSON.stringify({ code, reported: reported.sort() })));
    `;
    const { status, stdout, stderr } = runScript(script);
    expect(stderr).not.toMatch(/unhandled|UnhandledPromiseRejection|async listener failed/i);
    expect(status).toBe(0);
    expect(JSON.parse(stdout.trim())).toEqual({
      code: 0,
      reported: ['tick: async listener failed', 'tick: plain value', 'tick: sync listener failed', 'tick: then failed'],
    });
  });

  it.skipIf(!existsSync(join(packageRoot, 'dist', 'index.js')))('the public client: a rejecting failOpen listener does not end the host (exit code 0)', () => {
    const script = `
        import { AscendClient } from '@ascend/core';
        const port = {
          fetch: async () => { throw new TypeError('fetch failed'); },
          send: async () => { throw new TypeError('connection refused'); },
          signer: { hmacSha256: async () => new Uint8Array(32) },
          runtime: 'child-test',
        };
        const client = new AscendClient(
          { apiKey: 'owkai_child_test_key_0001', baseUrl: 'http://127.0.0.1:9', agentId: 'a-1', failMode: 'open', retry: { maxRetries: 0 }, logger: { log() {} } },
          port,
        );
        client.on('failOpen', async () => { throw new Error('async failOpen listener failed'); });
        const decision = await client.evaluateAction({ actionType: 'test.action', resource: 'r' });
        await client.close();
        console.log('decision', decision.decision);
      `;
    const { status, stdout, stderr } = runScript(script);
    expect(stderr).not.toMatch(/unhandled|async failOpen listener failed/i);
    expect(stdout).toContain('decision allowed');
    expect(status).toBe(0);
  });
});

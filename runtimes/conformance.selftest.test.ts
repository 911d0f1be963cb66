/**
 * Self-test of the conformance script: run in-process with `@ascend/node` against the server,
 * first healthy (every check passes), then once per deliberate server fault (exactly the check
 * that fault targets fails). Proves that no check of the matrix passes vacuously.
 */
import * as nodePackage from '@ascend/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance, type ConformanceTarget } from './conformance/conformance.js';
import { CHECK_IDS } from './conformance/protocol.js';
import { SABOTAGES, startConformanceServer, type ConformanceServer, type Sabotage } from './server/conformance-server.js';

const target: ConformanceTarget = {
  packageName: '@ascend/node',
  runtime: `node ${process.versions.node} (in-process)`,
  createClient: (o) => new nodePackage.AscendClient(o),
  signer: nodePackage.nodeSigner,
  exports: nodePackage,
};

let server: ConformanceServer;
let run = 0;

beforeAll(async () => {
  server = await startConformanceServer();
});

afterAll(async () => {
  await server?.close();
});

describe('conformance self-test', () => {
  it('passes every check against the healthy server', async () => {
    server.sabotage = undefined;
    const report = await runConformance({ origin: server.origin, runId: `self-${run++}` }, target);
    expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('fails the signer-dependent checks when the package signer is wrong', async () => {
    const broken: ConformanceTarget = { ...target, signer: { hmacSha256: async () => new Uint8Array(32) } };
    const report = await runConformance({ origin: server.origin, runId: `self-${run++}` }, broken);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['webhook', 'signing-vectors']);
  });

  for (const [sabotage, check] of Object.entries(SABOTAGES) as Array<[Sabotage, (typeof SABOTAGES)[Sabotage]]>) {
    it(`fails exactly "${check}" when the server does "${sabotage}"`, async () => {
      server.sabotage = sabotage;
      try {
        const report = await runConformance({ origin: server.origin, runId: `self-${run++}` }, target);
        expect(report.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual([check]);
      } finally {
        server.sabotage = undefined;
      }
    });
  }
});

/**
 * The seed's "Data Pipeline Agent" (extract → transform → load, one pipeline id, audit logging)
 * as a `createAgent` agent with plain tools, every call governed by `ascendMiddleware`: per-tool
 * action types and resources, and the pipeline id in each action's metadata.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { z } from 'zod';
import type { GovernanceClient } from '@ascend/governance';
import { ascendMiddleware } from '@ascend/langchain';

/** Rows moved by the pipeline's tools (the tool bodies here simulate the data stores). */
export interface PipelineStore {
  extracted: number;
  loaded: Array<{ destination: string; rows: number }>;
}

/** Builds the pipeline agent; every tool call carries `pipelineId` in its ASCEND metadata. */
export function createPipelineAgent(
  ascend: GovernanceClient,
  model: BaseChatModel | string,
  pipelineId: string,
  store: PipelineStore = { extracted: 0, loaded: [] },
) {
  const rows = [
    { id: 1, value: 'A' },
    { id: 2, value: 'B' },
  ];
  const extract = tool(
    async () => {
      store.extracted += rows.length;
      return JSON.stringify(rows);
    },
    { name: 'extract', description: 'Extract rows from a source database', schema: z.object({ source: z.string(), query: z.string() }) },
  );
  const transform = tool(async ({ transformations }: { transformations: string[] }) => `${rows.length} rows transformed (${transformations.join(', ')})`, {
    name: 'transform',
    description: 'Apply transformations to the extracted rows',
    schema: z.object({ transformations: z.array(z.string()) }),
  });
  const load = tool(
    async ({ destination }: { destination: string }) => {
      store.loaded.push({ destination, rows: rows.length });
      return `${rows.length} rows loaded into ${destination}`;
    },
    { name: 'load', description: 'Load the transformed rows into a destination', schema: z.object({ destination: z.string() }) },
  );

  const governance = ascendMiddleware(ascend, {
    metadata: { pipeline_id: pipelineId },
    tools: {
      extract: { actionType: 'data.extract', resource: (args) => String(args['source']) },
      transform: { actionType: 'data.transform', resource: 'memory' },
      load: { actionType: 'data.load', resource: (args) => String(args['destination']) },
    },
  });
  return createAgent({ model, tools: [extract, transform, load], middleware: [governance] });
}

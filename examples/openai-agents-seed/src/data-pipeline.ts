/**
 * The seed's data-pipeline agent: extract, transform and load, each step a governed tool. A
 * step ASCEND does not allow stops the pipeline (the model reads why); loading into the
 * warehouse asks for a human, and the run waits for the reviewer in ASCEND.
 */
import type { AscendClient } from '@ascend/node';
import { governedTool } from '@ascend/openai-agents';
import { Agent, type Model } from '@openai/agents';
import { z } from 'zod';

/** What each step did, for the caller and the tests. */
export interface PipelineLog {
  steps: string[];
}

/** Builds the agent with `extract`, `transform` and `load` tools. */
export function dataPipelineAgent(client: AscendClient, model: Model, log: PipelineLog, pipelineId: string): Agent {
  const common = { metadata: { pipeline_id: pipelineId }, approvalPollIntervalMs: 100 } as const;
  const extract = governedTool(
    client,
    {
      name: 'extract',
      description: 'Run a read-only query on a source database',
      parameters: z.object({ source: z.string(), query: z.string() }),
      execute: ({ source }) => {
        log.steps.push(`extract:${source}`);
        return JSON.stringify({ rows: 1200, source });
      },
    },
    { ...common, actionType: 'database.query', resource: (a) => a.source, riskIndicators: { data_classification: 'internal' } },
  );
  const transform = governedTool(
    client,
    {
      name: 'transform',
      description: 'Apply transformations to the extracted rows',
      parameters: z.object({ transformations: z.array(z.string()) }),
      execute: ({ transformations }) => {
        log.steps.push(`transform:${transformations.join('+')}`);
        return JSON.stringify({ rows: 1180, applied: transformations });
      },
    },
    { ...common, actionType: 'data.transform', resource: 'pipeline_memory' },
  );
  const load = governedTool(
    client,
    {
      name: 'load',
      description: 'Write the transformed rows to a destination',
      parameters: z.object({ destination: z.string(), rows: z.number().int() }),
      execute: ({ destination, rows }) => {
        log.steps.push(`load:${destination}`);
        return `loaded ${rows} rows into ${destination}`;
      },
    },
    // Writes to the warehouse always go past a human, as the seed's pipeline required.
    { ...common, actionType: 'database.write', resource: (a) => a.destination, requireHumanApproval: true, riskLevel: 'high' },
  );
  return new Agent({ name: 'data-pipeline', instructions: 'Run the ETL pipeline step by step.', model, tools: [extract, transform, load] });
}

import type { AscendClient, AuthorizationDecision } from '@ascend/node';

/** One pipeline step's outcome. */
export interface StepResult {
  step: 'extract' | 'transform' | 'load';
  decision: AuthorizationDecision['decision'];
  actionId: string;
  rows: number;
}

/**
 * The seed's ETL agent: extract, transform and load are each governed, chained as one
 * orchestration session (each step names its parent action and its depth).
 */
export class DataPipelineAgent {
  constructor(private readonly client: AscendClient) {}

  async run(source: string, destination: string, query: string, transformations: string[]): Promise<StepResult[]> {
    const session = `pipe_${Date.now()}`;
    const steps: StepResult[] = [];
    let parent: string | undefined;
    let rows: Array<Record<string, unknown>> = [];
    const plan = [
      { step: 'extract' as const, actionType: 'data.extract', resource: source, parameters: { query } },
      { step: 'transform' as const, actionType: 'data.transform', resource: 'memory', parameters: { transformations } },
      { step: 'load' as const, actionType: 'data.load', resource: destination, parameters: {} },
    ];
    for (const [depth, item] of plan.entries()) {
      const decision = await this.client.evaluateAction({
        actionType: item.actionType,
        resource: item.resource,
        parameters: { ...item.parameters, row_count: rows.length },
        context: { pipeline_id: session },
        orchestrationSessionId: session,
        orchestrationDepth: depth,
        ...(parent ? { parentActionId: parent } : {}),
      });
      steps.push({ step: item.step, decision: decision.decision, actionId: decision.actionId, rows: rows.length });
      if (decision.decision !== 'allowed') break;
      const started = Date.now();
      if (item.step === 'extract')
        rows = [
          { id: 1, value: 'A' },
          { id: 2, value: 'B' },
        ];
      if (item.step === 'transform') rows = rows.map((r) => ({ ...r, processed: true }));
      steps[steps.length - 1]!.rows = rows.length;
      await this.client.logActionCompleted(decision.actionId, { result: { rows: rows.length }, durationMs: Date.now() - started });
      parent = decision.actionId;
    }
    return steps;
  }
}

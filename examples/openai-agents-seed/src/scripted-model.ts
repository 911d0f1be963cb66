/**
 * A model that needs no network or API key: on each turn it makes the next tool calls of its
 * plan, and when the plan is done it answers with what the tools returned. It implements the
 * SDK's `Model` interface, so the SDK's own run loop, approvals and state handling run for real.
 * Swap it for `'gpt-5'` (or any model) to run the same agents against OpenAI.
 */
import { Usage, type Model, type ModelRequest, type ModelResponse, type StreamEvent } from '@openai/agents';

/** One tool call the model makes. */
export interface PlannedCall {
  /** The tool's name. */
  name: string;
  /** Its arguments. */
  args: Record<string, unknown>;
}

/** Makes the planned calls, one turn per inner array, then summarizes the tool results. */
export class PlannedModel implements Model {
  #turn = 0;
  #calls = 0;
  constructor(private readonly plan: readonly (readonly PlannedCall[])[]) {}

  getResponse(request: ModelRequest): Promise<ModelResponse> {
    const input = Array.isArray(request.input) ? request.input : [];
    const step = this.plan[this.#turn];
    if (step && step.length > 0) {
      this.#turn++;
      return Promise.resolve({
        usage: new Usage(),
        output: step.map((c) => ({
          type: 'function_call' as const,
          callId: `call_${++this.#calls}`,
          name: c.name,
          arguments: JSON.stringify(c.args),
          status: 'completed' as const,
        })),
      });
    }
    const results = input.filter((item) => item.type === 'function_call_result');
    const text = results
      .map((r) => `${r.name}: ${typeof r.output === 'string' ? r.output : 'text' in r.output ? String(r.output.text) : JSON.stringify(r.output)}`)
      .join('\n');
    return Promise.resolve({
      usage: new Usage(),
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] }],
    });
  }

  /** Not used by these examples. */
  getStreamedResponse(): AsyncIterable<StreamEvent> {
    throw new Error('PlannedModel does not stream');
  }
}

/**
 * A scripted model for the SDK's run loop, without network: it implements the SDK's `Model`
 * interface (plain and streamed), calls the scripted tools on its first turn, and then answers with what the tool returned. What
 * the model saw of each tool call is kept in `seen`.
 */
import { Usage, type Model, type ModelRequest, type ModelResponse, type StreamEvent } from '@openai/agents';

/** One scripted tool call. */
export interface ScriptedCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly callId: string;
}

/** Calls the scripted tools (all in its first turn), then reports their outputs in a message. */
export class ScriptedModel implements Model {
  /** What the model read back for each call id (the tool's output, as text). */
  readonly seen = new Map<string, string>();
  /** How many times the model was asked. */
  turns = 0;
  readonly #calls: readonly ScriptedCall[];

  constructor(calls: ScriptedCall | readonly ScriptedCall[]) {
    this.#calls = Array.isArray(calls) ? calls : [calls as ScriptedCall];
  }

  getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.turns++;
    const input = Array.isArray(request.input) ? request.input : [];
    const results = input.filter((item) => item.type === 'function_call_result');
    for (const r of results) this.seen.set(r.callId, outputText(r.output));
    if (results.length === 0) {
      return Promise.resolve({
        usage: new Usage(),
        output: this.#calls.map((c) => ({
          type: 'function_call' as const,
          callId: c.callId,
          name: c.name,
          arguments: JSON.stringify(c.args),
          status: 'completed' as const,
        })),
      });
    }
    const text = results.map((r) => `${r.callId}: ${outputText(r.output)}`).join('\n');
    return Promise.resolve({
      usage: new Usage(),
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] }],
    });
  }

  /** The same turn as {@link ScriptedModel.getResponse}, streamed as one `response_done` event. */
  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const response = await this.getResponse(request);
    yield {
      type: 'response_done',
      response: {
        id: `resp_${this.turns}`,
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        output: response.output,
      },
    } as StreamEvent;
  }
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (typeof output === 'object' && output !== null && 'text' in output && typeof output.text === 'string') return output.text;
  return JSON.stringify(output);
}

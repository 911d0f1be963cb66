/**
 * A scripted AI SDK model (the SDK's own `MockLanguageModelV4` from `ai/test`): it calls one tool
 * with fixed input, and once the prompt ends with that tool's answer it replies with text that
 * quotes what it saw, so tests can assert what the model was told.
 */
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';

type CallOptions = Parameters<MockLanguageModelV4['doGenerate']>[0];
type Prompt = CallOptions['prompt'];

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** What the model saw as the answer of its tool call: the tool-result outputs of the last tool message. */
export function toolAnswers(prompt: Prompt): unknown[] {
  const last = prompt[prompt.length - 1];
  if (last?.role !== 'tool') return [];
  return last.content.filter((p) => p.type === 'tool-result').map((p) => p.output);
}

/** A model that calls `toolName` with `input` (tool call id `callId`), then says what the tool answered. */
export function scriptedModel(toolName: string, input: unknown, callId = 'call-1'): MockLanguageModelV4 {
  const reply = (prompt: Prompt) => {
    const answers = toolAnswers(prompt);
    return answers.length > 0 ? `tool said: ${JSON.stringify(answers)}` : undefined;
  };
  return new MockLanguageModelV4({
    doGenerate: async (options) => {
      await Promise.resolve();
      const text = reply(options.prompt);
      if (text !== undefined) {
        return { content: [{ type: 'text', text }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] };
      }
      return {
        content: [{ type: 'tool-call', toolCallId: callId, toolName, input: JSON.stringify(input) }],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage,
        warnings: [],
      };
    },
    doStream: async (options) => {
      await Promise.resolve();
      const text = reply(options.prompt);
      const chunks: Array<Record<string, unknown>> =
        text !== undefined
          ? [
              { type: 'text-start', id: 't1' },
              { type: 'text-delta', id: 't1', delta: text },
              { type: 'text-end', id: 't1' },
              { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
            ]
          : [
              { type: 'tool-call', toolCallId: callId, toolName, input: JSON.stringify(input) },
              { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage },
            ];
      return { stream: simulateReadableStream({ chunks, initialDelayInMs: null, chunkDelayInMs: null }) as never };
    },
  });
}

/** How the demo narrates what happens. */
export interface Reporter {
  section(title: string): void;
  step(text: string): void;
  ok(text: string): void;
  blocked(text: string): void;
  note(text: string): void;
}

const useColor = process.stdout.isTTY && !process.env['NO_COLOR'];
const paint = (code: string, text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Prints to stdout. */
export const consoleReporter: Reporter = {
  section: (title) => console.log(`\n${paint('1', `── ${title} ${'─'.repeat(Math.max(0, 72 - title.length))}`)}`),
  step: (text) => console.log(`  ${paint('36', '→')} ${text}`),
  ok: (text) => console.log(`  ${paint('32', '✓')} ${text}`),
  blocked: (text) => console.log(`  ${paint('33', '✗')} ${text}`),
  note: (text) => console.log(`    ${paint('2', text)}`),
};

/** Keeps every line, for tests. */
export function memoryReporter(): Reporter & { lines: string[] } {
  const lines: string[] = [];
  const add = (kind: string) => (text: string) => void lines.push(`${kind} ${text}`);
  return { lines, section: add('#'), step: add('→'), ok: add('✓'), blocked: add('✗'), note: add(' ') };
}

/**
 * Compact canonical JSON: {@link canonicalJson}'s sorted keys, ASCII escaping and Python number
 * notation, with `,` and `:` as separators (Python's `json.dumps(obj, sort_keys=True,
 * separators=(',', ':'))`). The OWkai backend signs its webhooks over this form.
 *
 * A module of its own, so that a bundle which only sends requests (the lean agent client) does
 * not carry it.
 */
import { canonicalJson } from './canonical-json.js';

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * Serializes `value` as compact canonical JSON. Accepts and refuses exactly what
 * {@link canonicalJson} does.
 *
 * canonicalJson's text is ASCII, and every `"` inside a string is escaped, so the separators
 * `", "` and `": "` are the only spaces outside strings. This drops the space after each one and
 * leaves every string untouched.
 *
 * @param value - The value to serialize.
 * @param rootName - Name used for the root in error paths (e.g. `payload`).
 * @returns The compact canonical JSON text.
 * @throws {@link ValidationError} naming the field, as {@link canonicalJson} does.
 */
export function compactCanonicalJson(value: unknown, rootName = 'body'): string {
  const text = canonicalJson(value, rootName);
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if ((c === COMMA || c === COLON) && text.charCodeAt(i + 1) === SPACE) {
      out += text.slice(from, i + 1);
      from = i + 2;
      i++;
    }
  }
  return out + text.slice(from);
}

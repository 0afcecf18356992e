// Perspective request bodies, checked in the order and with the messages
// Perspective uses, so clients that branch on them keep working.
import { echoed } from '../errors';
import { invalidArgument } from './perspective-errors';
import { ATTRIBUTE_SOURCES, isAttribute, type Attribute } from './attribute-scores';

/** Perspective's documented limit on comment.text: 20 KB of UTF-8. */
export const MAX_TEXT_BYTES = 20 * 1024;

const SUPPORTED = Object.keys(ATTRIBUTE_SOURCES).join(', ');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function commentText(body: unknown): string {
  const comment = isObject(body) ? body.comment : undefined;
  const text = isObject(comment) ? comment.text : undefined;
  if (typeof text !== 'string' || text.trim() === '') throw invalidArgument('Comment must be non-empty.');
  if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES) throw invalidArgument(`Comment text too long: the limit is ${MAX_TEXT_BYTES} bytes.`);
  return text;
}

export function attributeName(name: string): Attribute {
  if (!isAttribute(name)) throw invalidArgument(`Attribute ${echoed(name)} is not supported. Supported attributes: ${SUPPORTED}.`);
  return name;
}

export interface RequestedAttribute {
  name: Attribute;
  /** Leave the attribute out of the answer when its score is below this. */
  scoreThreshold?: number;
}

export function requestedAttributes(body: Record<string, unknown>): RequestedAttribute[] {
  const requested = body.requestedAttributes;
  if (!isObject(requested) || Object.keys(requested).length === 0) throw invalidArgument('Must request at least one attribute.');
  return Object.entries(requested).map(([name, options]) => {
    const attribute = attributeName(name);
    const opts = isObject(options) ? options : {};
    if (opts.scoreType !== undefined && opts.scoreType !== 'PROBABILITY') {
      throw invalidArgument(`Attribute ${name}: scoreType ${echoed(String(opts.scoreType))} is not supported; only PROBABILITY is.`);
    }
    const threshold = opts.scoreThreshold;
    if (threshold !== undefined && (typeof threshold !== 'number' || threshold < 0 || threshold > 1)) {
      throw invalidArgument(`Attribute ${name}: scoreThreshold must be a number between 0 and 1.`);
    }
    return { name: attribute, scoreThreshold: threshold as number | undefined };
  });
}

export { isObject };

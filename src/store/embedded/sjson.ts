// Documents as FerretDB v1 stores them in SQLite ("sjson"): the values as
// JSON, plus a "$s" schema beside them that says what each value is, so that
// a date (stored as milliseconds) comes back as a Date and an object's keys
// keep their order. Decoded here for the documents the embedded index reads
// straight from SQLite (index-client.ts); the service stores only the types
// below (no ObjectIds, binary, regular expressions or timestamps), and any
// other type is refused rather than guessed.

interface Elem {
  t: string;
  $s?: Schema;
  i?: Elem[];
}

interface Schema {
  /** Absent, with $k, for an empty object. */
  p?: Record<string, Elem>;
  $k?: string[];
}

export class SjsonError extends Error {
  override name = 'SjsonError';
}

function decodeValue(value: unknown, elem: Elem | undefined, path: string): unknown {
  switch (elem?.t) {
    case 'string':
    case 'double':
    case 'int':
    case 'long':
    case 'bool':
    case 'null':
      return value;
    case 'date':
      return new Date(value as number);
    case 'object':
      return decodeObject(value as Record<string, unknown>, elem.$s, path);
    case 'array':
      return (value as unknown[]).map((item, i) => decodeValue(item, elem.i?.[i], `${path}.${i}`));
    default:
      throw new SjsonError(`${path}: stored type ${JSON.stringify(elem?.t)} is not one the service writes`);
  }
}

function decodeObject(value: Record<string, unknown>, schema: Schema | undefined, path: string): Record<string, unknown> {
  if (!schema) throw new SjsonError(`${path}: an object without its schema`);
  const out: Record<string, unknown> = {};
  for (const key of schema.$k ?? []) out[key] = decodeValue(value[key], schema.p?.[key], path ? `${path}.${key}` : key);
  return out;
}

/** One stored document, as the driver would have given it (lean). */
export function decodeDocument(stored: Record<string, unknown>): Record<string, unknown> {
  return decodeObject(stored, stored.$s as Schema | undefined, '');
}

// After a fuzz run: what reached the database is data, never structure.
// Accepted comments read back exactly as sent, and no stored document has an
// operator-like key or a non-string where the API takes a string.
import type { Connection } from 'mongoose';
import type { FuzzCase } from './cases';
import type { FuzzAnswer } from './transport';

const STRING_FIELDS = ['site', 'name', 'text', 'articleId', 'articleUrl', 'email', 'ip', 'userAgent', 'parentId', 'externalId', 'language'];

export class AcceptedComments {
  readonly sent = new Map<string, Record<string, string>>();

  /** Use as runCases' `after`: remembers what each newly stored comment was sent with. */
  readonly collect = (c: FuzzCase, a: FuzzAnswer): void => {
    if (a.status !== 201 || !c.sentFields || c.path !== '/v1/comments') return;
    const id = JSON.parse(a.body.toString('utf8')).id as string;
    this.sent.set(id, c.sentFields);
  };

  async problems(conn: Connection): Promise<string[]> {
    const problems: string[] = [];
    const docs = await conn.collection('comments').find({}).toArray();
    const byId = new Map(docs.map((d) => [String(d._id), d]));
    for (const [id, fields] of this.sent) {
      const doc = byId.get(id);
      if (!doc) {
        problems.push(`${id}: acknowledged but not stored`);
        continue;
      }
      for (const [field, value] of Object.entries(fields)) {
        if (doc[field] !== value) problems.push(`${id}.${field}: sent ${JSON.stringify(value).slice(0, 80)}, stored ${JSON.stringify(doc[field]).slice(0, 80)}`);
      }
    }
    for (const doc of docs) {
      for (const field of STRING_FIELDS) {
        if (doc[field] !== undefined && typeof doc[field] !== 'string') problems.push(`${String(doc._id)}.${field} is ${typeof doc[field]}`);
      }
      const bad = operatorKeys(doc);
      if (bad.length > 0) problems.push(`${String(doc._id)} has operator-like keys: ${bad.join(', ')}`);
    }
    return problems;
  }
}

/** Keys starting with "$" or containing "." anywhere in a stored document. */
function operatorKeys(value: unknown, at = ''): string[] {
  if (typeof value !== 'object' || value === null || value instanceof Date || Buffer.isBuffer(value)) return [];
  if (value.constructor?.name === 'ObjectId') return [];
  return Object.entries(value).flatMap(([key, child]) => [
    ...(key.startsWith('$') || key.includes('.') ? [`${at}${key}`] : []),
    ...operatorKeys(child, `${at}${key}.`),
  ]);
}

// The moderation queries and the indexes that serve them on MongoDB. On the
// embedded FerretDB only _id lookups use an index, so the explain checks run
// only against a real MongoDB (MONGODB_URI) and say when they are skipped.
import { commentModel } from '../../src/store/comment-model';
import { deliveryModel } from '../../src/store/delivery-model';
import { eventModel } from '../../src/store/event-model';
import { moderatorKeyModel } from '../../src/store/moderator-key-model';
import { startTestApp, type TestApp } from '../helpers/app';

/** An index serves a query when its keys are the equality fields (any order) followed by the sort fields, in order. */
function serves(key: Record<string, number>, equality: string[], sort: Array<[string, 1 | -1]>): boolean {
  const fields = Object.entries(key);
  const head = fields.slice(0, equality.length).map(([f]) => f).sort();
  if (head.join() !== [...equality].sort().join()) return false;
  const tail = fields.slice(equality.length, equality.length + sort.length);
  const direction = tail.length && tail[0]![1] === sort[0]![1] ? 1 : -1;
  return tail.length === sort.length && tail.every(([f, d], i) => f === sort[i]![0] && d === sort[i]![1] * direction);
}

// Every moderation query whose filter is not an _id lookup: collection, equality fields, sort.
const QUERIES: Array<{ name: string; collection: string; equality: string[]; sort: Array<[string, 1 | -1]> }> = [
  { name: 'queue of one site', collection: 'comments', equality: ['site', 'status'], sort: [['createdAt', 1], ['_id', 1]] },
  { name: 'queue of every site', collection: 'comments', equality: ['status'], sort: [['createdAt', 1], ['_id', 1]] },
  { name: 'comment history', collection: 'events', equality: ['commentId'], sort: [['version', 1]] },
  { name: 'repair scan', collection: 'events', equality: ['state'], sort: [['at', 1]] },
  { name: 'feedback export', collection: 'events', equality: ['state'], sort: [['at', 1]] },
  { name: 'webhook due scan', collection: 'deliveries', equality: ['state'], sort: [['nextAttemptAt', 1]] },
  { name: 'delivery log', collection: 'deliveries', equality: ['site'], sort: [['createdAt', -1]] },
  { name: 'keys by name', collection: 'moderator_keys', equality: ['name'], sort: [] },
];

// The explain and build checks need a real MongoDB (MONGODB_URI); on the embedded test database they are skipped, and say so.
const onMongo = Boolean(process.env.MONGODB_URI);
if (!onMongo) console.info('MongoDB index checks skipped: the test database is the embedded FerretDB; set MONGODB_URI to a MongoDB server to run them');

describe('moderation indexes', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('moderation_indexes'); });
  afterAll(async () => { await t.close(); });

  // The declaration MongoDB gets (the embedded database builds none of these: see src/store/indexes.ts).
  const declared = (collection: string) => {
    const model = Object.values(t.conn.models).find((m) => m.collection.collectionName === collection)!;
    return model.schema.indexes().map(([key]) => key as Record<string, number>);
  };

  it.each(QUERIES.map((q) => [q.name, q] as const))('declares an index whose prefix serves the %s', async (_name, q) => {
    expect(declared(q.collection).filter((key) => serves(key, q.equality, q.sort))).not.toEqual([]);
  });

  (onMongo ? it : it.skip)('has built every declared index on MongoDB', async () => {
    for (const q of QUERIES) {
      const built = (await t.conn.collection(q.collection).listIndexes().toArray()).map((ix) => JSON.stringify(ix.key));
      for (const key of declared(q.collection)) expect(built).toContain(JSON.stringify(key));
    }
  });

  (onMongo ? it.skip : it)('builds none of them on the embedded database, whose SQLite indexes serve these reads', async () => {
    for (const q of QUERIES) {
      const built = (await t.conn.collection(q.collection).listIndexes().toArray().catch(() => [])).map((ix) => ix.name);
      expect(built.filter((name) => name !== '_id_')).toEqual([]);
    }
  });

  it('recognises a wrong index as not serving a query (the check itself can fail)', () => {
    expect(serves({ status: 1, site: 1, createdAt: 1, _id: 1 }, ['site', 'status'], [['createdAt', 1], ['_id', 1]])).toBe(true);
    expect(serves({ createdAt: 1, status: 1 }, ['status'], [['createdAt', 1]])).toBe(false);
    expect(serves({ state: 1, at: -1 }, ['state'], [['at', 1]])).toBe(true);
    expect(serves({ site: 1, createdAt: 1, state: 1 }, ['site'], [['createdAt', -1], ['_id', 1]])).toBe(false);
  });

  (onMongo ? it : it.skip)('uses those indexes without an in-memory sort on a real MongoDB', async () => {
    const plans: Array<[string, unknown]> = [
      ['queue', await commentModel(t.conn).find({ site: 'news1', status: 'hold', createdAt: { $lte: new Date() } }).sort({ createdAt: 1, _id: 1 }).limit(51).explain()],
      ['history', await eventModel(t.conn).find({ commentId: 'x' }).sort({ version: 1 }).explain()],
      ['repair', await eventModel(t.conn).find({ state: 'pending' }).sort({ at: 1 }).explain()],
      ['due', await deliveryModel(t.conn).find({ state: 'pending', nextAttemptAt: { $lte: new Date() } }).sort({ nextAttemptAt: 1 }).limit(20).explain()],
      ['log', await deliveryModel(t.conn).find({ site: 'news1' }).sort({ createdAt: -1 }).limit(50).explain()],
      ['keys', await moderatorKeyModel(t.conn).find({ name: 'ann' }).explain()],
    ];
    for (const [name, plan] of plans) {
      const text = JSON.stringify((plan as { queryPlanner: { winningPlan: unknown } }).queryPlanner.winningPlan);
      expect({ name, ixscan: text.includes('IXSCAN'), sort: text.includes('"stage":"SORT"') }).toEqual({ name, ixscan: true, sort: false });
    }
  });
});

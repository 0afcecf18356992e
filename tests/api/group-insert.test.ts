// Group commit: concurrent inserts share one insertMany, each caller learns
// its own outcome (stored, or already there), and a batch the database
// refuses fails every caller in it, so nothing is answered as stored that is not.
import type { CommandStartedEvent } from 'mongodb';
import { Schema, type Model } from 'mongoose';
import { connectDatabase } from '../../src/db/connect';
import { GroupInsert } from '../../src/store/group-insert';
import { startTestApp, type TestApp } from '../helpers/app';
import { testDatabaseUri } from '../helpers/db';

interface Doc { _id: string; n: number }

describe('GroupInsert', () => {
  let t: TestApp;
  const inserts: number[] = [];
  beforeAll(async () => {
    t = await startTestApp('group_insert', { monitorCommands: true });
    t.conn.getClient().on('commandStarted', (e: CommandStartedEvent) => {
      if (e.commandName === 'insert' && e.command.insert === 'grouped') inserts.push((e.command.documents as unknown[]).length);
    });
  });
  afterAll(async () => { await t.close(); });

  const model = (): Model<Doc> => (t.conn.models.Grouped as Model<Doc> | undefined) ?? t.conn.model<Doc>('Grouped', new Schema<Doc>({ _id: String, n: Number }, { versionKey: false }), 'grouped');

  it('sends concurrent documents together and tells each caller its own outcome', async () => {
    const group = new GroupInsert<Doc>(model() as never);
    expect(await group.insert({ _id: 'first', n: 0 })).toBe(true);
    inserts.length = 0;
    // One goes at once; the rest arrive while it is in flight and go together after it.
    const outcomes = await Promise.all([
      group.insert({ _id: 'a', n: 1 }),
      group.insert({ _id: 'b', n: 2 }),
      group.insert({ _id: 'first', n: 3 }),
      group.insert({ _id: 'c', n: 4 }),
      group.insert({ _id: 'd', n: 5 }),
    ]);
    expect(outcomes).toEqual([true, true, false, true, true]);
    expect(inserts.length).toBeLessThan(5);
    expect(inserts.reduce((a, b) => a + b, 0)).toBe(5);
    const stored = await model().find({}).sort({ _id: 1 }).lean<Doc[]>();
    expect(stored.map((d) => [d._id, d.n])).toEqual([['a', 1], ['b', 2], ['c', 4], ['d', 5], ['first', 0]]);
  });

  it('fails every caller of a batch the database cannot take', async () => {
    const conn = await connectDatabase({ uri: testDatabaseUri('group_insert'), timeoutMs: 1000, writeConcern: '1', journal: false });
    const closedModel = conn.model<Doc>('Grouped', new Schema<Doc>({ _id: String, n: Number }, { versionKey: false }), 'grouped');
    await conn.close();
    const group = new GroupInsert<Doc>(closedModel);
    const outcomes = await Promise.allSettled([group.insert({ _id: 'x', n: 1 }), group.insert({ _id: 'y', n: 2 })]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await model().countDocuments({ _id: { $in: ['x', 'y'] } })).toBe(0);
  });
});

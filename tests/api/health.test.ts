import request from 'supertest';
import type { Connection } from 'mongoose';
import { buildApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { connectDatabase } from '../../src/db/connect';
import { closeTestDatabase, openTestDatabase } from '../helpers/db';

describe('GET /healthz', () => {
  let conn: Connection;
  beforeAll(async () => { conn = await openTestDatabase('health'); });
  afterAll(async () => { await closeTestDatabase(conn); });

  it('answers 200 with db up while the database answers', async () => {
    const app = buildApp({ conn, logger: createLogger('silent'), bodyLimit: '64kb' });
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up' });
  });

  it('answers 503 with db down when the connection is closed', async () => {
    const other = await connectDatabase({ uri: process.env.TEST_MONGODB_URI!, timeoutMs: 2000, writeConcern: '1', journal: false });
    await other.close();
    const app = buildApp({ conn: other, logger: createLogger('silent'), bodyLimit: '64kb' });
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body.db).toBe('down');
  });

  it('answers unknown routes with the documented error shape', async () => {
    const app = buildApp({ conn, logger: createLogger('silent'), bodyLimit: '64kb' });
    const res = await request(app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

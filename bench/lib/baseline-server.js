// The HTTP baseline: a bare Express handler that parses the same JSON body and
// inserts a document of the same shape through the same driver into the same
// database. Whatever the service costs beyond this is moderation.
'use strict';
const path = require('node:path');
const express = require('express');
const root = path.resolve(__dirname, '../..');
const { connectDatabase } = require(path.join(root, 'dist/db/connect'));

async function main() {
  const conn = await connectDatabase({ uri: process.env.MONGODB_URI, timeoutMs: 5000, writeConcern: 'majority', journal: true });
  const comments = conn.collection('baseline_comments');
  const app = express();
  app.use(express.json({ limit: '64kb' }));
  let n = 0;
  app.post('/v1/comments', async (req, res) => {
    const now = new Date();
    const doc = { _id: `${Date.now().toString(16)}${process.pid}${n++}`, site: 'bench', ...req.body, source: 'api', createdAt: now, status: 'approve', version: 1, decision: { action: 'approve', reasons: [], scores: {}, rulesVersion: 'baseline', decidedAt: now } };
    await comments.insertOne(doc);
    res.status(201).json({ id: doc._id, decision: 'approve', reasons: [], scores: {}, rulesVersion: 'baseline', createdAt: now.toISOString() });
  });
  const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`listening on ${server.address().port}\n`));
  process.on('SIGTERM', () => server.close(() => conn.close().then(() => process.exit(0))));
}
main().catch((err) => { console.error(err); process.exit(1); });

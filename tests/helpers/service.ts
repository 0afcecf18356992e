// Runs the whole service in-process on its own embedded database (so a test
// may kill that database without disturbing other test files).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startService, type RunningService } from '../../src/service-runner';

export const SITE_KEY = 'reliability-key';

export async function startTestService(env: Record<string, string> = {}, dataDir = mkdtempSync(path.join(os.tmpdir(), 'moderation-svc-'))): Promise<RunningService & { dataDir: string; url: string }> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SITE_KEYS: `news1:${SITE_KEY}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DB_TIMEOUT_MS: '1500',
    ...env,
  });
  const service = await startService(config, createLogger(config.LOG_LEVEL));
  return Object.assign(service, { dataDir, url: `http://127.0.0.1:${service.port}` });
}

export async function postComment(url: string, body: object, timeoutMs = 10_000): Promise<{ status: number; body: any; headers: Headers; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${url}/v1/comments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SITE_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers, ms: Date.now() - started };
}

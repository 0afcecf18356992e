// Sends generated cases to a listening server and judges each answer against
// the format its endpoint documents. Only node built-ins: bench/chaos.js loads this too.
import http from 'node:http';
import type { FuzzCase } from './cases';

export interface FuzzAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** Sends one case; rejects only when no HTTP answer arrives (connection error or timeout). */
export function sendCase(port: number, c: FuzzCase, timeoutMs = 15_000): Promise<FuzzAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...c.headers };
    if (c.body) headers['Content-Length'] = c.body.length;
    const req = http.request({ host: '127.0.0.1', port, method: c.method, path: c.path, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(c.body);
  });
}

export function closeAgent(): void {
  agent.destroy();
}

const AKISMET_ANSWERS = new Set(['true', 'false', 'valid', 'invalid', 'Thanks for making the web a better place.']);

function parseJson(body: Buffer): any {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** What is wrong with an answer (empty when nothing is). Any 5xx is wrong: the database is up. */
export function problemsWith(c: FuzzCase, a: FuzzAnswer): string[] {
  const problems: string[] = [];
  if (a.status >= 500) problems.push(`status ${a.status}`);
  if (c.mustRefuse && a.status < 400) problems.push(`accepted (${a.status}) a request that must be refused`);
  if (c.expect?.status !== undefined && a.status !== c.expect.status) problems.push(`status ${a.status}, not ${c.expect.status}`);
  if (c.expect?.maxBytes !== undefined && a.body.length > c.expect.maxBytes) problems.push(`a ${a.body.length}-byte answer, over ${c.expect.maxBytes}`);
  if (c.expect?.code !== undefined && parseJson(a.body)?.error?.code !== c.expect.code) problems.push(`error code is not ${c.expect.code}`);
  const type = String(a.headers['content-type'] ?? '');
  // Refused by the HTTP parser before any route is known (client-errors.ts): the service's own shape on every endpoint.
  const format = a.status === 431 ? 'api' : c.format;
  if (format === 'akismet' && a.status < 500) {
    // Akismet answers in plain text; anything but a verdict must say why in X-akismet-debug-help.
    if (!type.startsWith('text/plain')) problems.push(`akismet answer is ${type || 'untyped'}, not text/plain`);
    if (!AKISMET_ANSWERS.has(a.body.toString('utf8')) && !a.headers['x-akismet-debug-help']) problems.push('akismet error without X-akismet-debug-help');
    return problems;
  }
  if (a.status < 400) return problems;
  const body = parseJson(a.body);
  if (!type.startsWith('application/json') || body === undefined) {
    problems.push(`${a.status} answered with ${type || 'no content type'}, not JSON`);
    return problems;
  }
  const error = body?.error;
  if (format === 'perspective') {
    // Google's shape: { error: { code: <HTTP status>, message, status } }.
    if (error?.code !== a.status || typeof error?.message !== 'string' || typeof error?.status !== 'string') problems.push(`not Google's error shape: ${a.body.toString('utf8').slice(0, 200)}`);
  } else if (typeof error?.code !== 'string' || typeof error?.message !== 'string' || !('details' in error)) {
    problems.push(`not the documented error shape: ${a.body.toString('utf8').slice(0, 200)}`);
  }
  return problems;
}

export interface FuzzTally {
  sent: number;
  byStatus: Record<string, number>;
  failures: Array<{ label: string; problems: string[] }>;
}

export const newTally = (): FuzzTally => ({ sent: 0, byStatus: {}, failures: [] });

export function record(tally: FuzzTally, c: FuzzCase, answer: FuzzAnswer | Error): void {
  tally.sent++;
  const key = answer instanceof Error ? 'no answer' : String(answer.status);
  tally.byStatus[key] = (tally.byStatus[key] ?? 0) + 1;
  const problems = answer instanceof Error ? [`no answer: ${answer.message}`] : problemsWith(c, answer);
  if (problems.length > 0) tally.failures.push({ label: c.label, problems });
}

/** Runs cases with bounded concurrency; `after` sees each case with its answer (e.g. to check what was stored). */
export async function runCases(
  port: number,
  cases: Iterable<FuzzCase>,
  tally: FuzzTally,
  opts: { concurrency?: number; after?: (c: FuzzCase, a: FuzzAnswer) => void } = {},
): Promise<void> {
  const iterator = cases[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const c = next.value;
      const answer = await sendCase(port, c).catch((err: Error) => err);
      record(tally, c, answer);
      if (!(answer instanceof Error)) opts.after?.(c, answer);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
}

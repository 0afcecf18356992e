// Runs the embedded database as a supervised child process on 127.0.0.1:
// FerretDB on one port, and on a second the queries it cannot answer without
// scanning (src/store/embedded/index-client.ts). The child exits by itself
// when our stdin pipe to it closes, so even a SIGKILLed service leaves no
// database process behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureEmbeddedBinary } from './embedded-build';
import { claimDataDir } from './embedded-lock';

export interface EmbeddedDbOptions {
  dataDir: string;
  port?: number;
  /** Port of the index query server (default: a free one). */
  queryPort?: number;
  log?: (msg: string) => void;
  /** Restart the database when it dies unexpectedly (default true). */
  supervise?: boolean;
  /** Wait before the first restart, doubled for each further one up to 5 s (default 200 ms). */
  restartDelayMs?: number;
}

export interface EmbeddedDb {
  uri: string;
  port: number;
  /** Where the process answers index queries (http://127.0.0.1:<port>). */
  queryUrl: string;
  dataDir: string;
  pid(): number | undefined;
  /** Stops the database and waits for it to exit. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`embedded database exited with code ${child.exitCode} during start-up`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`embedded database did not answer on port ${port} within ${timeoutMs} ms`);
}

export async function startEmbeddedDb(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const log = options.log ?? (() => {});
  const binary = await ensureEmbeddedBinary(log);
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const queryPort = options.queryPort ?? (await freePort());
  const release = claimDataDir(dataDir, { port, queryPort });
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;

  const launch = async (): Promise<void> => {
    const proc = spawn(binary, ['--listen', `127.0.0.1:${port}`, '--query-listen', `127.0.0.1:${queryPort}`, '--data-dir', dataDir, '--log-level', 'error'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    child = proc;
    proc.stderr?.on('data', (chunk: Buffer) => log(`embedded-db: ${chunk.toString().trimEnd()}`));
    proc.on('exit', (code, signal) => {
      if (stopping || options.supervise === false) return;
      restarts += 1;
      log(`embedded database exited (code ${code}, signal ${signal}); restarting (restart #${restarts})`);
      // Back off a little so a database that crashes at once does not spin.
      setTimeout(() => {
        if (!stopping) launch().catch((err) => log(`embedded database restart failed: ${String(err)}`));
      }, Math.min(5000, (options.restartDelayMs ?? 200) * 2 ** Math.min(restarts - 1, 5))).unref();
    });
    await waitForPort(port, proc, 60_000);
  };

  try {
    await launch();
  } catch (err) {
    release();
    throw err;
  }

  return {
    uri: `mongodb://127.0.0.1:${port}/moderation`,
    port,
    queryUrl: `http://127.0.0.1:${queryPort}`,
    dataDir,
    pid: () => child?.pid,
    stop: async () => {
      stopping = true;
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
          proc.once('exit', () => { clearTimeout(timer); resolve(); });
          proc.kill('SIGTERM');
        });
      }
      release();
    },
  };
}

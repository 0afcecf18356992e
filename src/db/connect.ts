// Opens the mongoose connection. Commands are never buffered while the
// database is away: a request must fail fast (503) rather than hang.
import mongoose, { type Connection } from 'mongoose';

export interface ConnectOptions {
  uri: string;
  timeoutMs: number;
  writeConcern: 'majority' | '1';
  journal: boolean;
  /** Emit the driver's command events (commandStarted, …) on conn.getClient(): the tests record every query. */
  monitorCommands?: boolean;
}

export async function connectDatabase(opts: ConnectOptions): Promise<Connection> {
  const conn = mongoose.createConnection(opts.uri, {
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: opts.timeoutMs,
    socketTimeoutMS: opts.timeoutMs * 2,
    connectTimeoutMS: opts.timeoutMs,
    maxPoolSize: 20,
    // Notice a restarted database within a second or two, not the default ten.
    heartbeatFrequencyMS: 1000,
    monitorCommands: opts.monitorCommands ?? false,
    writeConcern: { w: opts.writeConcern === '1' ? 1 : 'majority', j: opts.journal, wtimeout: opts.timeoutMs },
  });
  await conn.asPromise();
  return conn;
}

/** True when the server answers a ping right now. */
export async function pingDatabase(conn: Connection, timeoutMs = 1000): Promise<boolean> {
  if (conn.readyState !== 1 || !conn.db) return false;
  try {
    await Promise.race([
      conn.db.admin().ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

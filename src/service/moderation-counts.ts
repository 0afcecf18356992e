// Comment counts per site and status, for the moderation stats and the
// held-queue gauge of /metrics, read from the database at most once per
// max age however many ask: each scrape of /metrics and each stats request
// used to start a query (on the embedded database, a helper process), and
// 400 scrapes at a concurrency of 100 slowed ordinary posts from 20 ms to 3 s.
// One query serves every site; each caller keeps the sites it may see.
import type { StatusCount } from '../store/embedded/index-client';

export type { StatusCount };

export class ModerationCounts {
  private last: { at: number; counts: StatusCount[] } | null = null;
  private inFlight: Promise<StatusCount[]> | null = null;
  /** How many times the database was asked (for tests and the benchmark). */
  queries = 0;

  constructor(private readonly query: () => Promise<StatusCount[]>, private readonly now: () => number = Date.now) {}

  /** Counts at most `maxAgeMs` old: the last ones, or one query shared by every caller waiting for it. */
  async get(maxAgeMs: number): Promise<StatusCount[]> {
    if (this.last && this.now() - this.last.at <= maxAgeMs) return this.last.counts;
    return this.refresh();
  }

  /**
   * The last counts without waiting for the database, with a refresh started
   * in the background when they are older than `maxAgeMs`; null before the
   * first counts arrive.
   */
  peek(maxAgeMs: number): StatusCount[] | null {
    if (!this.last || this.now() - this.last.at > maxAgeMs) this.refresh().catch(() => {});
    return this.last?.counts ?? null;
  }

  /** The refresh in flight, if any (tests wait on it rather than on time). */
  settled(): Promise<unknown> {
    return this.inFlight?.catch(() => {}) ?? Promise.resolve();
  }

  private refresh(): Promise<StatusCount[]> {
    this.inFlight ??= (async () => {
      const started = this.now();
      try {
        this.queries++;
        const counts = await this.query();
        this.last = { at: started, counts };
        return counts;
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }
}

/** The held comments in some counts. */
export const heldIn = (counts: readonly StatusCount[]): number => counts.reduce((sum, c) => sum + (c.status === 'hold' ? c.n : 0), 0);

/** The counts through a MongoDB aggregation (where no ModerationIndex answers them). */

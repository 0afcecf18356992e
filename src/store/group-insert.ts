// Group commit for inserts: concurrent requests' documents go to the database
// in one insertMany, one transaction (on the embedded database one SQLite
// commit, and its sync, instead of one per request). There is no waiting
// window: when no insert is in flight a document goes at once; documents
// that arrive while one is in flight wait for it and then go together. Each
// caller's promise settles only when its own document's outcome is known, so
// nothing is answered before it is stored, and a batch that fails fails each
// of its callers (each answers 503; nothing was acknowledged).
import type { Model } from 'mongoose';

interface Pending<T> {
  doc: T;
  settle: (inserted: boolean) => void;
  fail: (err: unknown) => void;
}

interface WriteError {
  index: number;
  code?: number;
}

/** The per-document errors of a failed insertMany (ordered: false), or null when the whole batch failed. */
function writeErrorsOf(err: unknown): WriteError[] | null {
  const e = err as { writeErrors?: WriteError[] | WriteError; name?: string };
  if (!e || typeof e !== 'object' || e.writeErrors === undefined) return null;
  return Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
}

export class GroupInsert<T> {
  private waiting: Array<Pending<T>> = [];
  private inFlight = false;

  constructor(private readonly model: Model<T>, private readonly maxBatch = 100) {}

  /** Inserts the document: true when stored, false when one with its _id already is. */
  insert(doc: T): Promise<boolean> {
    return new Promise<boolean>((settle, fail) => {
      this.waiting.push({ doc, settle, fail });
      if (!this.inFlight) void this.flush();
    });
  }

  /**
   * Inserts the documents together (one comment's history events): all of
   * them wait in the same batch, so they cost one round trip, not one for the
   * first and another for the rest.
   */
  insertAll(docs: readonly T[]): Promise<boolean[]> {
    const outcomes = docs.map((doc) => new Promise<boolean>((settle, fail) => this.waiting.push({ doc, settle, fail })));
    if (!this.inFlight) void this.flush();
    return Promise.all(outcomes);
  }

  private async flush(): Promise<void> {
    this.inFlight = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      await this.write(batch);
    }
    this.inFlight = false;
  }

  private async write(batch: Array<Pending<T>>): Promise<void> {
    try {
      await this.model.collection.insertMany(batch.map((p) => p.doc) as never[], { ordered: false });
      for (const p of batch) p.settle(true);
    } catch (err) {
      const errors = writeErrorsOf(err);
      if (!errors) {
        for (const p of batch) p.fail(err);
        return;
      }
      const byIndex = new Map(errors.map((w) => [w.index, w]));
      batch.forEach((p, i) => {
        const w = byIndex.get(i);
        if (!w) p.settle(true);
        else if (w.code === 11000) p.settle(false);
        else p.fail(Object.assign(new Error(`insert failed (code ${w.code})`), { name: 'MongoServerError', code: w.code }));
      });
    }
  }
}

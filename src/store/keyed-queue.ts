// Work queued per key within this process: a task on a key starts once the
// tasks queued on that key before it have settled (succeeded or failed).
// Where the database cannot make a read-then-write atomic (FerretDB v1), this
// makes it atomic within one service instance.
export class KeyedQueue {
  /** Per key, the end of the work queued on it (an entry lives only while work is queued). */
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key);
    let done!: () => void;
    const tail = new Promise<void>((resolve) => (done = resolve));
    this.tails.set(key, tail);
    try {
      if (before) await before;
      return await work();
    } finally {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /**
   * Runs `work` once it holds every key: taken in sorted order, so two
   * callers wanting overlapping keys never wait on each other in a circle.
   */
  runAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const hold = (i: number): Promise<T> => (i === sorted.length ? work() : this.run(sorted[i]!, () => hold(i + 1)));
    return hold(0);
  }

  /** Keys with work queued right now (for tests: an idle store holds none). */
  get size(): number {
    return this.tails.size;
  }
}

// Overlaps reading with deciding. A driver cursor asks for the next batch
// only once the current one is used up, so the database idles while the
// engine works and the engine idles while the database reads. This pulls
// items into a bounded buffer from a separate loop, so the next batch is
// requested while the current one is being decided; memory stays bounded by
// `maxBuffered` items.
export interface ReadAheadOptions {
  /** Most items held in the buffer (about two batches). */
  maxBuffered: number;
  /** Items handed out between yields to the event loop, so socket reads can land. */
  yieldEvery?: number;
}

export async function* readAhead<T>(source: AsyncIterable<T>, opts: ReadAheadOptions): AsyncGenerator<T> {
  const yieldEvery = opts.yieldEvery ?? 100;
  let buffer: T[] = [];
  let finished = false;
  let stopped = false;
  let failure: { error: unknown } | null = null;
  let wakeConsumer: (() => void) | null = null;
  let wakeProducer: (() => void) | null = null;
  const wake = (which: 'consumer' | 'producer') => {
    const fn = which === 'consumer' ? wakeConsumer : wakeProducer;
    if (which === 'consumer') wakeConsumer = null;
    else wakeProducer = null;
    fn?.();
  };

  const producer = (async () => {
    try {
      for await (const item of source) {
        buffer.push(item);
        wake('consumer');
        if (stopped) break;
        if (buffer.length >= opts.maxBuffered) await new Promise<void>((resolve) => { wakeProducer = resolve; });
        if (stopped) break;
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      wake('consumer');
    }
  })();

  try {
    let handedOut = 0;
    for (;;) {
      if (buffer.length === 0) {
        if (finished) break;
        await new Promise<void>((resolve) => { wakeConsumer = resolve; });
        continue;
      }
      // Take the whole buffer at once: shifting one item at a time is quadratic.
      const items = buffer;
      buffer = [];
      wake('producer');
      for (const item of items) {
        yield item;
        if (++handedOut % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (failure) throw (failure as { error: unknown }).error;
  } finally {
    // The consumer stopped early (an error, a break): stop reading and close the cursor.
    stopped = true;
    wake('producer');
    await producer;
  }
}

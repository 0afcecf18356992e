// A one-line progress bar on stderr, redrawn at most every 100 ms, only when
// stderr is a terminal (never in logs or pipes).
export interface ProgressBar {
  update(done: number): void;
  finish(): void;
}

const NO_PROGRESS: ProgressBar = { update: () => {}, finish: () => {} };

export function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

export function progressBar(stream: NodeJS.WritableStream, total: number, clock: () => number = Date.now): ProgressBar {
  if (!isTerminal(stream)) return NO_PROGRESS;
  const started = clock();
  let lastDraw = 0;
  const width = 30;
  const draw = (done: number) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * width);
    const seconds = Math.max(0.001, (clock() - started) / 1000);
    const rate = Math.round(done / seconds).toLocaleString('en-US');
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${rate}/s `);
  };
  return {
    update: (done) => {
      const now = clock();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      draw(done);
    },
    finish: () => stream.write('\r\x1b[K'),
  };
}

// Chromium for the browser tests. CI installs it (.ci/run); a machine
// without it skips the browser tests with a message, but CI never skips.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** describe, or describe.skip with a warning when Chromium is missing outside CI. */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM) || process.env.CI) {
    describe(name, body);
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`${name}: skipped, no Chromium at ${CHROMIUM} (install it with "apt-get install chromium" or set CHROMIUM_PATH). CI fails instead of skipping.`);
  describe.skip(name, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

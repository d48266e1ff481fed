/**
 * Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core, never a
 * browser downloaded by Playwright. Missing Chromium skips the tests loudly, or fails the run when
 * REQUIRE_SERVICES=1 (CI).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  // Tests run as root in containers, where Chromium's sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  // No calls home: the tests must not depend on (or wait for) the network.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Whether Chromium is installed. Call at module top level to feed `describe.skipIf`; warns loudly
 * when it is not, and throws instead under REQUIRE_SERVICES=1.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`Chromium is required (REQUIRE_SERVICES=1) but ${CHROMIUM_PATH} does not exist`);
  }
  console.warn(
    `\n!!! Browser tests will be SKIPPED: ${CHROMIUM_PATH} does not exist.\n!!! Install it (apt-get install -y chromium); REQUIRE_SERVICES=1 makes this fatal.\n`,
  );
  return false;
}

/** Launches headless Chromium, or returns null (with a loud warning) when it is not installed. */
export async function launchChromium(): Promise<Browser | null> {
  if (!chromiumAvailable()) return null;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

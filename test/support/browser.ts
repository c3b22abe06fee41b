import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web';
import { CHROMIUM_FLAGS } from '../../scripts/kit/chromium-flags';

/**
 * Browser tests drive Debian's Chromium (`apt-get install -y chromium`) with playwright-core: no
 * browser is downloaded. `npm test` installs the package when it is missing and it runs as root on
 * Debian; where Chromium still is not there, the browser suites are skipped with a message.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(CHROMIUM_PATH);
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

export const describeBrowser: jest.Describe = browserAvailable
  ? describe
  : (((name: string, fn: () => void) => {
      console.warn(
        `browser tests skipped: no Chromium at ${CHROMIUM_PATH}. Install it with ` +
          '`apt-get update && apt-get install -y chromium` (as root), or set CHROMIUM_PATH.',
      );
      describe.skip(name, fn);
    }) as unknown as jest.Describe);

const FLAGS = [...CHROMIUM_FLAGS, '--disable-dev-shm-usage'];

/** Builds the web bundle (well under a second) and starts a headless Chromium with a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  await buildWeb({ quiet: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/** A screenshot under test/artifacts/ (gitignored), for a person to look at. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

/** Nothing wider than the viewport: a phone never scrolls sideways (wide tables scroll inside their box). */
export async function pageWidthOverflow(page: Page): Promise<number> {
  // A string, evaluated in the page: this file is type-checked without the DOM library.
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * A real headless browser for page tests: Debian's Chromium (`/usr/bin/chromium`, or
 * `CHROMIUM_PATH`) driven by Playwright's `playwright-core` (which never downloads a browser).
 * `.ci/run` installs the `chromium` package when it is missing.
 *
 * The flags keep Chromium off the network it would otherwise call at start (Google's update,
 * sync and component services), which this machine's closed network refuses.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Where screenshots of page states are kept (a test artifact; git-ignored). */
export const BROWSER_ARTIFACTS_DIR = path.resolve("test/browser-artifacts");

/** Saves a full-page screenshot named after the page state, e.g. `invitation-expired`. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(BROWSER_ARTIFACTS_DIR, { recursive: true });
  const file = path.join(BROWSER_ARTIFACTS_DIR, `${name.replace(/[^a-z0-9-]+/gi, "-")}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

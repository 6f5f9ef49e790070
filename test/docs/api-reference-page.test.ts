import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiReferenceBundleFile } from "../../server/docs/api-reference-bundle.ts";
import type { RunningService } from "../../server/service.ts";
import { keepScreenshot, launchChromium } from "../support/chromium.ts";
import { startDocumentedService } from "./served-openapi.ts";

/**
 * Issue 12: /docs was blank offline (it loaded Scalar from a CDN). The page and everything it
 * loads now come from the service: a real browser whose every request to another host is refused
 * renders the operations.
 */
let service: RunningService;
let browser: Browser;

beforeAll(async () => {
  service = await startDocumentedService();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

async function scriptPath(): Promise<string> {
  const html = await (await fetch(`${service.url}/docs`)).text();
  return html.match(/<script src="([^"]+)"/)![1]!;
}

describe("GET /docs", () => {
  it("references no other host: its script is served here under a content-hashed name", async () => {
    const res = await fetch(`${service.url}/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain("cdn.jsdelivr.net");
    expect(await scriptPath()).toMatch(/^\/docs\/assets\/scalar-api-reference\.[0-9a-f]{16}\.js$/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("sends /docs/ (the folder form people type) to the page", async () => {
    const res = await fetch(`${service.url}/docs/`, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe("/docs");
  });

  it("serves the installed bundle for a year (immutable), gzipped when asked, and nothing else under /docs/assets", async () => {
    const file = readFileSync(apiReferenceBundleFile());
    const assetPath = await scriptPath();
    expect(assetPath).toContain(createHash("sha256").update(file).digest("hex").slice(0, 16));

    const plain = await fetch(`${service.url}${assetPath}`, { headers: { "accept-encoding": "identity" } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(await plain.arrayBuffer()).equals(file)).toBe(true);

    // fetch() decodes the gzip itself: the bytes are the file again, the length on the wire is not.
    const gzipped = await fetch(`${service.url}${assetPath}`, { headers: { "accept-encoding": "gzip" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(Number(gzipped.headers.get("content-length"))).toBeLessThan(file.length / 2);
    expect(Buffer.from(await gzipped.arrayBuffer()).equals(file)).toBe(true);

    for (const other of [
      "/docs/assets/scalar-api-reference.0000000000000000.js",
      "/docs/assets/..%2Fpackage.json",
      "/docs/assets/standalone.js",
    ]) {
      const res = await fetch(`${service.url}${other}`);
      expect(res.status, other).toBe(404);
    }
  });

  it("renders the operations in a browser that may reach no other host", async () => {
    const context = await browser.newContext();
    const refused: string[] = [];
    const local = new URL(service.url).host;
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === "data:" || url.protocol === "blob:" || url.host === local) return route.continue();
      refused.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    try {
      await page.goto(`${service.url}/docs`);
      // The intake (the first tag, open) and, once a reader opens its tag, a destinations operation.
      await page.getByText("Post a lead (LeadConduit-compatible)").first().waitFor({ state: "visible", timeout: 45_000 });
      await page.getByText("Destinations", { exact: true }).first().click(); // the sidebar entry
      await page.getByText("Create a destination (verified before it is saved)").first().waitFor({ state: "visible", timeout: 45_000 });
      await keepScreenshot(page, "api-reference");
      expect(refused, "requests to other hosts").toEqual([]);
      expect(problems, "errors in the page").toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningService } from "../../server/service.ts";
import { servedDocument, startDocumentedService, type OpenApiDocument } from "./served-openapi.ts";

/**
 * Redocly's CLI (a dev dependency) lints the document the running service serves, with the
 * recommended rules and the exceptions in redocly.yaml: no error and no warning. Redocly's
 * telemetry and update check are off; it makes no network request.
 */
const REDOCLY = path.join(path.dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin", "cli.js");
const CONFIG = path.resolve("redocly.yaml");

interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

let service: RunningService;
let doc: OpenApiDocument;
let dir: string;

beforeAll(async () => {
  service = await startDocumentedService();
  doc = await servedDocument(service);
  dir = mkdtempSync(path.join(tmpdir(), "leadrelay-openapi-"));
});

afterAll(async () => {
  await service?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `redocly lint` on the document; the problems it reports, as readable lines. */
async function lint(document: unknown, name: string): Promise<string[]> {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(document, null, 2));
  const run = await promisify(execFile)(process.execPath, [REDOCLY, "lint", file, "--config", CONFIG, "--format", "json"], {
    cwd: dir,
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? "", stderr: error.stderr ?? "" }));
  const report = JSON.parse(run.stdout) as { problems: LintProblem[] };
  return report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
}

describe("redocly lint of the served /openapi.json", () => {
  it("finds no error and no warning", async () => {
    expect(await lint(doc, "openapi.json")).toEqual([]);
  }, 60_000);

  it("does fail a document that breaks a rule (an operation without security)", async () => {
    const broken = structuredClone(doc);
    delete broken.paths["/health"]!.get!.security;
    const problems = await lint(broken, "broken.json");
    expect(problems).toContainEqual(expect.stringMatching(/^error security-defined at #\/paths\/~1health\/get/));
  }, 60_000);
});

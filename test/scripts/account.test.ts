import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { spawnTs } from "../support/child-process.ts";
import { TEST_DATABASE_URL } from "../support/env.ts";
import { uniqueDomain } from "../support/seed-account.ts";
import { testConfig } from "../support/test-config.ts";

let service: RunningService;

beforeAll(async () => {
  service = await startService(testConfig({ RUN_WORKERS: "false" }), createLogger("silent"));
});

afterAll(async () => {
  await service?.close();
});

async function account(...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawnTs("scripts/account.ts", { DATABASE_URL: TEST_DATABASE_URL, PUBLIC_URL: service.url }, [], args);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, output: child.output() };
}

describe("npm run account -- create", () => {
  it("creates a seller account whose key invites a buyer at once, printing the JSON last; the same again is a duplicate", async () => {
    const email = `Sal@${uniqueDomain("cli-seller")}`;
    const created = await account("create", "--name", "CLI Seller", "--email", email);
    expect(created.code, created.output).toBe(0);
    const printed = JSON.parse(created.output.trim().split("\n").at(-1)!) as Record<string, string>;
    expect(printed).toMatchObject({ name: "CLI Seller", plan: "partner", admin_email: email.toLowerCase() });
    expect(created.output).toContain(`Created the partner account "CLI Seller" (${printed.account_id})`);
    expect(created.output.indexOf(printed.account_api_key!)).toBe(created.output.lastIndexOf(printed.account_api_key!));

    const headers = { authorization: `Bearer ${printed.account_api_key}`, "content-type": "application/json" };
    const me = (await (await fetch(`${service.url}/accounts/me`, { headers })).json()) as { id: string; plan: string };
    expect(me).toMatchObject({ id: printed.account_id, plan: "partner" });
    const invited = await fetch(`${service.url}/invitations`, {
      method: "POST",
      headers,
      body: JSON.stringify({ email: `bo@${uniqueDomain("cli-buyer")}` }),
    });
    expect(invited.status).toBe(201);
    const admins = await service.prisma.membership.findMany({ where: { accountId: printed.account_id }, include: { user: true } });
    expect(admins.map((m) => [m.user.email, m.role, m.status])).toEqual([[email.toLowerCase(), "admin", "active"]]);

    const again = await account("create", "--name", "cli seller", "--email", email.toLowerCase(), "--plan", "paid");
    expect(again.code).toBe(1);
    expect(again.output).toContain(`is already an admin of an account named "cli seller" (${printed.account_id})`);
    expect(again.output).not.toContain("lr_acct_");
  }, 120_000); // each run is a tsx process: slow on a loaded machine

  it("--plan paid makes a paid account", async () => {
    const run = await account("create", "--name", "Paid CLI Co", "--email", `pam@${uniqueDomain("cli-paid")}`, "--plan", "paid");
    expect(run.code, run.output).toBe(0);
    expect(JSON.parse(run.output.trim().split("\n").at(-1)!)).toMatchObject({ plan: "paid" });
  }, 120_000);

  it("refuses bad arguments with exit 2, the reason and the usage", async () => {
    const cases: [string[], string][] = [
      [["create", "--email", "a@b.example"], "--name <company> is required"],
      [["create", "--name", "X", "--email", "not-an-email"], "--email must be an email address"],
      [["create", "--name", "X", "--email", "a@b.example", "--plan", "gold"], "--plan is paid"],
      [["create", "--name", "   ", "--email", "a@b.example"], "--name must not be empty"],
      [["make", "--name", "X", "--email", "a@b.example"], 'unknown command "make"'],
      [["create", "--nme", "X"], "Unknown option '--nme'"],
      [[], "a command is required"],
    ];
    const runs = await Promise.all(cases.map(([args]) => account(...args)));
    runs.forEach((run, i) => {
      expect(run.code, cases[i]![1]).toBe(2);
      expect(run.output).toContain(cases[i]![1]);
      expect(run.output).toContain("Usage: npm run account -- create");
    });
  }, 120_000);
});
